import CZlib

// The only file that calls zlib. Everything zlib-shaped (z_stream, return
// codes) stays here; the rest of sluice sees byte counts, a CRC value and
// `InflateFailure`.

/// zlib's raw deflate decoder.
final class ZlibInflater: RawInflater {
  // zlib stops exactly at the end of the stream.
  static let readAhead = 0

  // zlib keeps a pointer back to the stream and checks it on every call, so
  // the stream needs a stable address for its whole life.
  private let stream: UnsafeMutablePointer<z_stream>

  /// Creates a decoder for one raw deflate stream.
  init() {
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // Negative window bits: raw deflate, no zlib or gzip wrapper.
    let status = sluice_inflateInit2(stream, -15)
    // Only allocation can fail here, and Swift cannot recover from that.
    precondition(status == Z_OK, "zlib inflateInit2 failed (\(status))")
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Prepares for a new deflate stream, keeping the allocated window.
  func reset() {
    inflateReset(stream)
  }

  /// Decodes as much of `input` into `output` as fits.
  ///
  /// A call that can make no progress (the input ends inside a block) reports
  /// zero bytes consumed and produced; the caller decides whether more input
  /// will come.
  func inflate(
    from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(InflateFailure) -> InflateProgress {
    let z = stream
    z.pointee.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    z.pointee.avail_in = uInt(input.count)
    z.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
    z.pointee.avail_out = uInt(output.count)
    let status = CZlib.inflate(z, Z_NO_FLUSH)
    let progress = InflateProgress(
      consumed: input.count - Int(z.pointee.avail_in),
      produced: output.count - Int(z.pointee.avail_out),
      finished: status == Z_STREAM_END)
    switch status {
    case Z_OK, Z_STREAM_END, Z_BUF_ERROR:
      return progress
    case Z_MEM_ERROR:
      preconditionFailure("zlib inflate ran out of memory")
    default:
      throw .formatViolated
    }
  }

  /// Extends `crc` over `bytes` with zlib's table-driven CRC-32.
  @inline(__always)
  static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    UInt32(
      crc32_z(
        uLong(crc), bytes.baseAddress!.assumingMemoryBound(to: Bytef.self),
        z_size_t(bytes.count)))
  }
}
