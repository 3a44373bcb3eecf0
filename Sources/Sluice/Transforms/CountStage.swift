/// `count`: passes nothing on until the end, then one record holding the
/// number of records it took.
public final class CountStage: Stage {
  private let next: any Stage
  /// The records counted so far.
  public private(set) var count = RecordCount()

  /// Creates a count that passes its result to `next`.
  public init(next: any Stage) { self.next = next }

  /// Adds records counted elsewhere (another thread, another input's
  /// terminator count).
  public func add(_ other: RecordCount) { count.merge(other) }

  /// Counts the record; passes nothing on before ``finish()``.
  public func process(_ record: Record) throws -> Flow {
    count.add()
    return .more
  }

  /// Passes on one record holding the count in decimal, then finishes the
  /// next stage.
  public func finish() throws {
    var builder = RecordBuilder(capacity: 32)
    builder.append(String(count.value))
    _ = try next.process(builder.finish())
    try next.finish()
  }
}
