/// Writes the text of a JSON string (the bytes between its quotes, already
/// checked by the scanner) with its escapes decoded, the way `jq -r` prints
/// it:
///
/// - `\n`, `\t`, `\"`, `\/`, `\uXXXX` and the rest become their characters in
///   UTF-8; a surrogate pair (`\ud83d\ude00`) becomes one character; a lone
///   surrogate becomes U+FFFD (as jq 1.7 does; jq 1.6 rejects a lone high
///   surrogate as a parse error).
/// - Invalid UTF-8 becomes U+FFFD by jq's own rule (`jvp_utf8_next`): one
///   U+FFFD per stray byte; for a lead byte, one U+FFFD for it and the
///   continuation bytes that follow it, up to where the sequence breaks; and
///   when a sequence would run past the end of the string, one U+FFFD for all
///   that is left of the string (counted in decoded bytes, as jq counts).
enum JSONStringDecoder {
  /// U+FFFD in UTF-8.
  static let replacement: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

  /// Appends the decoded text of the string body `start..<end` to `builder`.
  static func append(
    _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, to builder: inout RecordBuilder
  ) {
    var p = start
    var run = start
    @inline(__always) func flush(_ upTo: UnsafePointer<UInt8>) {
      if upTo > run { builder.append(UnsafeRawBufferPointer(start: run, count: upTo - run)) }
    }
    while p < end {
      let byte = p.pointee
      if byte < 0x80 && byte != 0x5C {
        p += 1
        continue
      }
      if byte == 0x5C {
        flush(p)
        let (scalar, after) = escape(p, end)
        appendUTF8(scalar, to: &builder)
        p = after
        run = p
        continue
      }
      let length = codingLength(byte)
      if length == 0 {
        flush(p)
        appendReplacement(to: &builder)
        p += 1
        run = p
        continue
      }
      if decodedCount(from: p + 1, to: end, atLeast: length - 1) < length - 1 {
        // jq: "String ends before UTF8 sequence ends": one U+FFFD for the rest.
        flush(p)
        appendReplacement(to: &builder)
        return
      }
      var scalar = UInt32(byte) & (0xFF >> UInt32(length + 1))
      var consumed = length
      var valid = true
      for offset in 1..<length {
        let next = p[offset]
        guard next & 0xC0 == 0x80 else {
          valid = false
          consumed = offset
          break
        }
        scalar = scalar << 6 | UInt32(next & 0x3F)
      }
      if valid {
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        valid = scalar >= smallest && !(0xD800...0xDFFF).contains(scalar) && scalar <= 0x10FFFF
      }
      if valid {
        p += length
      } else {
        flush(p)
        appendReplacement(to: &builder)
        p += consumed
        run = p
      }
    }
    flush(end)
  }

  /// jq's `utf8_coding_length` for a byte from 0x80: 2, 3 or 4 for a lead
  /// byte, 0 for a continuation byte or a byte that never starts a sequence
  /// (0xC0, 0xC1, 0xF5-0xFF).
  @inline(__always)
  static func codingLength(_ byte: UInt8) -> Int {
    switch byte {
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
  }

  /// How many bytes `p..<end` decodes to, counting only until `atLeast`.
  static func decodedCount(
    from p: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>, atLeast: Int
  ) -> Int {
    var p = p
    var count = 0
    while p < end && count < atLeast {
      if p.pointee == 0x5C {
        let (scalar, after) = escape(p, end)
        count += utf8Length(scalar)
        p = after
      } else {
        count += 1
        p += 1
      }
    }
    return count
  }

  /// Decodes the (checked) escape at `p`: its scalar value and the position
  /// after it. A high surrogate takes the low surrogate escape after it; a
  /// lone surrogate is U+FFFD.
  @inline(__always)
  static func escape(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (
    UInt32, UnsafePointer<UInt8>
  ) {
    switch p[1] {
    case 0x62: return (0x08, p + 2)
    case 0x66: return (0x0C, p + 2)
    case 0x6E: return (0x0A, p + 2)
    case 0x72: return (0x0D, p + 2)
    case 0x74: return (0x09, p + 2)
    case 0x75:
      let unit = JSONBytes.hex4(p + 2) ?? 0xFFFD
      if (0xD800...0xDBFF).contains(unit) {
        if end - p >= 12, p[6] == 0x5C, p[7] == 0x75, let low = JSONBytes.hex4(p + 8),
          (0xDC00...0xDFFF).contains(low)
        {
          return (0x10000 + ((unit - 0xD800) << 10 | (low - 0xDC00)), p + 12)
        }
        return (0xFFFD, p + 6)
      }
      return ((0xDC00...0xDFFF).contains(unit) ? 0xFFFD : unit, p + 6)
    default:  // \" \\ \/
      return (UInt32(p[1]), p + 2)
    }
  }

  @inline(__always)
  static func utf8Length(_ scalar: UInt32) -> Int {
    scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
  }

  @inline(__always)
  static func appendReplacement(to builder: inout RecordBuilder) {
    builder.append(replacement.0)
    builder.append(replacement.1)
    builder.append(replacement.2)
  }

  /// Appends `scalar` (a valid scalar value) in UTF-8.
  @inline(__always)
  static func appendUTF8(_ scalar: UInt32, to builder: inout RecordBuilder) {
    switch scalar {
    case ..<0x80:
      builder.append(UInt8(scalar))
    case ..<0x800:
      builder.append(UInt8(0xC0 | scalar >> 6))
      builder.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
      builder.append(UInt8(0xE0 | scalar >> 12))
      builder.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      builder.append(UInt8(0x80 | scalar & 0x3F))
    default:
      builder.append(UInt8(0xF0 | scalar >> 18))
      builder.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      builder.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      builder.append(UInt8(0x80 | scalar & 0x3F))
    }
  }
}
