/// How a program is divided for a run that reads several inputs at once: the
/// stages every worker runs on its own inputs, and the stages the main thread
/// runs over the combined results, in input order.
///
/// The workers take the longest prefix of record-by-record stages
/// (``StageParallelism/perRecord``). What follows it decides the rest:
///
/// - nothing: the workers produce the program's output;
/// - an aggregate (``StageParallelism/mergeable``): each worker also runs an
///   instance of it on each of its inputs, the main thread merges the
///   states in input order and runs the stages after it;
/// - `distinct` (``StageParallelism/firstOccurrence``): each worker drops
///   the repeats within an input, and the main thread runs `distinct` and
///   what follows over the records the workers pass on;
/// - an order-dependent stage: the main thread runs it and what follows
///   over the records the workers pass on.
struct ProgramSplit: Sendable {
  /// What comes right after the workers' prefix.
  enum Boundary: Sendable, Equatable {
    /// The prefix is the whole program.
    case end
    /// The aggregate at this index (workers and main thread each have one).
    case aggregate(Int)
    /// The `distinct` at this index (workers and main thread each have one).
    case firstOccurrence(Int)
    /// The order-dependent stage at this index (the main thread's first).
    case ordered(Int)
  }

  /// The record-by-record stages every worker runs, from the first.
  let prefix: Range<Int>
  /// What follows the prefix.
  let boundary: Boundary
  /// The names of the program's stages.
  private let names: [String]

  init(_ program: Program) {
    names = program.stageNames
    let roles = program.parallelism
    let end = roles.firstIndex { !$0.isRecordByRecord } ?? roles.count
    prefix = 0..<end
    prefixStartsAfreshPerInput = roles[0..<end].contains(.perInput)
    if end == roles.count {
      boundary = .end
    } else {
      switch roles[end] {
      case .mergeable: boundary = .aggregate(end)
      case .firstOccurrence: boundary = .firstOccurrence(end)
      case .perRecord, .perInput, .ordered: boundary = .ordered(end)
      }
    }
    pieceSeparator = Self.pieceSeparator(
      program, boundary: boundary, prefixStartsAfresh: prefixStartsAfreshPerInput)
  }

  /// The byte that ends records, when workers may each read a piece of one
  /// input (cut just after that byte) and the run still gives exactly what
  /// reading it whole gives; `nil` when they may not.
  ///
  /// Records must be separated by a byte (lines, or `lines -z`): other
  /// framings cannot find a record's start from the middle of an input. No
  /// stage of the prefix may carry something from record to record
  /// (``prefixStartsAfreshPerInput``: `since`, `until`), and an aggregate
  /// after it must merge exactly and carry nothing within an input (`count`,
  /// `count-by`; not `sum`, `stats`, `timeline`), since one state per piece
  /// is not one per input.
  let pieceSeparator: UInt8?

  private static func pieceSeparator(
    _ program: Program, boundary: Boundary, prefixStartsAfresh: Bool
  ) -> UInt8? {
    guard !prefixStartsAfresh else { return nil }
    if case .aggregate(let index) = boundary {
      let kind = type(
        of: program.makeAggregate(at: index, next: DiscardStage(), late: LateRecords()))
      guard kind.mergeIsExact && !kind.carriesStatePerInput else { return nil }
    }
    guard let framing = program.framing else { return 0x0A }
    if case .separated(let separator, _) = framing.kind { return separator }
    return nil
  }

  /// The stages each worker runs on an input, from the first: the prefix,
  /// plus the aggregate or `distinct` that follows it.
  var workerStages: Range<Int> {
    switch boundary {
    case .end, .ordered: prefix
    case .aggregate(let index), .firstOccurrence(let index): 0..<(index + 1)
    }
  }

  /// The stages the main thread builds, from the first: the aggregate (which
  /// takes the workers' states) and what follows it; `distinct` or the
  /// order-dependent stage and what follows it; none when the workers
  /// produce the output.
  var mainStages: Range<Int> {
    switch boundary {
    case .end: names.count..<names.count
    case .aggregate(let index), .firstOccurrence(let index), .ordered(let index):
      index..<names.count
    }
  }

  /// Whether workers would do more than frame records and hand them on: a
  /// program whose first stage (after any `cat`) depends on the order of all
  /// records gains little from reading inputs in parallel, and runs on one
  /// thread.
  var hasParallelWork: Bool {
    guard case .ordered = boundary else { return true }
    return names[prefix].contains { $0 != "cat" }
  }

  /// Whether the workers write the program's output (formatted as the output
  /// stage would) rather than pass records to the main thread.
  var workersWriteOutput: Bool { boundary == .end }

  /// Whether a stage of the prefix needs a fresh instance for each input
  /// (``StageParallelism/perInput``).
  let prefixStartsAfreshPerInput: Bool

  /// The index of the aggregate whose per-input states are merged, if any.
  var mergedAggregate: Int? {
    if case .aggregate(let index) = boundary { return index }
    return nil
  }
}
