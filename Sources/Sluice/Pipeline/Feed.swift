/// How a run reads each input into a chain of stages. A program that is just
/// `cat` or `count`, with no framing stage, never frames: `cat` copies decoded
/// blocks and `count` counts line ends in them. Everything else frames records
/// and pushes them through the chain.
///
/// The single-threaded run has one feed for all its inputs; in a parallel run
/// each worker has its own, which it gives a fresh chain for each input
/// (``reset(framing:stageNames:chain:copyTo:)``) and whose buffers it keeps.
struct Feed {
  /// Where unframed `cat` copies the decoded bytes.
  enum CopyTarget {
    /// The output, through a buffer of the feed's.
    case sink(OutputSink)
    /// A worker's chunks, decoded straight into them.
    case chunks(ChunkEmitter)
  }

  private enum Mode {
    case copyBytes(CopyTarget)
    /// The program is `count` alone: line ends are counted per input and
    /// handed to that stage.
    case countLines(CountStage)
    case records(Framing)
  }

  /// Records between two calls of ``checkpoint`` (blocks in the unframed
  /// modes each get one).
  static let recordsPerCheckpoint = 1024

  private var mode: Mode
  private var lineEnds = RecordCount.TerminatorCounter()
  private var chain: any Stage
  /// For lines led by `grep -F`: the string every record the chain keeps
  /// contains, so the reader can skip the lines without it unframed.
  private var requiredLiteral: LiteralSearcher?
  private var reader: RecordReader
  /// The buffer unframed modes read into (made when first needed).
  private var block: ByteStorage?
  private let blockSize: Int
  /// Told the records framed, in batches, for a progress display.
  private let meter: ProgressMeter?
  /// Called now and then while reading (see ``recordsPerCheckpoint``); what
  /// it throws ends the pass. A parallel run's workers stop here when the
  /// run is cancelled.
  var checkpoint: (() throws -> Void)?
  /// Told the number of each record before the chain takes it.
  var recordNumbers: RecordNumberBox?
  /// Told each record skipped, instead of counting it in the pass's
  /// `skipped` (a worker hands them on with the records around them).
  var onSkipped: ((SkippedRecord) -> Void)?

  /// A feed of `chain`, the stages `stageNames` after the framing stage
  /// `framing` (lines when `nil`). Unframed `cat` (or no stage) copies the
  /// decoded bytes to `copyTo`, when it is given.
  init(
    framing: Framing?, stageNames: some Collection<String>, chain: any Stage,
    copyTo: CopyTarget?, options: ReadOptions
  ) {
    reader = RecordReader(options: options)
    blockSize = options.bufferSize
    meter = options.meter
    mode = .records(.lines)
    self.chain = chain
    reset(framing: framing, stageNames: stageNames, chain: chain, copyTo: copyTo)
  }

  /// Feeds `chain` from now on, as ``init(framing:stageNames:chain:copyTo:options:)``
  /// says, keeping the buffers.
  mutating func reset(
    framing: Framing?, stageNames: some Collection<String>, chain: any Stage, copyTo: CopyTarget?
  ) {
    self.chain = chain
    lineEnds = .init()
    switch (framing, Array(stageNames), chain, copyTo) {
    case (nil, [], _, let copyTo?), (nil, ["cat"], _, let copyTo?):
      mode = .copyBytes(copyTo)
    case (nil, ["count"], let count as CountStage, _):
      mode = .countLines(count)
    default:
      mode = .records(framing ?? .lines)
    }
    if case .records(let framing) = mode, case .separated(0x0A, false) = framing.kind {
      requiredLiteral = (chain as? GrepStage)?.requiredLiteral
    } else {
      requiredLiteral = nil
    }
  }

