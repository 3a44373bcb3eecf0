#if ISAL
  import CISAL

  // The only file that calls ISA-L, compiled with the package trait `ISAL`.
  // As with zlib, only raw deflate is left to the library: the gzip framing
  // stays in GzipDecoder, so both backends make the same decisions.

  /// Intel ISA-L's raw deflate decoder.
  final class IsalInflater: RawInflater {
    static let isCompiledIn = true
    static let readAhead = 8

    // ISA-L's state (about 90 KiB) holds its own buffers and must not move.
    private let state: UnsafeMutablePointer<inflate_state>

    init() {
      state = .allocate(capacity: 1)
      isal_inflate_init(state)
      state.pointee.crc_flag = UInt32(ISAL_DEFLATE)
    }

    deinit { state.deallocate() }

    func reset() {
      isal_inflate_reset(state)
      state.pointee.crc_flag = UInt32(ISAL_DEFLATE)
    }

    func inflate(
      from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(InflateFailure) -> InflateProgress {
      let s = state
      s.pointee.next_in = UnsafeMutablePointer(
        mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
      s.pointee.avail_in = UInt32(input.count)
      s.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
      s.pointee.avail_out = UInt32(output.count)
      let status = isal_inflate(s)
      guard status >= ISAL_DECOMP_OK else { throw .formatViolated }
      var consumed = input.count - Int(s.pointee.avail_in)
      let finished = s.pointee.block_state == ISAL_BLOCK_FINISH
      if finished {
        // ISA-L loads input 8 bytes at a time and keeps what the stream did
        // not need in its bit buffer: those whole bytes are the next member's.
        consumed -= Int(s.pointee.read_in_length) / 8
      }
      return InflateProgress(
        consumed: consumed, produced: output.count - Int(s.pointee.avail_out), finished: finished)
    }

    /// Extends `crc` over `bytes` with ISA-L's carry-less-multiply CRC-32.
    @inline(__always)
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
      crc32_gzip_refl(
        crc, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }
  }
#else
  /// ISA-L is not compiled in: build with the package trait `ISAL`.
  enum IsalInflater {
    static let isCompiledIn = false
  }
#endif
