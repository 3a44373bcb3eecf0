/// Decodes a sequence of gzip members (RFC 1952) exactly as GNU `gzip -dc`
/// does: multi-member files, optional header fields, the header CRC, CRC-32 and
/// length checks per member, silent zero padding and a warning for other
/// trailing data.
///
/// Data decoded before a fault is always handed out before the fault is
/// reported: a read that meets a fault after producing bytes returns them, and
/// the next read throws.
///
/// The CRC-32 of each member is computed here unless the decoder was made with
/// `checksByReader`: then it only collects the trailers
/// (``takeTrailers(into:)``) for the thread that reads its output to check.
final class GzipDecoder: Decompressor {
  private enum State {
    case header, body, trailer, betweenMembers, finished
  }

  private static let inputCapacity = 64 * 1024
  /// A member header without its optional fields, and a member trailer.
  private static let fixedHeaderSize = 10
  private static let trailerSize = 8
  /// Consumed bytes kept before the next unconsumed one, for an inflater
  /// that gives back bytes it read ahead (ISA-L) at the end of a member.
  private static let history = 8

  private let source: StoredBytes
  private let backend: InflateBackend
  private let inflater: any RawInflater
  private let input: UnsafeMutableRawBufferPointer
  private var inputStart = 0
  private var inputEnd = 0
  private var state = State.header
  private let checksByReader: Bool
  private var crc: CRC32
  private var trailers: [MemberTrailer] = []
  private var memberSize: UInt32 = 0
  private var decoded: UInt64 = 0
  private var deferredError: SluiceError?
  private(set) var warning: SluiceWarning?

  /// Creates a decoder for `source`, whose first bytes, already read while
  /// sniffing the format, are `prefix`, inflating with `backend`. With
  /// `checksByReader`, member checksums are left to the reader of the output
  /// (see ``MemberChecker``).
  init(
    source: StoredBytes, prefix: UnsafeRawBufferPointer, backend: InflateBackend,
    checksByReader: Bool = false
  ) {
    self.source = source
    self.backend = backend
    inflater = backend.makeInflater()
    crc = CRC32(backend)
    self.checksByReader = checksByReader
    input = .allocate(byteCount: max(Self.inputCapacity, prefix.count), alignment: 16)
    input.copyMemory(from: prefix)
    inputEnd = prefix.count
  }

  deinit { input.deallocate() }

  /// Moves the trailers read since the last call to the end of `list`, for
  /// a decoder made with `checksByReader`.
  func takeTrailers(into list: inout [MemberTrailer]) {
    list.append(contentsOf: trailers)
    trailers.removeAll(keepingCapacity: true)
  }

