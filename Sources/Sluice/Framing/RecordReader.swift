#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Finds records in one input's decoded bytes, handing each out as a view into
/// its buffer.
///
/// The buffer holds the record being assembled and what has been read after
/// it. A record that straddles two reads is moved to the front of the buffer
/// (or into a larger one, up to the maximum record size) so every record is
/// contiguous. Offsets into the buffer are shifted together on every move,
/// which is why positions held across a read are kept relative to
/// `recordStart`.
struct RecordReader {
  private var storage: ByteStorage
  private let defaultCapacity: Int
  private let maxRecordSize: Int
  /// The input being read; dropped (so closed) as soon as it has ended.
  private var input: DecodedInput?
  private var inputName = ""

  /// Start of the record being assembled: nothing from here on is discarded.
  private var recordStart = 0
  /// Start of the next line (or record) not yet handed out.
  private var lineStart = 0
  /// Where the search for the next terminator resumes.
  private var scan = 0
  /// End of the bytes read so far.
  private var end = 0
  private var inputEnded = false
  /// Records handed out from the current input.
  private(set) var recordNumber = 0
  /// Whether the last error was a record too large whose end has not been
  /// read yet.
  private var oversizedRecordOpen = false
  /// For start-line framing: the length of a start line already read (it
  /// begins at `recordStart`) that opens the next record.
  private var pendingStartLength: Int?

  init(options: ReadOptions) {
    defaultCapacity = options.bufferSize
    maxRecordSize = options.maxRecordSize
    storage = ByteStorage(capacity: options.bufferSize)
  }

  /// Starts reading records from `input`, which becomes the current input.
  mutating func begin(_ input: DecodedInput) {
    self.input = input
    inputName = input.name
    recordStart = 0
    lineStart = 0
    scan = 0
    end = 0
    inputEnded = false
    recordNumber = 0
    pendingStartLength = nil
  }

  /// The next record of the current input under `framing`, or `nil` at its end.
  mutating func next(_ framing: Framing) throws(SluiceError) -> Record? {
    let range: Range<Int>?
    switch framing.kind {
    case .separated(let separator, let strippingCR):
      range = try nextSeparated(by: separator, strippingCR: strippingCR)
    case .paragraphs:
      range = try nextParagraph()
    case .startingAt(let isStart):
      range = try nextRecord(startingAt: isStart)
    case .chunks(let size, let lineAligned):
      return try nextChunk(size: size, lineAligned: lineAligned)
    }
    guard let range else { return nil }
    return try handOut(range)
  }

  /// The next chunk of about `size` bytes of the current input (exactly
  /// `size` bytes, but the last, unless `lineAligned`, when the chunk is
  /// extended to the end of the line it stops in), or `nil` at its end.
  mutating func nextChunk(size: Int, lineAligned: Bool) throws(SluiceError) -> Record? {
    recordStart = lineStart
    while end - recordStart < size && !inputEnded { try read() }
    guard recordStart < end else { return nil }
    lineStart = min(recordStart + size, end)
    scan = lineStart
    if lineAligned && storage.base.load(fromByteOffset: lineStart - 1, as: UInt8.self) != 0x0A {
      _ = try nextLine(0x0A)  // moves lineStart past the LF, or to the end
    }
    return try handOut(recordStart..<lineStart)
  }

  /// After a record-too-large error, drops the rest of that record (up to
  /// and including the next separator, or LF for multi-line framings) so
  /// reading can go on with the next one.
  mutating func skipOversizedRecord(_ framing: Framing) throws(SluiceError) {
    guard oversizedRecordOpen else { return }
    oversizedRecordOpen = false
    pendingStartLength = nil
    var terminator: UInt8 = 0x0A
    if case .separated(let separator, _) = framing.kind { terminator = separator }
    while true {
      if scan < end, let found = memchr(storage.base + scan, Int32(terminator), end - scan) {
        lineStart = storage.base.distance(to: found) + 1
        scan = lineStart
        recordStart = lineStart
        return
      }
      recordStart = end
      lineStart = end
      scan = end
      if inputEnded { return }
      try read()
    }
  }

  /// The next line that contains `literal`'s needle (for lines framing
  /// without CR stripping): whole runs of complete lines are searched at once
  /// and only the lines with a match are framed, as ripgrep does. The lines
  /// skipped still count in ``recordNumber``.
  mutating func nextLine(containing literal: LiteralSearcher) throws(SluiceError) -> Record? {
    while true {
      recordStart = lineStart
      // The complete lines read so far; all that is left once the input ended.
      let regionEnd = inputEnded ? end : completeLinesEnd()
      if regionEnd > lineStart {
        let region = UnsafeRawBufferPointer(
          start: storage.base + lineStart, count: regionEnd - lineStart)
        if let offset = literal.firstMatch(in: region) {
          let hit = lineStart + offset
          var start = hit
          while start > lineStart && byte(at: start - 1) != 0x0A { start -= 1 }
          recordNumber += countOccurrences(
            of: 0x0A, in: UnsafeRawBufferPointer(rebasing: region[..<(start - lineStart)]))
          let stop =
            memchr(storage.base + hit, 0x0A, regionEnd - hit).map { storage.base.distance(to: $0) }
            ?? regionEnd
          lineStart = min(stop + 1, regionEnd)
          scan = lineStart
          return try handOut(start..<stop)
        }
        recordNumber += countOccurrences(of: 0x0A, in: region)
        if inputEnded && region.last != 0x0A { recordNumber += 1 }
        lineStart = regionEnd
        scan = regionEnd
      }
      if inputEnded { return nil }
      try read()
    }
  }

