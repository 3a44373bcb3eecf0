/// Reads the numbers of the selected fields of each record, for `sum` and
/// `stats`: all of them or none, so that a record with a bad field adds
/// nothing when it is skipped.
///
/// Spaces and tabs around a number are ignored (they matter with `-d`:
/// `1, 2`). A field named on its own (`3`, `-1`) and every field of a closed
/// range (`2-4`) must be there; an open range (`3-`) takes the fields the
/// record has. (In a list that has an open range, a short closed range is
/// only noticed when the record gives fewer numbers than the closed part of
/// the list names.) A record whose fields are not all numbers is a
/// ``RecordProblem`` naming the first bad field.
struct NumberFields {
  /// The stage name for problems.
  let stage: String
  let list: FieldList
  let delimiter: FieldSplitter.Delimiter
  /// How many numbers every record gives when the list has no open range.
  let fixedCount: Int?
  /// How many numbers every good record gives at least.
  let minimumCount: Int
  /// The numbers of the last record read, in list order, are the first
  /// ``count`` of these (the array is reused from record to record).
  private(set) var numbers: [Number] = []
  /// How many numbers the last record gave.
  private(set) var count = 0
  private var selector: FieldSelector

  init(stage: String, list: FieldList, delimiter: FieldSplitter.Delimiter) {
    self.stage = stage
    self.list = list
    self.delimiter = delimiter
    selector = FieldSelector(list, delimiter: delimiter)
    var fixed = 0
    var isOpen = false
    for item in list.items {
      switch item {
      case .field: fixed += 1
      case .range(let from, let to?): fixed += to - from + 1
      case .range(_, nil): isOpen = true
      }
    }
    fixedCount = isOpen ? nil : fixed
    minimumCount = fixed
    numbers.reserveCapacity(min(max(fixed, 8), 1024))
  }

  /// Reads the numbers of `record` into ``numbers``.
  ///
  /// - Throws: a ``RecordProblem`` when a field is missing, empty or not a
  ///   number; ``numbers`` then holds no complete record and must not be
  ///   used.
  mutating func read(_ record: Record) throws(RecordProblem) {
    var numbers: [Number] = []
    swap(&numbers, &self.numbers)
    var count = 0
    var valid = true
    selector.forEachField(of: record) { field in
      guard valid, let number = NumberParser.parse(Self.trimmed(field)) else {
        valid = false
        return
      }
      if count < numbers.count { numbers[count] = number } else { numbers.append(number) }
      count += 1
    }
    swap(&numbers, &self.numbers)
    self.count = count
    guard valid, count == fixedCount ?? count, count >= minimumCount else {
      throw RecordProblem(.notANumber, stage: stage, detail: problem(in: record))
    }
  }

  /// What is wrong with `record`: the first field in list order that is
  /// missing, empty or not a number. Only for records `read` refused, so it
  /// may take its time: it splits the whole record again.
  private func problem(in record: Record) -> String {
    var splitter = FieldSplitter(delimiter)
    return record.withUnsafeBytes { bytes in
      splitter.split(bytes)
      let fields = splitter.fields
      func check(_ number: Int, as written: Int) -> String? {
        guard number >= 1 && number <= fields.count else { return "field \(written) is missing" }
        let field = Self.trimmed(UnsafeRawBufferPointer(rebasing: bytes[fields[number - 1]]))
        if field.isEmpty { return "field \(number) is empty" }
        if NumberParser.parse(field) == nil { return "field \(number) is \(Self.quoted(field))" }
        return nil
      }
      for item in list.items {
        switch item {
        case .field(let number):
          let position = number > 0 ? number : fields.count + number + 1
          if let problem = check(position, as: number) { return problem }
        case .range(let from, let to):
          let last = to ?? fields.count
          guard from <= last else { continue }
          for number in from...last {
            if let problem = check(number, as: number) { return problem }
          }
        }
      }
      return "a field is missing"
    }
  }

  /// `field` without the spaces and tabs around it.
  static func trimmed(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var start = 0
    var end = field.count
    while start < end && (field[start] == 0x20 || field[start] == 0x09) { start += 1 }
    while end > start && (field[end - 1] == 0x20 || field[end - 1] == 0x09) { end -= 1 }
    return UnsafeRawBufferPointer(rebasing: field[start..<end])
  }

  /// The first 40 bytes of `field` in double quotes, with quotes,
  /// backslashes, control characters and invalid UTF-8 escaped, and `...`
  /// plus the length when it is longer.
  static func quoted(_ field: UnsafeRawBufferPointer) -> String {
    let limit = 40
    var shown = min(field.count, limit)
    // Do not cut a UTF-8 sequence.
    while shown < field.count && shown > 0 && field[shown] & 0xC0 == 0x80 { shown -= 1 }
    var text = "\""
    var parser = Unicode.UTF8.ForwardParser()
    var bytes = field[0..<shown].makeIterator()
    var position = 0
    parsing: while true {
      switch parser.parseScalar(from: &bytes) {
      case .valid(let encoded):
        position += encoded.count
        let scalar = Unicode.UTF8.decode(encoded)
        switch scalar {
        case "\"": text += "\\\""
        case "\\": text += "\\\\"
        case "\t": text += "\\t"
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        default:
          if scalar.properties.generalCategory == .control {
            text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
          } else {
            text.unicodeScalars.append(scalar)
          }
        }
      case .error(let length):
        for offset in position..<(position + length) {
          let hex = String(field[offset], radix: 16, uppercase: true)
          text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
        position += length
      case .emptyInput:
        break parsing
      }
    }
    text += "\""
    if shown < field.count { text += "... (\(field.count) bytes)" }
    return text
  }
}
