/// Finds the fields of a record: awk-style runs of blanks by default, or each
/// occurrence of a delimiter.
///
/// The field positions are kept in an array that is reused from one record to
/// the next, so splitting allocates nothing once it has seen the widest
/// record.
public struct FieldSplitter {
  /// How fields are separated.
  public enum Delimiter: Equatable, Sendable {
    /// Runs of spaces and tabs; blanks at the start and end are ignored (awk's
    /// default).
    case blanks
    /// Each occurrence of these bytes; empty fields are kept (`a,,b` has three
    /// fields).
    case bytes([UInt8])
  }

  private let delimiter: Delimiter
  /// The fields of the last record split, as offsets into it.
  public private(set) var fields: [Range<Int>] = []

  /// Creates a splitter for `delimiter`.
  public init(_ delimiter: Delimiter = .blanks) {
    precondition(delimiter != .bytes([]), "an empty delimiter")
    self.delimiter = delimiter
    fields.reserveCapacity(32)
  }

  /// Splits `bytes` into ``fields``, stopping after `limit` fields when given
  /// (the rest of the record is then not looked at).
  public mutating func split(_ bytes: UnsafeRawBufferPointer, limit: Int? = nil) {
    fields.removeAll(keepingCapacity: true)
    let limit = limit ?? Int.max
    switch delimiter {
    case .blanks: splitAtBlanks(bytes, limit: limit)
    case .bytes(let separator) where separator.count == 1:
      splitAtByte(separator[0], in: bytes, limit: limit)
    case .bytes(let separator): splitAtSequence(separator, in: bytes, limit: limit)
    }
  }

  private mutating func splitAtBlanks(_ bytes: UnsafeRawBufferPointer, limit: Int) {
    var position = 0
    let count = bytes.count
    while position < count && fields.count < limit {
      while position < count && Self.isBlank(bytes[position]) { position += 1 }
      guard position < count else { break }
      let start = position
      while position < count && !Self.isBlank(bytes[position]) { position += 1 }
      fields.append(start..<position)
    }
  }

  private mutating func splitAtByte(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, limit: Int) {
    var start = 0
    for position in 0..<bytes.count where bytes[position] == byte {
      fields.append(start..<position)
      start = position + 1
      if fields.count == limit { return }
    }
    fields.append(start..<bytes.count)
  }

  private mutating func splitAtSequence(
    _ separator: [UInt8], in bytes: UnsafeRawBufferPointer, limit: Int
  ) {
    var start = 0
    var position = 0
    while position + separator.count <= bytes.count {
      if bytes[position] == separator[0]
        && separator.indices.allSatisfy({ bytes[position + $0] == separator[$0] })
      {
        fields.append(start..<position)
        position += separator.count
        start = position
        if fields.count == limit { return }
      } else {
        position += 1
      }
    }
    fields.append(start..<bytes.count)
  }

  @inline(__always)
  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
