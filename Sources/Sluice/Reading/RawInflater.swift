/// Which library decodes deflate data.
///
/// zlib is always there. Intel's ISA-L (`libisal-dev`) decodes several times
/// faster; it is compiled in with the package trait `ISAL` (the Makefile turns
/// it on when ISA-L is installed) and then used by default. Both give the same
/// bytes, the same errors and the same data before a fault.
public enum InflateBackend: String, Sendable, CaseIterable {
  /// zlib's `inflate`.
  case zlib
  /// Intel ISA-L's `isal_inflate`.
  case isal

  /// Whether this build of sluice can use the backend.
  public var isAvailable: Bool {
    switch self {
    case .zlib: true
    case .isal: IsalInflater.isCompiledIn
    }
  }

  /// The fastest backend this build has.
  public static var fastest: InflateBackend { IsalInflater.isCompiledIn ? .isal : .zlib }

  /// A fresh raw deflate decoder.
  func makeInflater() -> any RawInflater {
    switch self {
    case .zlib: return ZlibInflater()
    case .isal:
      #if ISAL
        return IsalInflater()
      #else
        preconditionFailure("this sluice was built without ISA-L")
      #endif
    }
  }

  /// Extends `crc` (gzip's CRC-32) over `bytes`.
  @inline(__always)
  func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    switch self {
    case .zlib: return ZlibInflater.crc32(crc, bytes)
    case .isal:
      #if ISAL
        return IsalInflater.crc32(crc, bytes)
      #else
        preconditionFailure("this sluice was built without ISA-L")
      #endif
    }
  }
}

/// Why a raw deflate stream could not be decoded.
struct InflateFailure: Error {
  /// The description GNU gzip gives; the libraries' own wording differs
  /// between them, and sluice reports the same fault the same way whichever
  /// one found it.
  static let formatViolated = InflateFailure()
  let reason = "invalid compressed data--format violated"
}

/// How one call to ``RawInflater/inflate(from:into:)`` went.
struct InflateProgress {
  /// Input bytes consumed. When the stream ends this can be negative, by at
  /// most ``RawInflater/readAhead`` bytes: the decoder had read ahead, in an
  /// earlier call, bytes that follow the stream.
  var consumed: Int
  /// Output bytes produced.
  var produced: Int
  /// Whether the final deflate block has been decoded.
  var finished: Bool
}

/// A raw deflate (RFC 1951) decoder: the gzip framing around it is parsed in
/// Swift (``GzipDecoder``), so every header, trailer and trailing-data
/// decision is sluice's own, whichever library inflates.
protocol RawInflater: AnyObject {
  /// How many consumed input bytes the caller keeps, because the end of a
  /// stream may give them back (see ``InflateProgress/consumed``).
  static var readAhead: Int { get }

  /// Prepares for a new deflate stream, keeping allocated memory.
  func reset()

  /// Decodes as much of `input` into `output` as fits.
  ///
  /// A call that can make no progress (the input ends inside a block) reports
  /// zero bytes consumed and produced; the caller decides whether more input
  /// will come. Input after the end of the stream is left unconsumed.
  func inflate(
    from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(InflateFailure) -> InflateProgress
}

/// The CRC-32 used by gzip.
struct CRC32 {
  /// The checksum of the bytes seen so far.
  private(set) var value: UInt32 = 0
  /// The library that computes it.
  let backend: InflateBackend

  /// A checksum of nothing yet, computed by `backend`'s library.
  init(_ backend: InflateBackend) { self.backend = backend }

  /// Adds `bytes` to the checksum.
  @inline(__always)
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard !bytes.isEmpty else { return }
    value = backend.crc32(value, bytes)
  }

  /// Adds one byte to the checksum.
  mutating func update(_ byte: UInt8) {
    withUnsafeBytes(of: byte) { update($0) }
  }
}
