/// Runs a decoder on its own thread, a few buffers ahead of the reader.
///
/// The decoding thread decodes into a small ring of buffers (two of 256 KiB,
/// so memory stays bounded however fast it runs); the reading thread
/// copies out of them. For gzip the reading thread also computes each
/// member's CRC-32 and checks it against the trailer as the bytes pass
/// (``MemberChecker``): decoding then costs the reading thread only a copy,
/// and the CRC costs the decoding thread nothing, so on two cores inflate
/// time alone sets the pace. bzip2 and xz check their own data inside their
/// libraries and are run as they are (zstd is never decoded ahead: see
/// ``DecodedInput``).
///
/// Everything the decoder run alone promises holds: bytes come out in order,
/// a fault is thrown after every byte decoded before it, and the warning is
/// known once the input has ended cleanly. When the reader stops early and
/// drops this decoder, the decoding thread ends at its next buffer.
final class ReadAheadDecoder: Decompressor {
  // Measured on a 256 MiB access log (NOTES.md): zlib inflates 3% faster into
  // 256 KiB than into 128 KiB, and a third buffer bought no speed, only RSS.
  private static let slotCount = 2
  private static let slotSize = 256 * 1024

  /// A decoded buffer on its way to the reader.
  private struct Filled {
    var slot: Int
    var count: Int
    /// Trailers of members ending in this buffer (or exactly at its start).
    var trailers: [MemberTrailer]
  }

  private enum End {
    case clean(SluiceWarning?)
    case failed(SluiceError)
  }

  private struct Ring {
    var free: [Int] = Array(0..<ReadAheadDecoder.slotCount)
    var filled: [Filled] = []
    /// How decoding ended; the reader sees it after the last filled buffer.
    var end: End?
    var cancelled = false
    /// The decoding thread is waiting for the input's writer (a pipe gone
    /// quiet); cleared by the reader once it has let its output out.
    var inputQuiet = false
  }

  /// What the reader waits for.
  private enum Next {
    case buffer(Filled)
    case end(SluiceError?)
    case inputQuiet
  }

  /// What both threads share: the ring's state and its memory. The decoding
  /// thread keeps this alive until it has seen the cancellation.
  private final class Shared: @unchecked Sendable {
    let ring = Monitor(Ring())
    let memory = UnsafeMutableRawBufferPointer.allocate(
      byteCount: ReadAheadDecoder.slotCount * ReadAheadDecoder.slotSize, alignment: 64)

    func slot(_ index: Int) -> UnsafeMutableRawBufferPointer {
      let size = ReadAheadDecoder.slotSize
      return UnsafeMutableRawBufferPointer(rebasing: memory[(index * size)..<((index + 1) * size)])
    }

    deinit { memory.deallocate() }
  }

  private let shared = Shared()
  private let inputName: String
  /// Checks gzip member trailers; nil for formats that check themselves.
  private var checker: MemberChecker?
  /// The buffer being handed out, and how far.
  private var current: Filled?
  private var offset = 0
  private var nextTrailer = 0
  private var deferredError: SluiceError?
  /// How long the reader looks for the next buffer before it sleeps.
  private var spin = AdaptiveSpin()
  /// Called on the reading thread when the decoding thread waits for the
  /// input's writer (a pipe gone quiet) and every decoded buffer is read.
  private let whenStalled: (() -> Void)?
  private var finished = false
  private(set) var warning: SluiceWarning?

  /// Starts decoding gzip from `source`, whose first bytes, already read
  /// while sniffing the format, are `prefix`, on a new thread, inflating with
  /// `backend`; the member checksums are computed on the reading thread.
  /// `whenStalled` is called on the reading thread when `source` waits for
  /// its writer and every decoded buffer has been read.
  convenience init(
    gzip source: StoredBytes, prefix: UnsafeRawBufferPointer, backend: InflateBackend,
    whenStalled: (() -> Void)? = nil
  ) {
    self.init(
      running: GzipDecoder(source: source, prefix: prefix, backend: backend, checksByReader: true),
      reading: source, checker: MemberChecker(backend), whenStalled: whenStalled)
  }