  func read(into output: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    if let error = deferredError {
      deferredError = nil
      throw error
    }
    var produced = 0
    // What is decoded goes out before a read that may wait on a slow pipe
    // (a followed log): a state that needs `count` more bytes than are
    // buffered returns first.
    func waits(for count: Int) -> Bool { produced > 0 && inputEnd - inputStart < count }
    do throws(SluiceError) {
      while produced < output.count {
        switch state {
        case .header:
          if waits(for: Self.fixedHeaderSize) { return produced }
          try readHeader()
          inflater.reset()
          crc = CRC32(backend)
          memberSize = 0
          state = .body
        case .body:
          if inputStart == inputEnd {
            if waits(for: 1) { return produced }
            guard try refillInput() else { throw truncated() }
          }
          let rest = UnsafeMutableRawBufferPointer(rebasing: output[produced...])
          let progress: InflateProgress
          do {
            progress = try inflater.inflate(
              from: UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd]), into: rest)
          } catch {
            throw corrupt(error.reason)
          }
          if !checksByReader {
            crc.update(UnsafeRawBufferPointer(rebasing: rest[..<progress.produced]))
          }
          memberSize &+= UInt32(truncatingIfNeeded: progress.produced)
          decoded += UInt64(progress.produced)
          produced += progress.produced
          inputStart += progress.consumed
          assert(inputStart >= 0, "the inflater gave back more than it read")
          if progress.finished {
            state = .trailer
          } else if progress.consumed == 0 && progress.produced == 0 {
            // zlib wants more than the bytes left: keep them and read more.
            guard try ensureInput(inputEnd - inputStart + 1) else { throw truncated() }
          }
        case .trailer:
          if waits(for: Self.trailerSize) { return produced }
          try checkTrailer()
          state = .betweenMembers
        case .betweenMembers:
          // Two bytes tell another member from the end or garbage.
          if waits(for: 2) { return produced }
          state = try nextMemberFollows() ? .header : .finished
        case .finished:
          return produced
        }
      }
      return produced
    } catch {
      state = .finished
      guard produced == 0 else {
        deferredError = error
        return produced
      }
      throw error
    }
  }

  // MARK: Members

  private func readHeader() throws(SluiceError) {
    var headerCRC = CRC32(backend)
    func byte() throws(SluiceError) -> UInt8 {
      let value = try nextByte()
      headerCRC.update(value)
      return value
    }
    _ = try byte()  // magic, checked by the caller
    _ = try byte()
    let method = try byte()
    guard method == 8 else { throw corrupt("unknown compression method \(method)", at: -1) }
    let flags = try byte()
    guard flags & 0xE0 == 0 else {
      throw corrupt("reserved header flags set (0x\(hex(flags & 0xE0)))", at: -1)
    }
    for _ in 0..<6 { _ = try byte() }  // mtime, extra flags, OS
    if flags & 0x04 != 0 {  // FEXTRA
      let length = Int(try byte()) | Int(try byte()) << 8
      for _ in 0..<length { _ = try byte() }
    }
    if flags & 0x08 != 0 { while try byte() != 0 {} }  // FNAME
    if flags & 0x10 != 0 { while try byte() != 0 {} }  // FCOMMENT
    if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the header's CRC-32
      let computed = UInt16(truncatingIfNeeded: headerCRC.value)
      let stored = UInt16(try nextByte()) | UInt16(try nextByte()) << 8
      guard stored == computed else {
        throw corrupt(
          "header checksum 0x\(hex(stored)) != computed checksum 0x\(hex(computed))", at: -2)
      }
    }
  }

  private func checkTrailer() throws(SluiceError) {
    var storedCRC: UInt32 = 0
    for shift in stride(from: 0, to: 32, by: 8) { storedCRC |= UInt32(try nextByte()) << shift }
    var storedSize: UInt32 = 0
    for shift in stride(from: 0, to: 32, by: 8) { storedSize |= UInt32(try nextByte()) << shift }
    let trailer = MemberTrailer(
      decodedEnd: decoded, storedCRC: storedCRC, lengthMatches: storedSize == memberSize,
      storedOffset: storedOffset - 8)
    if checksByReader {
      trailers.append(trailer)
    } else {
      try trailer.check(computedCRC: crc.value, input: source.name)
    }
  }

  /// Decides what follows a complete member, as GNU gzip does: another member,
  /// the end, zero padding (ignored), or anything else (a warning). A lone
  /// non-zero byte is read as the start of a truncated member.
  private func nextMemberFollows() throws(SluiceError) -> Bool {
    guard try ensureInput(1) else { return false }
    let garbageOffset = storedOffset
    if input[inputStart] == 0 {
      repeat {
        while inputStart < inputEnd {
          if input[inputStart] != 0 {
            warning = .trailingGarbage(input: source.name, offset: garbageOffset)
            return false
          }
          inputStart += 1
        }
      } while try refillInput()
      return false
    }
    guard try ensureInput(2) else { throw truncated() }
    if input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B { return true }
    warning = .trailingGarbage(input: source.name, offset: garbageOffset)
    return false
  }

  // MARK: Input buffer

  /// The offset in the stored input of the next unconsumed byte.
  private var storedOffset: UInt64 { source.offset - UInt64(inputEnd - inputStart) }

  private func nextByte() throws(SluiceError) -> UInt8 {
    guard try ensureInput(1) else { throw truncated() }
    defer { inputStart += 1 }
    return input[inputStart]
  }

  /// Makes at least `count` unconsumed bytes available, unless the input ends.
  private func ensureInput(_ count: Int) throws(SluiceError) -> Bool {
    while inputEnd - inputStart < count {
      if inputStart > Self.history {
        let from = inputStart - Self.history
        input.baseAddress!.copyMemory(from: input.baseAddress! + from, byteCount: inputEnd - from)
        inputStart -= from
        inputEnd -= from
      }
      let count = try source.read(
        into: UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...]))
      if count == 0 { return false }
      inputEnd += count
    }
    return true
  }

  /// Replaces the (fully consumed) input buffer with the next bytes, keeping
  /// the last ``history`` consumed ones in front of them.
  private func refillInput() throws(SluiceError) -> Bool {
    let kept = min(Self.history, inputEnd)
    input.baseAddress!.copyMemory(from: input.baseAddress! + inputEnd - kept, byteCount: kept)
    inputStart = kept
    inputEnd =
      kept + (try source.read(into: UnsafeMutableRawBufferPointer(rebasing: input[kept...])))
    return inputEnd > kept
  }

  // MARK: Errors

  private func truncated() -> SluiceError {
    .corruptInput(
      input: source.name, reason: "unexpected end of file", offset: source.offset,
      decodedOffset: decoded)
  }

  /// A fault found at `delta` bytes from the next unconsumed byte.
  private func corrupt(_ reason: String, at delta: Int = 0) -> SluiceError {
    .corruptInput(
      input: source.name, reason: reason,
      offset: UInt64(Int64(storedOffset) + Int64(delta)), decodedOffset: decoded)
  }

  private func hex<T: BinaryInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, MemoryLayout<T>.size * 2 - digits.count)) + digits
  }
}
