/// What a worker of a parallel run reports at the end of one part (an input,
/// or a piece of one).
struct InputOutcome: Sendable {
  /// The error that ended the part early, if any.
  var error: SluiceError?
  /// Whether `error` ends the run (a bad record under `--on-error fail`)
  /// rather than only this input.
  var isFatal = false
  /// The input's warning, such as trailing garbage.
  var warning: SluiceWarning?
  /// The state of the workers' aggregate over this input.
  var aggregate: AggregateState?
  /// The records skipped in this part.
  var skipped = SkippedRecords()
  /// The records framed in this part (where the next piece of the same
  /// input starts numbering).
  var records = 0
}

/// A run over several inputs on several threads (`-j N`) that writes the
/// very output, reports the same messages in the same order and ends with
/// the same status as a run on one thread.
///
/// Each worker thread takes the next part nobody has taken (an input, or a
/// piece of a big plain file: ``InputPart``) and runs the workers' part of
/// the program (see ``ProgramSplit``) on it, with stages of its own. What
/// comes out goes through an ``OrderedHandoff`` to the main thread, which
/// takes the parts' results in order: it writes output
/// bytes, passes records on to its own stages, merges the aggregate states,
/// and reports each input's error and warning when its turn comes, so an
/// input's problem is reported after everything before it and later inputs
/// are still read. The results waiting are bounded (``capacity`` for the
/// input being taken, ``aheadBudgetPerWorker`` per further worker for those
/// after it) and a worker waits for room beyond that, so memory does not
/// depend on the inputs' sizes or number. So output-heavy programs (`cat`,
/// `fields 7`) gain little: workers ahead soon wait for their turn; aggregates
/// and selective filters, whose results are small, gain the most.
///
/// When the main thread needs no more (`head`, a closed output, a bad record
/// under `--on-error fail`) it cancels the handoff: workers stop at their next
/// chunk or checkpoint (every 1024 records, every decoded block), or wake up
/// from waiting, and end on their own; the run does not wait for them, so a
/// worker stuck in a read (a pipe nobody writes to) cannot hold it up.
struct ParallelRun: Sendable {
  /// The size of the chunks workers hand over.
  static let chunkSize = 32 << 10
  /// The most bytes of results the input being taken holds (the worker
  /// reading it waits for the main thread beyond that).
  static let capacity = 64 << 10
  /// The most bytes of results the inputs after it hold together, per worker
  /// after the first: what lets workers ahead go on before they wait.
  static let aheadBudgetPerWorker = 128 << 10
  /// The read buffer of each worker.
  static let workerBufferSize = 64 << 10

  let program: Program
  let split: ProgramSplit
  let input: Input
  /// What the workers read, in order.
  let parts: InputParts
  let policy: RecordErrorPolicy
  let diagnostics: Diagnostics
  let output: Descriptor
  /// How the output is encoded.
  let encoding: OutputEncoding
  /// The number of worker threads (at most one per part).
  let jobs: Int
  /// A progress display on the output's terminal (see ``Runner/sharedTerminal``).
  let sharedTerminal: ProgressDisplay?

  /// Runs to the end (or until no more is wanted) and returns the exit
  /// status.
  func run() -> ExitStatus {
    let sources = input.sources
    let workerCount = max(1, min(jobs, parts.count))
    let handoff = OrderedHandoff<OutputChunk, InputOutcome>(
      parts: parts.count, window: 2 * workerCount, capacity: Self.capacity,
      aheadBudget: Self.aheadBudgetPerWorker * max(1, workerCount - 1))
    let pool = ChunkPool(chunkSize: Self.chunkSize, limit: 2 * workerCount)
    var options = input.options
    options.decodeAhead = false  // each worker is one thread
    // Every worker holds a read buffer: halve it so that two or more of them
    // stay within the memory budget (64 KiB reads cost no measurable speed).
    options.bufferSize = min(options.bufferSize, Self.workerBufferSize)
    options.onWarning = nil  // warnings travel with the outcomes
    let worker = Worker(
      program: program, split: split, sources: sources, parts: parts, options: options,
      policy: policy, handoff: handoff, pool: pool)
    let threads = (0..<workerCount).map { _ in ThreadHandle(WorkerThread { worker.run() }) }

    var main = MainSide(
      program: program, split: split, sources: sources, parts: parts, policy: policy,
      diagnostics: diagnostics, output: output, encoding: encoding,
      sharedTerminal: sharedTerminal)
    let status = main.run(handoff: handoff, pool: pool)
    handoff.cancel()
    // After a complete run every worker has ended or is about to; after an
    // early end, workers finish on their own (see the type's description).
    for thread in threads {
      if main.readEverything { thread.join() } else { thread.detach() }
    }
    return status
  }
}