  /// The position after the last LF read after `lineStart` (`lineStart` when
  /// there is none). Only bytes not searched before are looked at, so a long
  /// line read in many pieces is not scanned again and again.
  private mutating func completeLinesEnd() -> Int {
    var position = end
    let floor = max(lineStart, scan)
    while position > floor {
      if byte(at: position - 1) == 0x0A { return position }
      position -= 1
    }
    scan = end
    return lineStart
  }

  // MARK: Framings

  private mutating func nextSeparated(by separator: UInt8, strippingCR: Bool) throws(SluiceError)
    -> Range<Int>?
  {
    recordStart = lineStart
    guard var line = try nextLine(separator) else { return nil }
    if strippingCR && !line.isEmpty && byte(at: line.upperBound - 1) == 0x0D {
      line = line.lowerBound..<(line.upperBound - 1)
    }
    return line
  }

  private mutating func nextParagraph() throws(SluiceError) -> Range<Int>? {
    var length = 0
    repeat {
      recordStart = lineStart
      guard let line = try nextLine(0x0A) else { return nil }
      length = line.count
    } while length == 0
    while let line = try nextLine(0x0A), !line.isEmpty {
      length = line.upperBound - recordStart
    }
    return recordStart..<(recordStart + length)
  }

  private mutating func nextRecord(startingAt isStart: (Record) -> Bool) throws(SluiceError)
    -> Range<Int>?
  {
    var length: Int
    if let pending = pendingStartLength {
      length = pending
      pendingStartLength = nil
    } else {
      recordStart = lineStart
      guard let first = try nextLine(0x0A) else { return nil }
      length = first.count
    }
    while let line = try nextLine(0x0A) {
      if isStart(Record(storage: storage, range: line)) {
        let record = recordStart..<(recordStart + length)
        // The start line opens the next record: keep it from here on.
        recordStart = line.lowerBound
        pendingStartLength = line.count
        return record
      }
      length = line.upperBound - recordStart
    }
    return recordStart..<(recordStart + length)
  }

  // MARK: Lines and the buffer

  /// The next run of bytes up to `terminator` (excluded), or up to the end of
  /// the input; `nil` when nothing is left.
  @inline(__always)
  private mutating func nextLine(_ terminator: UInt8) throws(SluiceError) -> Range<Int>? {
    while true {
      if scan < end,
        let found = memchr(storage.base + scan, Int32(terminator), end - scan)
      {
        let position = storage.base.distance(to: found)
        defer {
          lineStart = position + 1
          scan = position + 1
        }
        return lineStart..<position
      }
      scan = end
      if inputEnded {
        guard lineStart < end else { return nil }
        defer { lineStart = end }
        return lineStart..<end
      }
      try read()
    }
  }

  private mutating func handOut(_ range: Range<Int>) throws(SluiceError) -> Record {
    recordNumber += 1
    if range.count > maxRecordSize { throw recordTooLarge() }
    return Record(storage: storage, range: range)
  }

  /// Reads more bytes after `end`, first moving the kept bytes (from
  /// `recordStart`) to the front of this buffer or of a new one.
  private mutating func read() throws(SluiceError) {
    guard let input else {
      inputEnded = true
      return
    }
    let kept = end - recordStart
    if kept > maxRecordSize {
      recordNumber += 1
      oversizedRecordOpen = true
      throw recordTooLarge()
    }
    let unique = isKnownUniquelyReferenced(&storage)
    if recordStart > 0 || !unique || kept == storage.capacity {
      var capacity = storage.capacity
      if kept == capacity {
        capacity = min(capacity * 2, maxRecordSize + 1)
      } else if capacity > defaultCapacity && kept < defaultCapacity / 2 {
        capacity = defaultCapacity  // give back what a long record took
      }
      if unique {
        storage.base.copyMemory(from: storage.base + recordStart, byteCount: kept)
        if capacity != storage.capacity { storage.resize(to: capacity) }
      } else {
        let fresh = ByteStorage(capacity: capacity)
        fresh.base.copyMemory(from: storage.base + recordStart, byteCount: kept)
        storage = fresh
      }
      let shift = recordStart
      recordStart = 0
      lineStart -= shift
      scan -= shift
      end -= shift
    }
    let free = UnsafeMutableRawBufferPointer(
      start: storage.base + end, count: storage.capacity - end)
    let count = try input.read(into: free)
    if count == 0 {
      inputEnded = true
      self.input = nil
    } else {
      end += count
    }
  }

  @inline(__always)
  private func byte(at position: Int) -> UInt8 {
    storage.base.load(fromByteOffset: position, as: UInt8.self)
  }

  private func recordTooLarge() -> SluiceError {
    .recordTooLarge(input: inputName, record: recordNumber, limit: maxRecordSize)
  }
}
