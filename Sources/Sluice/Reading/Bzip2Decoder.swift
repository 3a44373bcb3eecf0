import CBzip2

// The only file that calls libbz2. Everything bzip2-shaped (bz_stream, BZ_*
// codes) stays here; the rest of sluice sees bytes, SluiceError and
// SluiceWarning.

/// Decodes bzip2 data exactly as `bzip2 -dc` does: one stream after another
/// (libbz2 decodes one, so the decoder starts afresh after each), each
/// block's CRC and each stream's combined CRC checked by the library, and
/// after the first stream the tool's rule for what follows: bytes that do not
/// begin a stream header (`BZh1`...`BZh9`) are trailing garbage, ignored with
/// a warning; a header cut short, or a header followed by anything else, is
/// an error.
///
/// `bzip2 -dc` drops the last partial 5000-byte piece of its output at a
/// fault; sluice delivers every byte the library decoded before it, so its
/// output begins with the tool's and is at most 4999 bytes longer.
final class Bzip2Decoder: Decompressor {
  private enum State {
    /// Decoding a stream that began at `start` in the stored input.
    case stream(start: UInt64)
    /// A stream has ended: another one, or the end, follows.
    case betweenStreams
    case finished
  }

  private static let inputCapacity = 64 * 1024

  // libbz2 keeps a pointer back to the stream and checks it on every call,
  // so the stream needs a stable address for its whole life.
  private let stream: UnsafeMutablePointer<bz_stream>
  private let input: CompressedInput
  private var state: State
  private var decoded: UInt64 = 0
  private var pending = PendingFault()
  private(set) var warning: SluiceWarning?

  /// Creates a decoder for `source`, whose first bytes, already read while
  /// sniffing the format, are `prefix`.
  init(source: StoredBytes, prefix: UnsafeRawBufferPointer) {
    input = CompressedInput(source: source, prefix: prefix, capacity: Self.inputCapacity)
    stream = .allocate(capacity: 1)
    stream.initialize(to: bz_stream())
    state = .betweenStreams
    startStream()
  }

  deinit {
    if case .stream = state { BZ2_bzDecompressEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  func read(into output: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    try pending.raise()
    var produced = 0
    do throws(SluiceError) {
      while produced < output.count {
        switch state {
        case .stream(let start):
          if input.available.isEmpty {
            // Hand out what we have rather than block on a slow pipe.
            if produced > 0 { return produced }
            guard try input.refill() else { throw truncated() }
          }
          let step = decode(
            into: UnsafeMutableRawBufferPointer(rebasing: output[produced...]), streamStart: start)
          // The bytes of a failing call count: libbz2 checks a block's CRC
          // after writing the whole block out.
          produced += step.made
          if let fault = step.fault { throw fault }
        case .betweenStreams:
          if input.available.isEmpty {
            if produced > 0 { return produced }
            guard try input.refill() else {
              state = .finished
              return produced
            }
          }
          startStream()
        case .finished:
          return produced
        }
      }
      return produced
    } catch {
      endStream()
      state = .finished
      return try pending.deliver(produced, before: error)
    }
  }

  /// One call to libbz2 over the available input: the bytes it made, and
  /// the fault it found after them, if any.
  private func decode(into output: UnsafeMutableRawBufferPointer, streamStart: UInt64)
    -> (made: Int, fault: SluiceError?)
  {
    let bytes = input.available
    let s = stream
    s.pointee.next_in = UnsafeMutablePointer(
      mutating: bytes.baseAddress!.assumingMemoryBound(to: CChar.self))
    s.pointee.avail_in = UInt32(bytes.count)
    s.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: CChar.self)
    s.pointee.avail_out = UInt32(output.count)
    let status = BZ2_bzDecompress(s)
    input.consume(bytes.count - Int(s.pointee.avail_in))
    let made = output.count - Int(s.pointee.avail_out)
    decoded += UInt64(made)
    switch status {
    case BZ_OK:
      break
    case BZ_STREAM_END:
      endStream()
      state = .betweenStreams
    case BZ_DATA_ERROR_MAGIC:
      // Not a stream header. The first stream's was checked when sniffing,
      // so this follows a complete stream: bzip2 ignores it with a warning.
      endStream()
      state = .finished
      warning = .trailingGarbage(input: input.name, offset: streamStart)
    case BZ_DATA_ERROR:
      return (made, corrupt("data integrity error when decompressing"))
    case BZ_MEM_ERROR:
      // At most 3.7 MB per stream (a 900k block); Swift cannot recover from
      // running out of memory elsewhere either.
      preconditionFailure("libbz2 ran out of memory")
    default:
      preconditionFailure("BZ2_bzDecompress failed (\(status))")
    }
    return (made, nil)
  }

  /// Starts decoding a stream at the next unconsumed byte.
  private func startStream() {
    // small = 0: the fast decoder, as bzip2 -dc uses without -s.
    let status = BZ2_bzDecompressInit(stream, 0, 0)
    precondition(status == BZ_OK, "BZ2_bzDecompressInit failed (\(status))")
    state = .stream(start: input.offset)
  }

  /// Frees the current stream's decoder (its block buffers), if one is open.
  private func endStream() {
    if case .stream = state {
      BZ2_bzDecompressEnd(stream)
      state = .betweenStreams
    }
  }

  // MARK: Errors, in bzip2's words

  private func truncated() -> SluiceError {
    input.fault("compressed file ends unexpectedly", decoded: decoded, atEnd: true)
  }

  private func corrupt(_ reason: String) -> SluiceError { input.fault(reason, decoded: decoded) }
}
