/// The trailer of one gzip member: the CRC-32 and length it records, where it
/// is, and whether the length matched the bytes the member decoded to.
///
/// The decoder reads trailers; whoever computes the CRC of the decoded bytes
/// checks them. When decoding runs ahead on its own thread, that is the
/// reading thread, so the CRC costs the decoding thread nothing.
struct MemberTrailer {
  /// The offset in the decoded stream where the member's bytes end.
  var decodedEnd: UInt64
  /// The CRC-32 the trailer records.
  var storedCRC: UInt32
  /// Whether the length the trailer records (mod 2^32) matches the member's.
  var lengthMatches: Bool
  /// The offset of the trailer in the stored input.
  var storedOffset: UInt64

  /// Checks the member whose decoded bytes have the checksum `computedCRC`,
  /// in GNU gzip's order: the CRC first, then the length.
  func check(computedCRC: UInt32, input: String) throws(SluiceError) {
    guard storedCRC == computedCRC else {
      throw fault("invalid compressed data--crc error", at: storedOffset, input: input)
    }
    guard lengthMatches else {
      throw fault("invalid compressed data--length error", at: storedOffset + 4, input: input)
    }
  }

  private func fault(_ reason: String, at offset: UInt64, input: String) -> SluiceError {
    .corruptInput(input: input, reason: reason, offset: offset, decodedOffset: decodedEnd)
  }
}

/// Checks the members of a decoded stream against their trailers while the
/// decoded bytes pass by, in order.
struct MemberChecker {
  private var crc: CRC32
  /// Decoded bytes seen so far.
  private(set) var position: UInt64 = 0

  /// A checker computing CRCs with `backend`'s library.
  init(_ backend: InflateBackend) { crc = CRC32(backend) }

  /// Adds decoded bytes; they must not cross the end of the next member.
  @inline(__always)
  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    crc.update(bytes)
    position += UInt64(bytes.count)
  }

  /// Checks the member that ends here and starts the next one.
  mutating func endMember(_ trailer: MemberTrailer, input: String) throws(SluiceError) {
    precondition(trailer.decodedEnd == position, "member checked away from its end")
    defer { crc = CRC32(crc.backend) }
    try trailer.check(computedCRC: crc.value, input: input)
  }
}
