/// The state of an aggregate stage, as handed from the instance that built it
/// (a worker's, over one input) to the one that merges it.
enum AggregateState: Sendable {
  case count(RecordCount)
  case counts(KeyCounts)
  case sums(ColumnSums)
  case summary(NumericSummary)
  case timeline(TimelineCounts)
}

/// An aggregate stage whose states, built by separate instances over
/// separate inputs, merge into one instance (the stages declared
/// ``StageParallelism/mergeable``).
protocol MergeableAggregate: Stage {
  /// Whether merging states gives exactly what one instance taking all the
  /// records gives. Integer counts do; a sum of decimals can differ in its
  /// last digit, so `sum` and `stats` always merge per-input states in input
  /// order, on one thread as with several, and the result does not depend on
  /// `-j`.
  static var mergeIsExact: Bool { get }
  /// Whether an instance carries something from record to record that must
  /// start afresh with each input (`timeline`'s last time seen), so that a
  /// run on one thread also keeps a state per input.
  static var carriesStatePerInput: Bool { get }
  /// The state built so far.
  var aggregateState: AggregateState { get }
  /// Adds a state built by another instance of the same stage.
  func merge(_ state: AggregateState)
}

extension MergeableAggregate {
  static var carriesStatePerInput: Bool { false }
}

extension CountStage: MergeableAggregate {
  static var mergeIsExact: Bool { true }
  var aggregateState: AggregateState { .count(count) }
  func merge(_ state: AggregateState) {
    guard case .count(let other) = state else { preconditionFailure("not a count: \(state)") }
    add(other)
  }
}

extension CountByStage: MergeableAggregate {
  static var mergeIsExact: Bool { true }
  var aggregateState: AggregateState { .counts(counts) }
  func merge(_ state: AggregateState) {
    guard case .counts(let other) = state else { preconditionFailure("not counts: \(state)") }
    add(other)
  }
}

extension SumStage: MergeableAggregate {
  static var mergeIsExact: Bool { false }
  var aggregateState: AggregateState { .sums(sums) }
  func merge(_ state: AggregateState) {
    guard case .sums(let other) = state else { preconditionFailure("not sums: \(state)") }
    add(other)
  }
}

extension StatsStage: MergeableAggregate {
  static var mergeIsExact: Bool { false }
  var aggregateState: AggregateState { .summary(summary) }
  func merge(_ state: AggregateState) {
    guard case .summary(let other) = state else { preconditionFailure("not a summary: \(state)") }
    add(other)
  }
}

extension TimelineStage: MergeableAggregate {
  static var mergeIsExact: Bool { true }
  static var carriesStatePerInput: Bool { true }
  var aggregateState: AggregateState { .timeline(counts) }
  func merge(_ state: AggregateState) {
    guard case .timeline(let other) = state else { preconditionFailure("not a timeline: \(state)") }
    add(other)
  }
}

extension Program {
  /// A fresh instance of the aggregate at `index`, passing its result to
  /// `next` (through a guard reporting to `late`).
  func makeAggregate(at index: Int, next: any Stage, late: LateRecords) -> any MergeableAggregate {
    guard
      let aggregate = makeChain(stages: index..<(index + 1), ending: next, late: late)
        as? any MergeableAggregate
    else { preconditionFailure("\(stageNames[index]) is declared mergeable but is not") }
    return aggregate
  }
}

/// The end of a chain whose records nobody wants: the `next` of a worker's
/// aggregate, whose state is taken rather than its output.
final class DiscardStage: Stage {
  func process(_ record: Record) throws -> Flow { .stop }
  func finish() throws {}
}

/// An aggregate that keeps one state per input and merges each into the
/// total when its input ends (in input order): what a single-threaded run
/// does for aggregates whose merge is not exact (see
/// ``MergeableAggregate/mergeIsExact``) or that carry state from record to
/// record (``MergeableAggregate/carriesStatePerInput``), so that it gives
/// the very result a parallel run gives.
final class PerInputAggregate: Stage {
  private let total: any MergeableAggregate
  private let makePart: () -> any MergeableAggregate
  private var part: any MergeableAggregate
  private var partIsEmpty = true

  /// Merges into `total` the states of fresh instances from `makePart`.
  init(total: any MergeableAggregate, makePart: @escaping () -> any MergeableAggregate) {
    self.total = total
    self.makePart = makePart
    part = makePart()
  }

  func process(_ record: Record) throws -> Flow {
    partIsEmpty = false
    return try part.process(record)
  }

  /// Merges the current input's state into the total and starts afresh.
  func endOfInput() {
    guard !partIsEmpty else { return }
    total.merge(part.aggregateState)
    part = makePart()
    partIsEmpty = true
  }

  func finish() throws {
    endOfInput()
    try total.finish()
  }
}
