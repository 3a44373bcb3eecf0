/// A piece of what a worker of a parallel run made from one input, handed to
/// the main thread: output bytes to write as they are, or records to pass on
/// to the main thread's stages.
///
/// One thread at a time uses a chunk: the worker fills it, then hands it over
/// through the handoff's lock. A class, so that the main thread can take the
/// buffer out (``takeStorage()``) and give it back to the pool knowing that
/// no copy of the chunk still refers to it.
final class OutputChunk: @unchecked Sendable {
  /// Where the bytes are; the first `count` are used.
  private(set) var storage: ByteStorage
  /// The number of bytes used.
  let count: Int
  /// For records: where each ends in the bytes and its number in its input;
  /// `nil` when the bytes are output.
  let records: [RecordMark]?
  /// The records skipped (under `--on-error skip`) since the chunk before,
  /// each before this chunk's record with a higher number.
  let skipped: [SkippedRecord]

  init(storage: ByteStorage, count: Int, records: [RecordMark]?, skipped: [SkippedRecord] = []) {
    self.storage = storage
    self.count = count
    self.records = records
    self.skipped = skipped
  }

  /// The bytes, valid while the chunk is.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.base, count: count) }

  /// The buffer, which the chunk no longer refers to (it is empty after).
  func takeStorage() -> ByteStorage {
    defer { storage = Self.empty }
    return storage
  }

  private static let empty = ByteStorage(capacity: 1)

  /// The memory the chunk holds on to, as the handoff counts it.
  var size: Int { count + (records?.count ?? 0) * MemoryLayout<RecordMark>.stride }

  /// Calls `body` with each record and its number in its input, in order,
  /// until it returns `.stop`; returns what `body` last returned.
  func forEachRecord(_ body: (Record, Int) throws -> Flow) rethrows -> Flow {
    var start = 0
    for mark in records ?? [] {
      if try body(Record(storage: storage, range: start..<mark.end), mark.number) == .stop {
        return .stop
      }
      start = mark.end
    }
    return .more
  }
}

/// The end of one record in an ``OutputChunk``, and its number in its input.
struct RecordMark: Sendable {
  var end: Int
  var number: Int
}

/// Chunk buffers that the main thread gives back once written and the
/// workers take again, so that a run allocates a few buffers, not one per
/// chunk.
final class ChunkPool: Sendable {
  /// The size of a chunk's buffer (a record longer than this gets a buffer of
  /// its own, which is not kept).
  let chunkSize: Int
  private let limit: Int
  private let free: Monitor<[ByteStorage]>

  /// A pool of buffers of `chunkSize` bytes, keeping at most `limit` unused.
  init(chunkSize: Int, limit: Int) {
    self.chunkSize = chunkSize
    self.limit = limit
    free = Monitor([])
  }

  /// A buffer of at least `chunkSize` bytes that nobody else uses.
  func take() -> ByteStorage {
    free.update { $0.popLast() } ?? ByteStorage(capacity: chunkSize)
  }

  /// Takes back the buffer of `chunk`, unless something still refers to it
  /// (a record a stage kept) or it is not of the pool's size.
  func giveBack(_ chunk: OutputChunk) {
    var storage = chunk.takeStorage()
    guard storage.capacity == chunkSize, isKnownUniquelyReferenced(&storage) else { return }
    free.update { free in
      if free.count < limit { free.append(storage) }
    }
  }
}

/// The end of a worker's chain: collects what reaches it into chunks for a
/// part of an ``OrderedHandoff`` (``part``, one input after another), and
/// puts each chunk there when it is full.
///
/// It writes either the output itself (each record followed by the
/// terminator, as the output stage would; and with ``write(_:)`` unframed
/// bytes as they are) or records with their numbers, for the main thread's
/// stages.
final class ChunkEmitter: Stage {
  /// What the emitter collects.
  enum Payload {
    /// Output bytes: each record followed by this terminator (none for byte
    /// chunks).
    case output(terminator: UInt8?)
    /// Records, numbered from `numbers`.
    case records(numbers: RecordNumberBox)
  }

  private let handoff: OrderedHandoff<OutputChunk, InputOutcome>
  /// The part chunks go to; changed only after a ``flush()``.
  var part = 0
  private let pool: ChunkPool
  private let payload: Payload
  private var storage: ByteStorage
  private var used = 0
  private var marks: [RecordMark] = []
  private var skipped: [SkippedRecord] = []
  /// The most records in one chunk.
  static let marksPerChunk = 4096

  /// An emitter for `handoff` (part 0 to start with), with buffers from
  /// `pool`.
  init(of handoff: OrderedHandoff<OutputChunk, InputOutcome>, pool: ChunkPool, payload: Payload) {
    self.handoff = handoff
    self.pool = pool
    self.payload = payload
    storage = pool.take()
  }

  func process(_ record: Record) throws -> Flow {
    switch payload {
    case .output(let terminator):
      let needed = record.count + (terminator == nil ? 0 : 1)
      try reserve(needed)
      record.withUnsafeBytes { append($0) }
      if let terminator {
        storage.base.storeBytes(of: terminator, toByteOffset: used, as: UInt8.self)
        used += 1
      }
    case .records(let numbers):
      try reserve(record.count)
      record.withUnsafeBytes { append($0) }
      marks.append(RecordMark(end: used, number: numbers.number))
      // Empty records take no bytes, only marks.
      if marks.count == Self.marksPerChunk { try flush() }
    }
    return .more
  }

  /// Adds unframed output bytes (for `cat` without framing).
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    var rest = bytes
    while !rest.isEmpty {
      if used == storage.capacity { try flush() }
      let count = min(rest.count, storage.capacity - used)
      append(UnsafeRawBufferPointer(rebasing: rest[..<count]))
      rest = UnsafeRawBufferPointer(rebasing: rest[count...])
    }
  }

  /// Reads `source` to its end straight into chunks, as they are (for `cat`
  /// without framing).
  func copy(from source: DecodedInput) throws {
    while true {
      // Reads of a few KiB at least: a nearly full chunk goes first.
      if storage.capacity - used < 4096 { try flush() }
      let free = UnsafeMutableRawBufferPointer(
        start: storage.base + used, count: storage.capacity - used)
      let count = try source.read(into: free)
      if count == 0 { return }
      used += count
    }
  }

  /// Notes a record skipped: it goes with the next chunk, so that the main
  /// thread counts it only if it takes the records before it.
  func note(_ record: SkippedRecord) {
    skipped.append(record)
  }

  /// Puts what was collected into the handoff (waiting for room).
  ///
  /// - Throws: ``OrderedHandoff/Cancelled`` when the run was cancelled.
  func flush() throws {
    guard used > 0 || !marks.isEmpty || !skipped.isEmpty else { return }
    let records: [RecordMark]?
    if case .records = payload { records = marks } else { records = nil }
    let chunk = OutputChunk(storage: storage, count: used, records: records, skipped: skipped)
    storage = pool.take()
    used = 0
    skipped = []
    marks = []
    marks.reserveCapacity(256)
    try handoff.put(chunk, size: chunk.size, into: part)
  }

  /// Nothing: a worker's emitter is flushed, not finished.
  func finish() throws {}

  /// Makes room for `count` more bytes: puts a full chunk into the handoff,
  /// and takes a larger buffer for a record larger than a chunk.
  private func reserve(_ count: Int) throws {
    guard used + count > storage.capacity else { return }
    try flush()
    if count > storage.capacity { storage = ByteStorage(capacity: count) }
  }

  private func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress else { return }
    (storage.base + used).copyMemory(from: source, byteCount: bytes.count)
    used += bytes.count
  }
}
