import CLzma

// The only file that calls liblzma. Everything liblzma-shaped (lzma_stream,
// lzma_ret) stays here; the rest of sluice sees bytes, SluiceError and
// SluiceWarning.

/// Decodes .xz data exactly as `xz -dc` does: liblzma's stream decoder with
/// the flags the tool passes (concatenated streams, stream padding between
/// and after them, a warning for an integrity check it cannot verify), and
/// the tool's words for each fault.
///
/// `xz -dc` needs nothing more of its own: the library judges truncation,
/// corruption, check mismatches and whatever follows the last stream
/// (padding of a multiple of four zero bytes is fine; anything else is
/// "unexpected end of input" when it is shorter than a stream header, and
/// "compressed data is corrupt" otherwise).
final class XzDecoder: Decompressor {
  /// Memory the decoder may use: a dictionary of up to 128 MiB, the most
  /// `zstd -dc` allows a window, plus liblzma's own few KiB. `xz -dc` sets
  /// no limit, so a file could ask for 4 GiB; every xz preset (`-0` to
  /// `-9e`) needs at most 65 MiB. A file over the limit fails as
  /// `xz -dc --memlimit-decompress=129MiB` fails.
  static let memoryLimit: UInt64 = 129 << 20

  private static let inputCapacity = 64 * 1024

  // liblzma keeps pointers into the stream's internal state, so the stream
  // needs a stable address for its whole life.
  private let stream: UnsafeMutablePointer<lzma_stream>
  private let input: CompressedInput
  private var decoded: UInt64 = 0
  private var finished = false
  private var pending = PendingFault()
  private var uncheckedIntegrity = false

  /// Creates a decoder for `source`, whose first bytes, already read while
  /// sniffing the format, are `prefix`.
  init(source: StoredBytes, prefix: UnsafeRawBufferPointer) {
    input = CompressedInput(source: source, prefix: prefix, capacity: Self.inputCapacity)
    stream = .allocate(capacity: 1)
    // LZMA_STREAM_INIT is all zeros and nulls.
    stream.initialize(to: lzma_stream())
    let status = lzma_stream_decoder(
      stream, Self.memoryLimit, sluice_lzma_concatenated | sluice_lzma_tell_unsupported_check)
    // Only allocation can fail here, and Swift cannot recover from that.
    precondition(status == LZMA_OK, "lzma_stream_decoder failed (\(status.rawValue))")
  }

  deinit {
    lzma_end(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Known once the input has ended cleanly, like gzip's trailing garbage.
  var warning: SluiceWarning? {
    finished && uncheckedIntegrity ? .integrityNotVerified(input: input.name) : nil
  }

  func read(into output: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    try pending.raise()
    var produced = 0
    do throws(SluiceError) {
      while !finished && produced < output.count {
        if input.available.isEmpty && !input.sourceEnded {
          // Hand out what we have rather than block on a slow pipe.
          if produced > 0 { return produced }
          _ = try input.refill()
        }
        let bytes = input.available
        let room = output.count - produced
        let s = stream
        s.pointee.next_in = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_in = bytes.count
        s.pointee.next_out = (output.baseAddress! + produced).assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_out = room
        // LZMA_FINISH once the source has ended: only then does the decoder
        // say whether the input stopped at the end of a stream.
        let status = lzma_code(s, input.sourceEnded ? LZMA_FINISH : LZMA_RUN)
        input.consume(bytes.count - s.pointee.avail_in)
        let made = room - s.pointee.avail_out
        produced += made
        decoded += UInt64(made)
        switch status {
        case LZMA_OK:
          continue
        case LZMA_STREAM_END:
          finished = true
        case LZMA_UNSUPPORTED_CHECK:
          // Decoding goes on, unverified; xz warns and so does sluice.
          uncheckedIntegrity = true
        default:
          throw fault(status)
        }
      }
      return produced
    } catch {
      finished = true
      uncheckedIntegrity = false
      return try pending.deliver(produced, before: error)
    }
  }

  /// The error for a status that ends decoding, in `xz`'s words.
  private func fault(_ status: lzma_ret) -> SluiceError {
    let reason: String
    var atEnd = false
    switch status {
    case LZMA_BUF_ERROR:
      // No progress with all input given: it ended too early.
      reason = "unexpected end of input"
      atEnd = true
    case LZMA_DATA_ERROR: reason = "compressed data is corrupt"
    case LZMA_FORMAT_ERROR: reason = "file format not recognized"
    case LZMA_OPTIONS_ERROR: reason = "unsupported options"
    case LZMA_MEMLIMIT_ERROR:
      reason = "memory usage limit reached (the limit is \(Self.memoryLimit >> 20) MiB)"
    case LZMA_MEM_ERROR: reason = "cannot allocate memory"
    default: reason = "liblzma error \(status.rawValue)"
    }
    return input.fault(reason, decoded: decoded, atEnd: atEnd)
  }
}
