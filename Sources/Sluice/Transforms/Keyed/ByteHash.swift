/// A fast non-cryptographic 64-bit hash of a byte string, for
/// ``ByteKeyTable``.
///
/// The bytes are taken 8 at a time (unaligned little-endian loads), each word
/// xored into the state and mixed by a *folded multiply*: the full 128-bit
/// product with an odd constant, high half xored onto low half, so every input
/// bit reaches every output bit in one multiplication. The last, partial word
/// is read with loads that overlap bytes already hashed (never past the end),
/// and the length goes into the starting state, so keys of different lengths
/// never hash the same way by construction. The cost is about one multiply per
/// 8 bytes.
///
/// The seed is fixed: nothing sluice writes depends on hash order (aggregates
/// sort their output, `distinct` keeps input order), so runs are repeatable
/// and a random seed would buy nothing but flood resistance, which a local
/// tool reading its user's own files does not need.
enum ByteHash {
  /// The fixed seed (hexadecimal digits of pi).
  static let seed: UInt64 = 0x243F_6A88_85A3_08D3

  // Odd 64-bit constants with well-spread bits.
  private static let lengthFactor: UInt64 = 0x9E37_79B9_7F4A_7C15
  private static let wordFactor: UInt64 = 0xD6E8_FEB8_6659_FD93
  private static let lastFactor: UInt64 = 0xA076_1D64_78BD_642F
  private static let finalFactor: UInt64 = 0xE703_7ED1_A0B4_28DB

  /// The 128-bit product of `a` and `b`, halves xored together.
  @inline(__always)
  static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (high, low) = a.multipliedFullWidth(by: b)
    return high ^ low
  }

  /// The hash of `bytes`.
  @inline(__always)
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let count = bytes.count
    var state = seed ^ (UInt64(truncatingIfNeeded: count) &* lengthFactor)
    guard let base = bytes.baseAddress, count > 0 else { return fold(state, finalFactor) }
    if count >= 8 {
      var offset = 0
      while offset + 8 < count {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        state = fold(state ^ word, wordFactor)
        offset += 8
      }
      // The last 8 bytes, overlapping the previous word when count is not a
      // multiple of 8.
      let word = UInt64(
        littleEndian: base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
      state = fold(state ^ word, lastFactor)
    } else if count >= 4 {
      let first = UInt32(littleEndian: base.loadUnaligned(as: UInt32.self))
      let last = UInt32(
        littleEndian: base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
      state = fold(state ^ (UInt64(first) << 32 | UInt64(last)), lastFactor)
    } else {
      // 1 to 3 bytes: first, middle and last (with the length, one-to-one).
      let first = UInt64(bytes[0])
      let middle = UInt64(bytes[count / 2])
      let last = UInt64(bytes[count - 1])
      state = fold(state ^ (first << 16 | middle << 8 | last), lastFactor)
    }
    return fold(state ^ seed, finalFactor)
  }
}
