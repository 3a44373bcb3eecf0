/// The state of `count`: how many records have been seen.
///
/// Counting LF-terminated records needs no framing: each LF ends one, and a
/// non-empty input whose last byte is not LF has one more. Counts from
/// different inputs or threads combine with ``merge(_:)``.
public struct RecordCount: Equatable, Sendable {
  /// The number of records counted.
  public private(set) var value: Int = 0

  /// Creates an empty count.
  public init() {}

  /// Counts one record.
  public mutating func add() { value += 1 }

  /// Adds another count to this one.
  public mutating func merge(_ other: RecordCount) { value += other.value }

  /// Counts the records of one input from its decoded bytes, block by block,
  /// without holding any record.
  public struct TerminatorCounter {
    private let terminator: UInt8
    private var terminators = 0
    private var lastByte: UInt8?

    /// Creates a counter for records ending at `terminator`.
    public init(terminator: UInt8 = 0x0A) { self.terminator = terminator }

    /// Counts the terminators in the next block of the input.
    public mutating func add(_ block: UnsafeRawBufferPointer) {
      guard let last = block.last else { return }
      terminators += countOccurrences(of: terminator, in: block)
      lastByte = last
    }

    /// The records of the input so far, counting an unterminated last one.
    public var count: RecordCount {
      var count = RecordCount()
      count.value = terminators + (lastByte.map { $0 == terminator ? 0 : 1 } ?? 0)
      return count
    }
  }
}
