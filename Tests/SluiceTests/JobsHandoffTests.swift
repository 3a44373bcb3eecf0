import Foundation
import Testing

@testable import Sluice

// The pieces of `-j N` on their own: the ordered handoff between worker
// threads and the main thread, the chunks workers fill, the split of a
// program, the merge of skipped-record counts and per-input aggregates, and
// the parallel runner in process against the single-threaded one. The
// threaded ones are meant to run under the thread sanitizer too
// (`make test-tsan`).

/// One item of a test handoff: which part it belongs to and its place there.
private struct Tag: Equatable, Sendable {
  var part: Int
  var index: Int
}

@Suite("Jobs: ordered handoff, chunks, split and merge")
struct JobsHandoffTests {
  // MARK: OrderedHandoff

  /// Three producers, parts of 0 to 40 items of 1 to 100 bytes: the consumer
  /// sees every item in part order and item order, then each part's outcome,
  /// and no more than capacity + ahead budget bytes were ever waiting.
  @Test(arguments: [1, 3])
  func itemsArriveInPartOrder(producers: Int) throws {
    var rng = SeededRandom(seed: 11)
    let plan = (0..<25).map { _ in
      (0..<Int.random(in: 0...40, using: &rng)).map { _ in Int.random(in: 1...100, using: &rng) }
    }
    let handoff = OrderedHandoff<Tag, Int>(
      parts: plan.count, window: 4, capacity: 300, aheadBudget: 500)
    var threads: [ThreadBox] = []
    for _ in 0..<producers {
      threads.append(
        ThreadBox {
          while let part = handoff.claim() {
            for (index, size) in plan[part].enumerated() {
              try! handoff.put(Tag(part: part, index: index), size: size, into: part)
            }
            handoff.finish(part, with: plan[part].count)
          }
        })
    }
    var seen: [String] = []
    while let event = handoff.next() {
      switch event {
      case .item(let tag, let part):
        #expect(tag.part == part)
        seen.append("\(tag.part).\(tag.index)")
      case .end(let count, let part): seen.append("end \(part): \(count)")
      }
    }
    for thread in threads { thread.join() }
    let expected = plan.enumerated().flatMap { part, sizes in
      sizes.indices.map { "\(part).\($0)" } + ["end \(part): \(sizes.count)"]
    }
    #expect(seen == expected)
    #expect(handoff.peakBuffered <= 300 + 500, "peak \(handoff.peakBuffered)")
    #expect(handoff.claim() == nil)
  }

  /// A producer ahead of the consumer waits once its part is full, and goes
  /// on when the consumer takes from it.
  @Test func aProducerAheadWaitsForRoom() throws {
    let handoff = OrderedHandoff<Tag, Int>(parts: 2, window: 2, capacity: 10, aheadBudget: 10)
    #expect(handoff.claim() == 0)
    let producer = ThreadBox {
      let part = handoff.claim()!
      for index in 0..<5 { try! handoff.put(Tag(part: part, index: index), size: 6, into: part) }
      handoff.finish(part, with: 5)
    }
    // Part 0 comes first, whatever part 1's producer has done meanwhile.
    try handoff.put(Tag(part: 0, index: 0), size: 50, into: 0)  // alone: over capacity is fine
    handoff.finish(0, with: 1)
    var events: [String] = []
    while let event = handoff.next() {
      switch event {
      case .item(let tag, _): events.append("\(tag.part).\(tag.index)")
      case .end(let count, let part): events.append("end \(part): \(count)")
      }
    }
    producer.join()
    #expect(events == ["0.0", "end 0: 1", "1.0", "1.1", "1.2", "1.3", "1.4", "end 1: 5"])
    #expect(handoff.peakBuffered <= 50 + 10)
  }