/// A worker thread of a parallel run: takes parts one after another and runs
/// the workers' stages on each.
private struct Worker: Sendable {
  let program: Program
  let split: ProgramSplit
  let sources: [InputSource]
  let parts: InputParts
  let options: ReadOptions
  let policy: RecordErrorPolicy
  let handoff: OrderedHandoff<OutputChunk, InputOutcome>
  let pool: ChunkPool

  typealias Cancelled = OrderedHandoff<OutputChunk, InputOutcome>.Cancelled

  func run() {
    // Compiled patterns of its own, not shared with other threads.
    let program = self.program.reparsed()
    // One feed and one emitter for all its inputs: their buffers are reused.
    var feed = Feed(
      framing: program.framing, stageNames: [], chain: DiscardStage(), copyTo: nil,
      options: options)
    let numbers = RecordNumberBox()
    feed.recordNumbers = numbers
    feed.checkpoint = { [handoff] in
      if handoff.isCancelled { throw Cancelled() }
    }
    let emitter = ChunkEmitter(
      of: handoff, pool: pool,
      payload: writesOutput(program)
        ? .output(terminator: program.terminator) : .records(numbers: numbers))
    while let part = handoff.claim() {
      guard let outcome = read(part, with: program, feed: &feed, emitter: emitter) else { return }
      handoff.finish(part, with: outcome)
    }
  }

  /// Whether the workers write `program`'s output (rather than pass records
  /// on): when they run all of it, and it does not put empty lines between
  /// records (which needs to know what came before, in earlier inputs).
  private func writesOutput(_ program: Program) -> Bool {
    split.workersWriteOutput && !program.blankLineBetween
  }

  /// Reads part `part` through fresh stages; `nil` when the run was
  /// cancelled meanwhile.
  private func read(
    _ part: Int, with program: Program, feed: inout Feed, emitter: ChunkEmitter
  ) -> InputOutcome? {
    var outcome = InputOutcome()
    emitter.part = part
    var aggregate: (any MergeableAggregate)?
    let chain: any Stage
    // A worker never finishes its chain: the main thread does, with the
    // stages that pass records on at the end.
    let late = LateRecords()
    if let index = split.mergedAggregate {
      let made = program.makeAggregate(at: index, next: DiscardStage(), late: late)
      aggregate = made
      chain = program.makeChain(stages: split.prefix, ending: made, late: late)
    } else {
      chain = program.makeChain(stages: split.workerStages, ending: emitter, late: late)
    }
    feed.reset(
      framing: program.framing, stageNames: program.stageNames[split.workerStages], chain: chain,
      copyTo: writesOutput(program) ? .chunks(emitter) : nil)
    // Records skipped travel with the records around them; with an
    // aggregate, which stops nothing, with the outcome.
    feed.onSkipped = aggregate == nil ? { emitter.note($0) } : nil
    var source: DecodedInput?
    do {
      let opened = try parts[part].open(sources, options: options)
      source = opened
      _ = try feed.pass(opened, index: part, policy: policy, skipped: &outcome.skipped)
    } catch let error as SluiceError {
      outcome.error = error
      outcome.isFatal = !error.isAboutAnInput
    } catch is Cancelled {
      return nil
    } catch {
      preconditionFailure("unexpected error \(error)")
    }
    outcome.records = feed.recordsFramed
    feed.endOfInput()
    do {
      try emitter.flush()
    } catch {
      return nil
    }
    outcome.warning = source?.warning
    outcome.aggregate = aggregate?.aggregateState
    return outcome
  }
}

/// The main thread of a parallel run: takes each part's results in turn.
///
/// The records of a piece of an input are numbered from the piece's start;
/// the main thread renumbers them from the input's (it has taken the pieces
/// before). When a piece ends with an error, what the later pieces of the
/// same input made is dropped: a run on one thread stops reading an input
/// at its first error.
private struct MainSide {
  let program: Program
  let split: ProgramSplit
  let sources: [InputSource]
  let parts: InputParts
  let policy: RecordErrorPolicy
  let diagnostics: Diagnostics
  let output: Descriptor
  let encoding: OutputEncoding
  let sharedTerminal: ProgressDisplay?
  /// Whether every input's results were taken (the run was not cut short).
  private(set) var readEverything = false