  /// Starts running `decoder`, which nothing else may use from now on, on a
  /// new thread. `checker` checks the trailers a gzip decoder made with
  /// `checksByReader` leaves behind; without one, the decoder must leave none.
  /// `whenStalled` is called on the reading thread when `source`, which
  /// `decoder` reads, waits for its writer and every decoded buffer has been
  /// read.
  init(
    running decoder: any Decompressor, reading source: StoredBytes,
    checker: MemberChecker? = nil, whenStalled: (() -> Void)? = nil
  ) {
    inputName = source.name
    self.checker = checker
    self.whenStalled = whenStalled
    let shared = self.shared
    // The source is read on the decoding thread from now on, so its stalls
    // are seen there and passed on through the ring (set before the thread
    // starts).
    source.whenStalled =
      whenStalled == nil ? nil : { shared.ring.update { $0.inputQuiet = true } }
    let decoder = UncheckedSendable(decoder)
    WorkerThread { Self.decode(with: decoder.value, into: shared) }.detach()
  }

  deinit {
    shared.ring.update { $0.cancelled = true }
  }

  func read(into output: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    if let error = deferredError {
      deferredError = nil
      throw error
    }
    while !finished {
      guard let filled = current else {
        try takeNextBuffer()
        continue
      }
      // Trailers come only from a gzip decoder, which has a checker.
      if nextTrailer < filled.trailers.count,
        filled.trailers[nextTrailer].decodedEnd == checker!.position
      {
        nextTrailer += 1
        try checker!.endMember(filled.trailers[nextTrailer - 1], input: inputName)
        continue
      }
      var count = min(filled.count - offset, output.count)
      if nextTrailer < filled.trailers.count {
        count = min(count, Int(filled.trailers[nextTrailer].decodedEnd - checker!.position))
      }
      if count > 0 {
        let bytes = UnsafeRawBufferPointer(
          rebasing: shared.slot(filled.slot)[offset..<(offset + count)])
        output.copyMemory(from: bytes)
        checker?.add(bytes)
        offset += count
        return count
      }
      // Every byte and trailer of this buffer is done: hand it back.
      current = nil
      shared.ring.update { $0.free.append(filled.slot) }
    }
    return 0
  }

  /// Waits for the next decoded buffer, or for the end of decoding.
  private func takeNextBuffer() throws(SluiceError) {
    while true {
      let next: Next = spin.measure { budget in
        shared.ring.wait(
          until: { !$0.filled.isEmpty || $0.end != nil || $0.inputQuiet }, spinning: budget,
          then: { ring in
            if !ring.filled.isEmpty { return .buffer(ring.filled.removeFirst()) }
            switch ring.end {
            case .failed(let error): return .end(error)
            case .clean(let warning):
              self.warning = warning
              return .end(nil)
            case nil:
              ring.inputQuiet = false
              return .inputQuiet
            }
          })
      }
      switch next {
      case .buffer(let filled):
        current = filled
        offset = 0
        nextTrailer = 0
      case .end(let error?):
        finished = true
        throw error
      case .end(nil):
        finished = true
      case .inputQuiet:
        whenStalled?()
        continue
      }
      return
    }
  }

  /// The decoding thread: fills free buffers until the input ends, decoding
  /// fails, or the reader goes away.
  private static func decode(with decoder: any Decompressor, into shared: Shared) {
    while true {
      let slot: Int? = shared.ring.wait(
        until: { !$0.free.isEmpty || $0.cancelled },
        then: { $0.cancelled ? nil : $0.free.removeLast() })
      guard let slot else { return }
      var filled = Filled(slot: slot, count: 0, trailers: [])
      var end: End?
      do {
        filled.count = try decoder.read(into: shared.slot(slot))
        if filled.count == 0 { end = .clean(decoder.warning) }
      } catch {
        end = .failed(error)
      }
      // Trailers read just before the end or a fault still need checking.
      decoder.takeTrailers(into: &filled.trailers)
      shared.ring.update { ring in
        if filled.count > 0 || !filled.trailers.isEmpty {
          ring.filled.append(filled)
        } else {
          ring.free.append(slot)
        }
        ring.end = end
      }
      if end != nil { return }
    }
  }
}

/// Hands a value that is used by one thread at a time to another thread.
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