  /// Cancelling wakes a producer waiting for room, one waiting for the
  /// window and the consumer, and everyone gives up.
  @Test func cancelWakesEveryone() throws {
    let handoff = OrderedHandoff<Tag, Int>(parts: 4, window: 2, capacity: 10, aheadBudget: 10)
    let outcomes = Results<String>()
    #expect(handoff.claim() == 0)  // the consumer waits for part 0 forever
    let filler = ThreadBox {
      guard let part = handoff.claim() else {
        outcomes.append("filler: cancelled")  // the claimer took part 1
        return
      }
      do {
        for index in 0..<100 {
          try handoff.put(Tag(part: part, index: index), size: 10, into: part)
        }
        outcomes.append("filler: not cancelled")
      } catch {
        outcomes.append("filler: cancelled")
      }
    }
    let claimer = ThreadBox {
      // Parts 0 and 1 are taken; part 2 is outside the window until part 0
      // is consumed, which never happens.
      var claimed: [Int] = []
      while let part = handoff.claim() { claimed.append(part) }
      outcomes.append("claimer: \(claimed)")
    }
    let consumer = ThreadBox {
      var events = 0
      while handoff.next() != nil { events += 1 }
      outcomes.append("consumer: \(events)")
    }
    #expect(!handoff.isCancelled)
    handoff.cancel()
    #expect(handoff.isCancelled)
    filler.join()
    claimer.join()
    consumer.join()
    let all = outcomes.all.sorted()
    #expect(all.count == 3)
    #expect(all.contains("filler: cancelled"))
    #expect(all.contains("consumer: 0"))
    // The claimer may have got part 1 before the filler did, or nothing.
    #expect(all.contains { $0 == "claimer: []" || $0 == "claimer: [1]" }, "\(all)")
    #expect(throws: OrderedHandoff<Tag, Int>.Cancelled.self) {
      try handoff.put(Tag(part: 0, index: 0), size: 1, into: 0)
    }
    #expect(handoff.next() == nil && handoff.claim() == nil)
  }

  // MARK: Chunks

  @Test func emitterWritesOutputWithTerminators() throws {
    let handoff = OrderedHandoff<OutputChunk, InputOutcome>(
      parts: 1, window: 1, capacity: 1 << 30, aheadBudget: 1)
    let pool = ChunkPool(chunkSize: 64, limit: 4)
    #expect(handoff.claim() == 0)
    let emitter = ChunkEmitter(of: handoff, pool: pool, payload: .output(terminator: 0x0A))
    let lines = (0..<40).map { "line \($0)" } + [String(repeating: "x", count: 200), "end"]
    for line in lines { _ = try emitter.process(record(line)) }
    try emitter.write(UnsafeRawBufferPointer(start: nil, count: 0))
    try Array(repeating: UInt8(ascii: "z"), count: 150).withUnsafeBytes { try emitter.write($0) }
    try emitter.flush()
    handoff.finish(0, with: InputOutcome())
    var bytes: [UInt8] = []
    var sizes: [Int] = []
    while case .item(let chunk, _)? = handoff.next() {
      #expect(chunk.records == nil)
      bytes += chunk.bytes
      sizes.append(chunk.count)
    }
    let expected = Array(lines.map { $0 + "\n" }.joined().utf8) + Array(repeating: 0x7A, count: 150)
    #expect(bytes == expected)
    #expect(sizes.filter { $0 > 64 } == [201], "the long line has a chunk of its own")
  }

  @Test func emitterPassesRecordsWithTheirNumbers() throws {
    let handoff = OrderedHandoff<OutputChunk, InputOutcome>(
      parts: 1, window: 1, capacity: 1 << 30, aheadBudget: 1)
    let pool = ChunkPool(chunkSize: 4096, limit: 4)
    #expect(handoff.claim() == 0)
    let numbers = RecordNumberBox()
    let emitter = ChunkEmitter(
      of: handoff, pool: pool, payload: .records(numbers: numbers))
    // Empty records take no bytes: a chunk still ends after marksPerChunk.
    let count = ChunkEmitter.marksPerChunk * 2 + 10
    for number in 1...count {
      numbers.number = number * 3
      _ = try emitter.process(record(number % 1000 == 0 ? "r\(number)" : ""))
    }
    try emitter.flush()
    handoff.finish(0, with: InputOutcome())
    var got: [(String, Int)] = []
    var chunks = 0
    while case .item(let chunk, _)? = handoff.next() {
      chunks += 1
      _ = chunk.forEachRecord { record, number in
        got.append((record.string, number))
        return .more
      }
    }
    #expect(chunks == 3)
    #expect(got.count == count)
    #expect(got.map(\.1) == (1...count).map { $0 * 3 })
    #expect(got.map(\.0) == (1...count).map { $0 % 1000 == 0 ? "r\($0)" : "" })
  }

  @Test func poolTakesBackOnlyUnsharedBuffers() throws {
    let pool = ChunkPool(chunkSize: 128, limit: 1)
    // Weak references: they do not count as sharing the buffer.
    let first = OutputChunk(storage: pool.take(), count: 0, records: nil)
    weak let firstStorage = first.storage
    pool.giveBack(first)
    #expect(firstStorage != nil && pool.take() === firstStorage)
    // A record still holding the buffer keeps it out of the pool.
    let chunk = OutputChunk(
      storage: pool.take(), count: 3, records: [RecordMark(end: 3, number: 1)])
    weak let heldStorage = chunk.storage
    var kept: Record?
    _ = chunk.forEachRecord { record, _ in
      kept = record
      return .more
    }
    pool.giveBack(chunk)
    #expect(heldStorage != nil && pool.take() !== heldStorage)
    #expect(kept?.count == 3)
    // Not of the pool's size: dropped.
    let big = OutputChunk(storage: ByteStorage(capacity: 256), count: 0, records: nil)
    weak let bigStorage = big.storage
    pool.giveBack(big)
    #expect(bigStorage == nil)
  }

  // MARK: Split

  @Test(arguments: [
    ("grep x | fields 1", "end 0..<2 workers 0..<2 main 2..<2 parallel"),
    ("cat", "end 0..<1 workers 0..<1 main 1..<1 parallel"),
    ("records -p", "end 0..<0 workers 0..<0 main 0..<0 parallel"),
    ("fields 1 | count-by | head 3", "aggregate(1) 0..<1 workers 0..<2 main 1..<3 parallel"),
    ("count", "aggregate(0) 0..<0 workers 0..<1 main 0..<1 parallel"),
    ("grep x | sum 2 | cat", "aggregate(1) 0..<1 workers 0..<2 main 1..<3 parallel"),
    ("distinct 1 | head 2", "firstOccurrence(0) 0..<0 workers 0..<1 main 0..<2 parallel"),
    ("grep x | tail 3 | count", "ordered(1) 0..<1 workers 0..<1 main 1..<3 parallel"),
    ("cat | cat | uniq", "ordered(2) 0..<2 workers 0..<2 main 2..<3 serial"),
    ("head 3 | grep x | count", "ordered(0) 0..<0 workers 0..<0 main 0..<3 serial"),
  ])
  func split(program: String, expected: String) throws {
    let split = ProgramSplit(try Program(program))
    let described =
      "\(split.boundary) \(split.prefix) workers \(split.workerStages) main \(split.mainStages) "
      + (split.hasParallelWork ? "parallel" : "serial")
    #expect(described == expected)
  }

  // MARK: Merging

  @Test func skippedRecordsMergeByPlaceInTheInput() {
    func skipped(_ kind: RecordProblem.Kind, input: Int, record: Int) -> SkippedRecord {
      SkippedRecord(
        kind: kind, input: input, record: record, inputName: input == 2 ? "c" : "d",
        problem: kind == .tooLarge ? nil : ("sum", "x"))
    }
    var main = SkippedRecords()
    main.add(skipped(.notANumber, input: 2, record: 50))
    var early = SkippedRecords()
    early.add(skipped(.notANumber, input: 2, record: 7))
    early.add(skipped(.notANumber, input: 2, record: 60))
    early.add(skipped(.tooLarge, input: 2, record: 9))
    var late = SkippedRecords()
    late.add(skipped(.notANumber, input: 3, record: 1))
    var merged = main
    merged.merge(late)
    merged.merge(early)
    #expect(
      merged.report == [
        "skipped 4 records: not a number (first: c record 7: sum: x)",
        "skipped 1 record: record too large (first: c record 9)",
      ])
    var other = early
    other.merge(late)
    other.merge(main)
    #expect(other.report == merged.report)
    // Those of a piece of an input, numbered from the input's start.
    #expect(
      early.renumbered(after: 1000).report == [
        "skipped 2 records: not a number (first: c record 1007: sum: x)",
        "skipped 1 record: record too large (first: c record 1009)",
      ])
  }

  /// `sum` over several inputs merges one state per input, in input order:
  /// exactly what a parallel run's main thread does.
  @Test func perInputAggregateMergesInInputOrder() throws {
    let inputs = [["0.1", "0.7", "1e16"], [], ["3", "-1e16", "0.3"], ["2.5"]]
    let expected = SumStage(fields: try FieldList(parsing: "1"), next: DiscardStage())
    for numbers in inputs {
      let part = SumStage(fields: try FieldList(parsing: "1"), next: DiscardStage())
      for number in numbers { _ = try part.process(record(number)) }
      expected.add(part.sums)
    }
    let collector = Collector()
    let total = SumStage(fields: try FieldList(parsing: "1"), next: collector)
    let perInput = PerInputAggregate(total: total) {
      SumStage(fields: try! FieldList(parsing: "1"), next: DiscardStage())
    }
    for numbers in inputs {
      for number in numbers { _ = try perInput.process(record(number)) }
      perInput.endOfInput()
    }
    try perInput.finish()
    #expect(total.sums == expected.sums)
    #expect(collector.records.count == 1 && collector.finished)
  }

  // MARK: The runner in process

  /// The parallel runner against the one-thread runner, in process: the same
  /// bytes, messages and status.
  @Test(arguments: [
    "cat", "count", "grep -F 7 | fields 2", "fields 3 | count-by", "distinct 2",
    "grep -F k | fields 2 | sum", "fields 2 | uniq -c | head 5", "records -p | cat",
    "fields 1 | head 3",
  ])
  func runnerGivesTheSameWithAnyJobs(program: String) throws {
    let scratch = try Scratch()
    var rng = SeededRandom(seed: 12)
    var paths: [String] = []
    for index in 0..<5 {
      var text = ""
      for line in 0..<(index == 3 ? 0 : 20_000 + 3000 * index) {
        let blank = line % 977 == 0 ? "\n" : ""
        text += "\(line) \(Int.random(in: 0..<50, using: &rng)).\(index) k\(line % 13)\n\(blank)"
      }
      paths.append(
        index % 2 == 0
          ? try scratch.gzipFile("in\(index).gz", Array(text.utf8))
          : try scratch.file("in\(index)", text))
    }
    paths.insert(scratch.url.appendingPathComponent("missing").path, at: 2)
    let one = try runInProcess(program, on: paths, jobs: 1, in: scratch)
    #expect(!one.output.isEmpty)
    // The programs with head are done before the missing file.
    #expect(one.status == (program.contains("head") ? .success : .cannotOpenInput))
    for jobs in [2, 3] {
      let many = try runInProcess(program, on: paths, jobs: jobs, in: scratch)
      #expect(many.output == one.output, "\(program) with \(jobs) jobs")
      #expect(many.messages == one.messages)
      #expect(many.status == one.status)
    }
  }
}

/// A thread running `body`, joined once.
private final class ThreadBox {
  private var thread: WorkerThread?

  init(_ body: @escaping @Sendable () -> Void) { thread = WorkerThread(body) }

  func join() { thread.take()?.join() }
}

private func record(_ text: String) -> Record {
  var builder = RecordBuilder()
  builder.append(text)
  return builder.finish()
}
