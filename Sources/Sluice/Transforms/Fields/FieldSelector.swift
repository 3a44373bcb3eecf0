/// Takes the fields of a ``FieldList`` out of records: the shared step of
/// `fields`, the keys of `count-by` and `distinct`, and the numbers of `sum`
/// and `stats`.
public struct FieldSelector {
  /// The fields taken.
  public let list: FieldList
  private var splitter: FieldSplitter
  private let limit: Int?

  /// Creates a selector of `list`, with fields separated as `delimiter` says.
  public init(_ list: FieldList, delimiter: FieldSplitter.Delimiter = .blanks) {
    self.list = list
    splitter = FieldSplitter(delimiter)
    limit = list.highestField
  }

  /// Calls `body` with each selected field of `record`, in list order; a field
  /// the record does not have is passed as empty (an open range such as `3-`
  /// stops at the record's last field).
  public mutating func forEachField(
    of record: Record, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    try record.withUnsafeBytes { bytes in
      splitter.split(bytes, limit: limit)
      let fields = splitter.fields
      let empty = UnsafeRawBufferPointer(rebasing: bytes[0..<0])
      func field(_ number: Int) -> UnsafeRawBufferPointer {
        let index = number > 0 ? number - 1 : fields.count + number
        guard fields.indices.contains(index) else { return empty }
        return UnsafeRawBufferPointer(rebasing: bytes[fields[index]])
      }
      for item in list.items {
        switch item {
        case .field(let number):
          try body(field(number))
        case .range(let from, let to?):
          // A closed range is a list of fields: missing ones are empty.
          for number in from...to { try body(field(number)) }
        case .range(let from, nil):
          guard from <= fields.count else { continue }
          for number in from...fields.count { try body(field(number)) }
        }
      }
    }
  }

  /// Appends the selected fields of `record` to `builder`, joined by
  /// `separator`.
  public mutating func append(
    _ record: Record, joinedBy separator: [UInt8], to builder: inout RecordBuilder
  ) {
    var first = true
    forEachField(of: record) { field in
      if !first { separator.withUnsafeBytes { builder.append($0) } }
      builder.append(field)
      first = false
    }
  }
}