  /// Reads `source` (the input numbered `index` in the run, from 0) to its
  /// end, or until the chain wants no more.
  mutating func pass(
    _ source: DecodedInput, index: Int, policy: RecordErrorPolicy, skipped: inout SkippedRecords
  ) throws -> Flow {
    guard case .records(let framing) = mode else {
      if case .copyBytes(.chunks(let emitter)) = mode {
        try emitter.copy(from: source)
        return .more
      }
      let block = self.block ?? ByteStorage(capacity: blockSize)
      self.block = block
      let buffer = UnsafeMutableRawBufferPointer(start: block.base, count: block.capacity)
      while case let count = try source.read(into: buffer), count > 0 {
        try take(block: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        try checkpoint?()
      }
      return .more
    }
    reader.begin(source)
    var untilCheckpoint = Self.recordsPerCheckpoint
    while let record = try nextRecord(
      framing, from: source, index: index, policy: policy, skipped: &skipped)
    {
      recordNumbers?.number = reader.recordNumber
      do {
        switch try chain.process(record) {
        case .more: break
        case .stop: return .stop
        case .nextInput: return .more
        }
      } catch let problem as RecordProblem {
        guard policy == .skip else {
          throw SluiceError.badRecord(
            input: source.name, record: reader.recordNumber, stage: problem.stage,
            reason: problem.reason)
        }
        skip(
          SkippedRecord(
            kind: problem.kind, input: index, record: reader.recordNumber,
            inputName: source.name, problem: (problem.stage, problem.detail)),
          into: &skipped)
      }
      untilCheckpoint -= 1
      if untilCheckpoint == 0 {
        try checkpoint?()
        meter?.addRecords(Self.recordsPerCheckpoint)
        untilCheckpoint = Self.recordsPerCheckpoint
      }
    }
    meter?.addRecords(Self.recordsPerCheckpoint - untilCheckpoint)
    return .more
  }

  /// The next record, skipping (and counting) records too large to hold when
  /// the policy is to skip.
  private mutating func nextRecord(
    _ framing: Framing, from source: DecodedInput, index: Int, policy: RecordErrorPolicy,
    skipped: inout SkippedRecords
  ) throws(SluiceError) -> Record? {
    while true {
      do throws(SluiceError) {
        if let requiredLiteral { return try reader.nextLine(containing: requiredLiteral) }
        return try reader.next(framing)
      } catch {
        guard policy == .skip, case .recordTooLarge = error else { throw error }
        skip(
          SkippedRecord(
            kind: .tooLarge, input: index, record: reader.recordNumber,
            inputName: source.name),
          into: &skipped)
        try reader.skipOversizedRecord(framing)
      }
    }
  }

  private func skip(_ record: SkippedRecord, into skipped: inout SkippedRecords) {
    if let onSkipped { onSkipped(record) } else { skipped.add(record) }
  }

  private mutating func take(block: UnsafeRawBufferPointer) throws {
    switch mode {
    case .copyBytes(.sink(let sink)): try sink.write(block)
    case .copyBytes(.chunks(let emitter)): try emitter.write(block)
    case .countLines:
      guard let meter else { return lineEnds.add(block) }
      let before = lineEnds.count.value
      lineEnds.add(block)
      meter.addRecords(lineEnds.count.value - before)
    case .records: preconditionFailure("records are framed, not taken as blocks")
    }
  }

  /// The records framed from the input being read (or read last), the
  /// ones skipped unframed included; 0 when the feed does not frame.
  var recordsFramed: Int {
    guard case .records = mode else { return 0 }
    return reader.recordNumber
  }

  /// Marks the end of one input (complete or cut short by an error).
  mutating func endOfInput() {
    guard case .countLines(let count) = mode else { return }
    count.add(lineEnds.count)
    lineEnds = .init()
  }

  /// Ends the run: aggregates emit their results.
  mutating func finish() throws {
    try chain.finish()
  }
}

/// The number (from 1, within its input) of the record a chain is taking,
/// for a stage at its end that passes records on to another thread.
final class RecordNumberBox {
  var number = 0
}
