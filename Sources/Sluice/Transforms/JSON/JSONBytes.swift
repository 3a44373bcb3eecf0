/// The byte-level steps of the JSON scanner: whitespace, strings, numbers and
/// literals, each taking a cursor and the end of the record and returning the
/// cursor after what it read, or `nil` when the bytes are not valid JSON
/// there. No step reads at or past `end`, and none allocates.
enum JSONBytes {
  /// Whether `byte` is JSON whitespace (space, TAB, LF, CR).
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// Skips whitespace.
  @inline(__always)
  static func skipSpace(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>
  {
    var p = p
    while p < end && p.pointee <= 0x20 && isSpace(p.pointee) { p += 1 }
    return p
  }

  /// The first byte at or after `p` that is `"`, `\` or a control character
  /// (below 0x20), or `end`: eight bytes at a time while eight are left.
  @inline(__always)
  static func findStringSpecial(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>
  {
    var p = p
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while end - p >= 8 {
      let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      let quotes = word ^ (ones &* 0x22)
      let backslashes = word ^ (ones &* 0x5C)
      // A byte is flagged when it is zero (after the xor) or below 0x20; the
      // lowest flagged byte is always a true one (borrows only run upwards).
      let flagged =
        ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
        | ((word &- ones &* 0x20) & ~word)
      let hits = flagged & highs
      if hits != 0 { return p + hits.trailingZeroBitCount / 8 }
      p += 8
    }
    while p < end {
      let byte = p.pointee
      if byte == 0x22 || byte == 0x5C || byte < 0x20 { return p }
      p += 1
    }
    return end
  }

  /// Reads the rest of a string after its opening quote, checking its
  /// escapes; returns the position after the closing quote. `escaped` is set
  /// when the string has a backslash.
  @inline(__always)
  static func string(
    _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, escaped: inout Bool
  ) -> UnsafePointer<UInt8>? {
    var p = p
    while true {
      p = findStringSpecial(p, end)
      guard p < end else { return nil }
      let byte = p.pointee
      if byte == 0x22 { return p + 1 }
      guard byte == 0x5C else { return nil }  // a control character
      escaped = true
      guard let after = escape(p, end) else { return nil }
      p = after
    }
  }

  /// Checks the escape at `p` (a backslash) and returns the position after it.
  @inline(__always)
  static func escape(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>?
  {
    guard end - p >= 2 else { return nil }
    switch p[1] {
    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: return p + 2
    case 0x75:  // u
      guard end - p >= 6, hex4(p + 2) != nil else { return nil }
      return p + 6
    default: return nil
    }
  }

  /// The value of four hex digits at `p` (which must have four bytes), or nil.
  @inline(__always)
  static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32? {
    var value: UInt32 = 0
    for offset in 0..<4 {
      let byte = p[offset]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte &- 0x30)
      case 0x41...0x46: digit = UInt32(byte &- 0x37)
      case 0x61...0x66: digit = UInt32(byte &- 0x57)
      default: return nil
      }
      value = value << 4 | digit
    }
    return value
  }

  /// Reads a number as RFC 8259 writes it: `-? (0 | [1-9][0-9]*)
  /// (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
  @inline(__always)
  static func number(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>?
  {
    var p = p
    if p.pointee == 0x2D { p += 1 }
    guard p < end else { return nil }
    if p.pointee == 0x30 {
      p += 1
    } else {
      guard isDigit(p.pointee) else { return nil }
      p = digits(p + 1, end)
    }
    if p < end && p.pointee == 0x2E {
      guard p + 1 < end, isDigit(p[1]) else { return nil }
      p = digits(p + 2, end)
    }
    if p < end && (p.pointee | 0x20) == 0x65 {
      p += 1
      if p < end && (p.pointee == 0x2B || p.pointee == 0x2D) { p += 1 }
      guard p < end, isDigit(p.pointee) else { return nil }
      p = digits(p + 1, end)
    }
    return p
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

  @inline(__always)
  static func digits(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>
  {
    var p = p
    while p < end && isDigit(p.pointee) { p += 1 }
    return p
  }

  /// Reads `true`, `false` or `null` (the first byte already says which).
  @inline(__always)
  static func literal(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>?
  {
    let left = end - p
    switch p.pointee {
    case 0x74:  // true
      guard left >= 4, p[1] == 0x72, p[2] == 0x75, p[3] == 0x65 else { return nil }
      return p + 4
    case 0x66:  // false
      guard left >= 5, p[1] == 0x61, p[2] == 0x6C, p[3] == 0x73, p[4] == 0x65 else { return nil }
      return p + 5
    default:  // null
      guard left >= 4, p[1] == 0x75, p[2] == 0x6C, p[3] == 0x6C else { return nil }
      return p + 4
    }
  }
}
