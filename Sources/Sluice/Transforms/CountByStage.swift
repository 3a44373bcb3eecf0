/// `count-by [LIST]`: counts records by key (the whole record, or the fields
/// of a list joined by a TAB) and at the end passes on one `COUNT<TAB>KEY`
/// record per key, highest count first, equal counts by key bytewise.
///
/// Memory grows with the number of distinct keys (see ``KeyCounts``); a key
/// already seen costs no allocation.
public final class CountByStage: Stage {
  private let next: any Stage
  /// Keys and counts in one stored property, so that a record costs one
  /// dynamic exclusivity check, not one per property.
  private var state: State
  /// The counts so far.
  public var counts: KeyCounts { state.counts }

  private struct State {
    var keys: KeyExtractor
    var counts = KeyCounts()

    mutating func take(_ record: Record) {
      keys.withKey(of: record, updating: &counts) { $0.add($1) }
    }
  }

  /// Creates a stage counting the keys `selector` selects (whole records when
  /// it is `nil`) and passing the report to `next`.
  public init(_ selector: FieldSelector? = nil, next: any Stage) {
    state = State(keys: KeyExtractor(selector))
    self.next = next
  }

  /// Adds counts made elsewhere (another thread, another part of the input).
  public func add(_ other: KeyCounts) { state.counts.merge(other) }

  /// Counts the record's key; passes nothing on before ``finish()``.
  public func process(_ record: Record) throws -> Flow {
    state.take(record)
    return .more
  }

  /// Passes on the report, stopping early if `next` wants no more, then
  /// finishes `next`.
  public func finish() throws {
    var line = RecordBuilder(capacity: 256)
    try state.counts.forEachSorted { key, count in
      KeyedOutput.build(count: count, key, in: &line)
      return try next.process(line.finish())
    }
    try next.finish()
  }
}