  init(
    program: Program, split: ProgramSplit, sources: [InputSource], parts: InputParts,
    policy: RecordErrorPolicy, diagnostics: Diagnostics, output: Descriptor,
    encoding: OutputEncoding, sharedTerminal: ProgressDisplay?
  ) {
    self.program = program
    self.split = split
    self.sources = sources
    self.parts = parts
    self.policy = policy
    self.diagnostics = diagnostics
    self.output = output
    self.encoding = encoding
    self.sharedTerminal = sharedTerminal
  }

  mutating func run(
    handoff: OrderedHandoff<OutputChunk, InputOutcome>, pool: ChunkPool
  ) -> ExitStatus {
    let sink = OutputSink(descriptor: output, encoding: encoding, sharing: sharedTerminal)
    let last = OutputStage(
      sink: sink, terminator: program.terminator, blankLineBetween: program.blankLineBetween)
    var aggregate: (any MergeableAggregate)?
    let chain: any Stage
    let late = LateRecords()
    if let index = split.mergedAggregate {
      let rest = program.makeChain(
        stages: (index + 1)..<program.stageNames.count, ending: last, late: late)
      let total = program.makeAggregate(at: index, next: rest, late: late)
      aggregate = total
      chain = total
    } else {
      chain = program.makeChain(stages: split.mainStages, ending: last, late: late)
    }
    return sink.run(reportingTo: diagnostics, whenFailing: handoff.cancel) { worst, skipped in
      var stopped = false
      // Records in the pieces before this one of the same input.
      var base = 0
      // An input a piece of which ended with an error.
      var abandoned: Int?
      taking: while let event = handoff.next() {
        switch event {
        case .item(let chunk, let part):
          defer { pool.giveBack(chunk) }
          guard parts[part].input != abandoned else { continue }
          let chunkSkipped = chunk.skipped.map { $0.renumbered(after: base) }
          if chunk.records == nil {
            try sink.write(chunk.bytes)
            for record in chunkSkipped { skipped.add(record) }
          } else if let stop = try pass(chunk, of: part, after: base, to: chain, skipped: &skipped)
          {
            // As on one thread: what was skipped before the last record taken.
            for record in chunkSkipped where record.record < stop { skipped.add(record) }
            stopped = true
            break taking
          } else {
            for record in chunkSkipped { skipped.add(record) }
          }
        case .end(let outcome, let part):
          defer { base = parts[part].isFollowedBySameInput ? base + outcome.records : 0 }
          guard parts[part].input != abandoned else { continue }
          if let error = outcome.error?.renumbered(after: base) {
            if outcome.isFatal { throw error }
            diagnostics.report(error)
            worst = max(worst, error.exitStatus)
            if parts[part].isFollowedBySameInput { abandoned = parts[part].input }
          }
          if let warning = outcome.warning { diagnostics.report(warning) }
          if let state = outcome.aggregate { aggregate?.merge(state) }
          skipped.merge(outcome.skipped.renumbered(after: base))
        }
      }
      readEverything = !stopped
      handoff.cancel()
      try late.finishing(policy: policy, skipped: &skipped) { try chain.finish() }
    }
  }

  /// Passes the records of `chunk`, from part `part` whose input has `base`
  /// records before it, to `chain` until it wants no more; what it cannot
  /// handle fails the run or is skipped, as the policy says. Returns the
  /// number of the record the chain stopped at, if it did.
  private func pass(
    _ chunk: OutputChunk, of part: Int, after base: Int, to chain: any Stage,
    skipped: inout SkippedRecords
  ) throws -> Int? {
    var stop: Int?
    _ = try chunk.forEachRecord { record, number in
      let number = base + number
      do {
        let flow = try chain.process(record)
        if flow == .stop { stop = number }
        return flow
      } catch let problem as RecordProblem {
        let name = sources[parts[part].input].name
        guard policy == .skip else {
          throw SluiceError.badRecord(
            input: name, record: number, stage: problem.stage,
            reason: problem.reason)
        }
        skipped.add(
          SkippedRecord(
            kind: problem.kind, input: part, record: number, inputName: name,
            problem: (problem.stage, problem.detail)))
        return .more
      }
    }
    return stop
  }
}

/// A worker thread the run can wait for or let go.
private final class ThreadHandle {
  private var thread: WorkerThread?

  init(_ thread: consuming WorkerThread) { self.thread = consume thread }

  /// Waits for the thread to end.
  func join() { thread.take()?.join() }

  /// Lets the thread end on its own.
  func detach() { thread = nil }
}
