import SystemPackage

/// Runs a ``Program`` over an ``Input`` and writes the result to an output.
///
/// Each source is read in turn. A source that cannot be opened or is corrupt
/// is reported and the run goes on with the next one; everything decoded from
/// it before the fault has already been processed. A record a stage cannot
/// handle fails the run or is skipped and counted, as the
/// ``RecordErrorPolicy`` says. A write failure ends the run at once; a closed
/// pipe ends it quietly. The exit status is the most severe problem met.
public struct Runner {
  private let program: Program
  private let input: Input
  private let policy: RecordErrorPolicy
  private let diagnostics: Diagnostics
  private let output: FileDescriptor

  /// Creates a run of `program` over `input`, reporting problems to
  /// `diagnostics` and writing data to `output`.
  public init(
    program: Program, input: Input, onError policy: RecordErrorPolicy = .fail,
    diagnostics: Diagnostics = .standardError, output: FileDescriptor = .standardOutput
  ) {
    self.program = program
    self.input = input
    self.policy = policy
    self.diagnostics = diagnostics
    self.output = output
  }

  /// Runs to the end of the input (or until no more input is wanted) and
  /// returns the exit status.
  public func run() -> ExitStatus {
    let sink = OutputSink(descriptor: output)
    var input = self.input
    input.options.onWarning = { [diagnostics] in diagnostics.report($0) }
    let last = OutputStage(
      sink: sink, terminator: program.terminator, blankLineBetween: program.blankLineBetween)
    var feed = Feed(
      program: program, chain: program.makeChain(ending: last), sink: sink, options: input.options)
    var cursor = InputCursor(input)
    var worst = ExitStatus.success
    var skipped = SkippedRecords()
    do {
      reading: while true {
        do {
          guard let source = try cursor.advance() else { break }
          if try feed.pass(source, policy: policy, skipped: &skipped) == .stop { break reading }
        } catch let error as SluiceError where error.isAboutAnInput {
          diagnostics.report(error)
          worst = max(worst, error.exitStatus)
        }
        try feed.endOfInput()
      }
      try feed.finish()
      try sink.flush()
    } catch is OutputClosed {
    } catch let error as SluiceError {
      diagnostics.report(error)
      worst = max(worst, error.exitStatus)
    } catch {
      preconditionFailure("unexpected error \(error)")
    }
    skipped.report.forEach(diagnostics.report)
    return worst
  }
}

/// How a run reads each input. A program that is just `cat` or `count`, with
/// no framing stage, never frames: `cat` copies decoded blocks and `count`
/// counts line ends in them. Everything else frames records and pushes them
/// through the chain.
private struct Feed {
  private enum Mode {
    case copyBytes(OutputSink)
    /// The program is `count` alone: line ends are counted per input and
    /// handed to that stage.
    case countLines(CountStage)
    case records(Framing)
  }

  private let mode: Mode
  private var lineEnds = RecordCount.TerminatorCounter()
  private let chain: any Stage
  /// For lines led by `grep -F`: the string every record the chain keeps
  /// contains, so the reader can skip the lines without it unframed.
  private let requiredLiteral: LiteralSearcher?
  private var reader: RecordReader
  private let block: ByteStorage

  init(program: Program, chain: any Stage, sink: OutputSink, options: ReadOptions) {
    self.chain = chain
    reader = RecordReader(options: options)
    block = ByteStorage(capacity: options.bufferSize)
    switch (program.framing, program.stageNames, chain) {
    case (nil, [], _), (nil, ["cat"], _):
      mode = .copyBytes(sink)
    case (nil, ["count"], let count as CountStage):
      mode = .countLines(count)
    default:
      mode = .records(program.framing ?? .lines)
    }
    if case .records(let framing) = mode, case .separated(0x0A, false) = framing.kind {
      requiredLiteral = (chain as? GrepStage)?.requiredLiteral
    } else {
      requiredLiteral = nil
    }
  }

  /// Reads `source` to its end, or until the chain wants no more.
  mutating func pass(
    _ source: DecodedInput, policy: RecordErrorPolicy, skipped: inout SkippedRecords
  ) throws -> Flow {
    guard case .records(let framing) = mode else {
      let buffer = UnsafeMutableRawBufferPointer(start: block.base, count: block.capacity)
      while case let count = try source.read(into: buffer), count > 0 {
        try take(block: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      }
      return .more
    }
    reader.begin(source)
    while let record = try nextRecord(framing, from: source, policy: policy, skipped: &skipped) {
      do {
        if try chain.process(record) == .stop { return .stop }
      } catch let problem as RecordProblem {
        guard policy == .skip else {
          throw SluiceError.badRecord(
            input: source.name, record: reader.recordNumber, stage: problem.stage,
            reason: "\(problem.kind.rawValue): \(problem.detail)")
        }
        skipped.add(
          problem.kind,
          at: "\(source.name) record \(reader.recordNumber): \(problem.stage): \(problem.detail)")
      }
    }
    return .more
  }

  /// The next record, skipping (and counting) records too large to hold when
  /// the policy is to skip.
  private mutating func nextRecord(
    _ framing: Framing, from source: DecodedInput, policy: RecordErrorPolicy,
    skipped: inout SkippedRecords
  ) throws(SluiceError) -> Record? {
    while true {
      do throws(SluiceError) {
        if let requiredLiteral { return try reader.nextLine(containing: requiredLiteral) }
        return try reader.next(framing)
      } catch {
        guard policy == .skip, case .recordTooLarge = error else { throw error }
        skipped.add(.tooLarge, at: "\(source.name) record \(reader.recordNumber)")
        try reader.skipOversizedRecord(framing)
      }
    }
  }

  private mutating func take(block: UnsafeRawBufferPointer) throws {
    switch mode {
    case .copyBytes(let sink): try sink.write(block)
    case .countLines: lineEnds.add(block)
    case .records: preconditionFailure("records are framed, not taken as blocks")
    }
  }

  /// Marks the end of one input (complete or cut short by an error).
  mutating func endOfInput() throws {
    guard case .countLines(let count) = mode else { return }
    count.add(lineEnds.count)
    lineEnds = .init()
  }

  /// Ends the run: aggregates emit their results.
  mutating func finish() throws {
    try chain.finish()
  }
}
