import CZlib

// The only file that compresses with zlib (ZlibInflater.swift decompresses).
// zlib writes the gzip header and trailer itself (window bits 15 + 16): sluice
// makes plain single-member gzip files, nothing to decide there.

/// A gzip (RFC 1952) compressor for one output stream.
final class GzipCompressor {
  private static let chunkSize = 64 * 1024

  private let stream: UnsafeMutablePointer<z_stream>
  private let chunk: UnsafeMutableRawBufferPointer

  /// Creates a compressor at `level` (1 fastest to 9 smallest).
  init(level: Int) {
    precondition((1...9).contains(level), "gzip level \(level) out of 1...9")
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let status = sluice_deflateInit2(stream, Int32(level), 15 + 16)
    // Only allocation can fail here, and Swift cannot recover from that.
    precondition(status == Z_OK, "zlib deflateInit2 failed (\(status))")
    chunk = .allocate(byteCount: Self.chunkSize, alignment: 16)
  }

  deinit {
    deflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    chunk.deallocate()
  }

  /// Compresses `bytes`, handing each full chunk of compressed output to
  /// `emit`.
  func compress(
    _ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    stream.pointee.next_in = UnsafeMutablePointer(
      mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(bytes.count)
    while stream.pointee.avail_in > 0 {
      try run(Z_NO_FLUSH, emit: emit)
    }
  }

  /// Ends the stream (the rest of the data and the trailer) and hands the
  /// last compressed bytes to `emit`.
  func finish(emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    stream.pointee.next_in = nil
    stream.pointee.avail_in = 0
    while try run(Z_FINISH, emit: emit) != Z_STREAM_END {}
  }

  /// One deflate call into the chunk; emits what it produced.
  @discardableResult
  private func run(_ flush: Int32, emit: (UnsafeRawBufferPointer) throws -> Void) rethrows
    -> Int32
  {
    stream.pointee.next_out = chunk.baseAddress!.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(chunk.count)
    let status = deflate(stream, flush)
    // With input and output space, deflate can only fail on a misused stream.
    precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR)
    let produced = chunk.count - Int(stream.pointee.avail_out)
    if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: chunk[..<produced])) }
    return status
  }
}
