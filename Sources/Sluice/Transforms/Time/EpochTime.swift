/// Unix times written as numbers: `1764411302`, `1764411302.123`.
enum EpochTime {
  /// The instant a number of seconds since the epoch names (a fraction and a
  /// minus sign allowed). Numbers too large for seconds in any log are taken
  /// as milliseconds (from 10^11), microseconds (10^14) or nanoseconds
  /// (10^17), the other units JSON logs use. `nil` unless all of `text` is
  /// such a number.
  static func instant(_ text: String) -> Timestamp? {
    var text = text
    return text.withUTF8 { instant($0) }
  }

  /// ``instant(_:)-(String)`` over UTF-8 bytes.
  static func instant(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    var index = 0
    let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    let digitsStart = index
    var whole: Int64 = 0
    while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
      guard whole <= (Int64.max - 9) / 10 else { return nil }
      whole = whole * 10 + Int64(digit)
      index += 1
    }
    guard index > digitsStart else { return nil }
    var fraction: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      guard TimeDigits.isDigit(bytes, index + 1) else { return nil }
      (fraction, index) = TimeDigits.fraction(bytes, index + 1)
    }
    guard index == bytes.count else { return nil }
    // The unit: seconds up to 10^11 (the year 5138), then ms, us, ns.
    let (scale, extra): (Int64, Int64) =
      switch whole {
      case ..<100_000_000_000: (1_000_000_000, fraction)
      case ..<100_000_000_000_000: (1_000_000, fraction / 1000)
      case ..<100_000_000_000_000_000: (1000, fraction / 1_000_000)
      default: (1, 0)
      }
    // Past 2262 (the edge of 64 bits of nanoseconds) is no time at all.
    let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
    guard !overflow, scaled <= Int64.max - extra else { return nil }
    return Timestamp(nanoseconds: negative ? -(scaled + extra) : scaled + extra)
  }
}
