import CZlib

// The only file that calls zlib. Everything zlib-shaped (z_stream, return
// codes, the C message string) stays here; the rest of sluice sees byte
// counts, a CRC value and `InflateFailure`.

/// Why a raw deflate stream could not be decoded.
struct InflateFailure: Error {
  /// zlib's own description of the fault.
  let reason: String
}

/// How one call to ``Inflater/inflate(from:into:)`` went.
struct InflateProgress {
  /// Input bytes consumed.
  var consumed: Int
  /// Output bytes produced.
  var produced: Int
  /// Whether the final deflate block has been decoded.
  var finished: Bool
}

/// A raw deflate (RFC 1951) decoder: the gzip framing around it is parsed in
/// Swift, so every header, trailer and trailing-data decision is sluice's own.
final class Inflater {
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
      let message = z.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
      throw InflateFailure(reason: "invalid compressed data--\(message)")
    }
  }
}

/// The CRC-32 used by gzip, computed with zlib's table-driven implementation.
struct CRC32 {
  /// The checksum of the bytes seen so far.
  private(set) var value: UInt32 = 0

  /// Adds `bytes` to the checksum.
  @inline(__always)
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    value = UInt32(
      crc32_z(uLong(value), base.assumingMemoryBound(to: Bytef.self), z_size_t(bytes.count)))
  }

  /// Adds one byte to the checksum.
  mutating func update(_ byte: UInt8) {
    withUnsafeBytes(of: byte) { update($0) }
  }
}
