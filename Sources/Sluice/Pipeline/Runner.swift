#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Runs a ``Program`` over an ``Input`` and writes the result to an output.
///
/// Each source is read in turn, or with `jobs` of 2 or more, several sources
/// at once, each on a thread of its own, with the very same output, messages
/// and exit status (see ``StageParallelism`` for how a program is shared
/// out). With fewer sources than jobs, a big plain file is cut into pieces
/// at line ends that the threads share. A program that cannot share out its
/// work, or a single source that cannot be cut, runs on one thread, with
/// compressed input decoded on a second one.
///
/// A source that cannot be opened or is corrupt is reported and the run goes
/// on with the next one; everything decoded from it before the fault has
/// already been processed. A record a stage cannot
/// handle fails the run or is skipped and counted, as the
/// ``RecordErrorPolicy`` says. A write failure ends the run at once; a closed
/// pipe ends it quietly. The exit status is the most severe problem met.
public struct Runner {
  private let program: Program
  private let input: Input
  private let policy: RecordErrorPolicy
  private let diagnostics: Diagnostics
  private let output: Descriptor
  private let encoding: OutputEncoding
  private let jobs: Int
  /// A progress display on the terminal the output also goes to: the output
  /// is written with its line erased first, so the two never mix.
  public var sharedTerminal: ProgressDisplay?
  /// The size of the pieces a big plain file is cut into, so that threads
  /// that would otherwise sit idle share it (see ``InputPart``): large
  /// enough that a piece's fresh stages and merged state cost nothing
  /// measurable, small enough that the threads finish together.
  var pieceSize = 8 << 20

  /// Creates a run of `program` over `input`, reading up to `jobs` sources
  /// at once (at least 1), reporting problems to `diagnostics` and writing
  /// data to `output`, encoded as `encoding` says.
  public init(
    program: Program, input: Input, onError policy: RecordErrorPolicy = .fail, jobs: Int = 1,
    diagnostics: Diagnostics = .standardError, output: Descriptor = .standardOutput,
    encoding: OutputEncoding = .plain
  ) {
    precondition(jobs >= 1, "jobs must be at least 1")
    self.program = program
    self.input = input
    self.policy = policy
    self.jobs = jobs
    self.diagnostics = diagnostics
    self.output = output
    self.encoding = encoding
  }

  /// Runs to the end of the input (or until no more input is wanted) and
  /// returns the exit status.
  public func run() -> ExitStatus {
    let split = ProgramSplit(program)
    let stdinCount = input.sources.count { $0 == .standardInput }
    if jobs >= 2 && stdinCount <= 1 && split.hasParallelWork {
      let parts = InputParts(
        input.sources, jobs: jobs, cuttingAfter: split.pieceSeparator, pieceSize: pieceSize)
      if parts.count >= 2 {
        return ParallelRun(
          program: program, split: split, input: input, parts: parts, policy: policy,
          diagnostics: diagnostics, output: output, encoding: encoding, jobs: jobs,
          sharedTerminal: sharedTerminal
        ).run()
      }
    }
    var input = self.input
    // A thread to spare decodes ahead of the reader.
    if jobs >= 2 { input.options.decodeAhead = true }
    return runOnOneThread(input, split: split)
  }

  private func runOnOneThread(_ input: Input, split: ProgramSplit) -> ExitStatus {
    let sink = OutputSink(descriptor: output, encoding: encoding, sharing: sharedTerminal)
    var input = input
    input.options.onWarning = { [diagnostics] in diagnostics.report($0) }
    let last = OutputStage(
      sink: sink, terminator: program.terminator, blankLineBetween: program.blankLineBetween)
    let late = LateRecords()
    let (chain, perInput, afresh) = makeChain(
      ending: last, split: split, inputs: input.sources.count, late: late)
    var feed = Feed(
      framing: program.framing, stageNames: program.stageNames, chain: chain(),
      copyTo: .sink(sink), options: input.options)
    var cursor = InputCursor(input)
    var index = 0
    return sink.run(reportingTo: diagnostics) { worst, skipped in
      reading: while true {
        do {
          guard let source = try cursor.advance() else { break }
          // A followed log (`tail -f app.log | sluice ...`) shows its
          // records as they come, not a buffer at a time.
          source.whenStalled = { sink.flushWhileWaiting() }
          let flow = try feed.pass(source, index: index, policy: policy, skipped: &skipped)
          if flow == .stop { break reading }
        } catch let error as SluiceError where error.isAboutAnInput {
          diagnostics.report(error)
          worst = max(worst, error.exitStatus)
        }
        feed.endOfInput()
        perInput?.endOfInput()
        if afresh {
          feed.reset(
            framing: program.framing, stageNames: program.stageNames, chain: chain(),
            copyTo: .sink(sink))
        }
        index += 1
      }
      try late.finishing(policy: policy, skipped: &skipped) { try feed.finish() }
    }
  }

  /// The program's chain, ending in `last`, made by `first`; when `afresh`,
  /// each input gets a new one (from `first` again). Over several inputs:
  ///
  /// - an aggregate whose merge is not exact (`sum`, `stats`) or that
  ///   carries state within an input (`timeline`), in the place where a
  ///   parallel run merges per-input states, keeps a state per input and
  ///   merges them in input order;
  /// - the stages before it are made anew for each input when one of them
  ///   carries state within an input (`since`, `until`);
  ///
  /// so that the result is the same with any `-j`.
  private func makeChain(
    ending last: any Stage, split: ProgramSplit, inputs: Int, late: LateRecords
  ) -> (first: () -> any Stage, perInput: PerInputAggregate?, afresh: Bool) {
    let program = self.program
    guard inputs >= 2 else {
      let chain = program.makeChain(ending: last, late: late)
      return ({ chain }, nil, false)
    }
    let afresh = split.prefixStartsAfreshPerInput
    let rest: any Stage
    var perInput: PerInputAggregate? = nil
    if let index = split.mergedAggregate {
      let after = program.makeChain(
        stages: (index + 1)..<program.stageNames.count, ending: last, late: late)
      let total = program.makeAggregate(at: index, next: after, late: late)
      let kind = type(of: total)
      if !kind.mergeIsExact || kind.carriesStatePerInput {
        perInput = PerInputAggregate(total: total) {
          program.makeAggregate(at: index, next: DiscardStage(), late: late)
        }
        rest = perInput!
      } else {
        rest = total
      }
    } else {
      rest = program.makeChain(
        stages: split.prefix.upperBound..<program.stageNames.count, ending: last, late: late)
    }
    let prefix = split.prefix
    guard afresh else {
      let chain = program.makeChain(stages: prefix, ending: rest, late: late)
      return ({ chain }, perInput, false)
    }
    return ({ program.makeChain(stages: prefix, ending: rest, late: late) }, perInput, true)
  }

  /// The number of processors online, the default number of jobs.
  public static var onlineProcessors: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
