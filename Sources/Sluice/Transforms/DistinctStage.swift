/// `distinct [LIST]`: passes on the first record with each key (the whole
/// record, or the fields of a list joined by a TAB), in input order, and drops
/// the later ones. The record passed on is the whole record, whatever the key.
///
/// Memory grows with the number of distinct keys (see ``KeySet``); a key
/// already seen costs no allocation.
public final class DistinctStage: Stage {
  private let next: any Stage
  /// Keys and set in one stored property, so that a record costs one dynamic
  /// exclusivity check, not one per property.
  private var state: State
  /// The keys seen so far.
  public var seen: KeySet { state.seen }

  private struct State {
    var keys: KeyExtractor
    var seen = KeySet()

    mutating func isNew(_ record: Record) -> Bool {
      keys.withKey(of: record, updating: &seen) { $0.insert($1) }
    }
  }

  /// Creates a stage keyed by the fields `selector` selects (whole records
  /// when it is `nil`) that passes first occurrences to `next`.
  public init(_ selector: FieldSelector? = nil, next: any Stage) {
    state = State(keys: KeyExtractor(selector))
    self.next = next
  }

  /// Passes the record on when its key was not seen before, and drops it
  /// otherwise.
  public func process(_ record: Record) throws -> Flow {
    state.isNew(record) ? try next.process(record) : .more
  }

  /// Finishes the next stage: distinct holds nothing back.
  public func finish() throws { try next.finish() }
}
