extension StageDefinition {
  /// The field stages, in the order `sluice help` lists them.
  static let fieldStages: [StageDefinition] = [.fields]

  /// `fields [-d DELIM] [-o SEP] LIST`
  static let fields = StageDefinition(
    name: "fields", synopsis: "fields [-d DELIM] [-o SEP] LIST",
    summary: "Keep only the fields in LIST, joined by a TAB.",
    details: """
      Fields are separated by runs of blanks (spaces and tabs; blanks at the start and \
      end are ignored, as in awk), or by each occurrence of DELIM with -d (empty fields \
      kept, as in cut). LIST is field numbers from 1, ranges and negative numbers \
      counting from the end: 7, 1,4, 2-5, 3-, -1 (the last field), up to 65536. Fields \
      are written in LIST order, joined by a TAB or by SEP with -o; a field a record \
      lacks is empty.
      """,
    examples: ["'fields 7' access.log", "'fields -d , -o \" \" 2,-1' data.csv"],
    parallelism: .perRecord
  ) { arguments throws(SluiceError) in
    let delimiter = try arguments.delimiter()
    let separator = try arguments.value("-o").map { arguments.unescaped($0.text) } ?? [0x09]
    let list = try arguments.fieldList(try arguments.required("field list (e.g. 7 or 1,4)"))
    return .stage { next in
      FieldsStage(FieldSelector(list, delimiter: delimiter), joinedBy: separator, next: next)
    }
  }
}

extension StageArguments {
  /// The field delimiter given with `-d` (blanks when absent).
  public mutating func delimiter() throws(SluiceError) -> FieldSplitter.Delimiter {
    guard let word = try value("-d", "--delimiter") else { return .blanks }
    let bytes = unescaped(word.text)
    guard !bytes.isEmpty else { throw error("the delimiter cannot be empty", at: word) }
    return .bytes(bytes)
  }

  /// Parses a field list such as `1,4` or `3-`.
  public func fieldList(_ word: ProgramWord) throws(SluiceError) -> FieldList {
    do {
      return try FieldList(parsing: word.text)
    } catch {
      throw self.error(error.description, at: word)
    }
  }

  /// The bytes of `text` with `\t`, `\n`, `\0` and `\\` escapes resolved.
  public func unescaped(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var escaped = false
    for byte in text.utf8 {
      if escaped {
        bytes.append(["t": 9, "n": 10, "0": 0, "r": 13][Character(UnicodeScalar(byte))] ?? byte)
        escaped = false
      } else if byte == UInt8(ascii: "\\") {
        escaped = true
      } else {
        bytes.append(byte)
      }
    }
    if escaped { bytes.append(UInt8(ascii: "\\")) }
    return bytes
  }
}
