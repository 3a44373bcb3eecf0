/// The key of a record for `count-by` and `distinct`: the whole record, one
/// field, or several fields joined by a TAB. Getting a key allocates nothing
/// once the buffers have grown to the widest record: the whole record and a
/// single field are views into the record; joined fields are copied into one
/// reused buffer.
struct KeyExtractor {
  private enum Shape {
    case record
    case field
    case joined
  }

  private let shape: Shape
  private var selector: FieldSelector?
  private var builder = RecordBuilder(capacity: 256)
  private let separator: [UInt8] = [0x09]

  /// Keys made of the fields `selector` selects, or whole records when it is
  /// `nil`.
  init(_ selector: FieldSelector?) {
    self.selector = selector
    switch selector?.list.items {
    case nil: shape = .record
    case let items? where items.count == 1:
      if case .field = items[0] { shape = .field } else { shape = .joined }
    default: shape = .joined
    }
  }

  /// Calls `body` with `target` and the key of `record` (a view valid only
  /// inside `body`). `target` is passed through so that the state the key
  /// goes to can sit next to the extractor in one struct.
  @inline(__always)
  mutating func withKey<Target, Result>(
    of record: Record, updating target: inout Target,
    _ body: (inout Target, UnsafeRawBufferPointer) throws -> Result
  ) rethrows -> Result {
    switch shape {
    case .record:
      return try record.withUnsafeBytes { try body(&target, $0) }
    case .field:
      // A `.field` item yields exactly one field (empty when missing).
      var result: Result?
      try selector!.forEachField(of: record) { result = try body(&target, $0) }
      return result!
    case .joined:
      builder.reset()
      selector!.append(record, joinedBy: separator, to: &builder)
      return try builder.finish().withUnsafeBytes { try body(&target, $0) }
    }
  }
}

/// Writes the lines of the keyed stages.
enum KeyedOutput {
  /// Sets `builder` to `count`, a TAB, then `bytes`: a `COUNT<TAB>KEY` line.
  static func build(
    count: Int, _ bytes: UnsafeRawBufferPointer, in builder: inout RecordBuilder
  ) {
    builder.reset()
    // The count and the TAB go in as one piece: each append reads the
    // builder's storage, a class property.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
      var position = text.count - 1
      text[position] = UInt8(ascii: "\t")
      var rest = count.magnitude
      repeat {
        position -= 1
        text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      } while rest > 0
      if count < 0 {
        position -= 1
        text[position] = UInt8(ascii: "-")
      }
      builder.append(
        UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: text[position...])))
    }
    builder.append(bytes)
  }
}
