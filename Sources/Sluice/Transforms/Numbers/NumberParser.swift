#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Reads numbers from the bytes of a field, without making a `String`.
///
/// The accepted forms are an optional sign, digits with an optional decimal
/// point (at least one digit on either side of it), and an optional exponent:
/// `12`, `-0`, `+5`, `-3.5`, `.5`, `5.`, `1e3`, `2.5E-2`. Nothing else is a
/// number: no blanks (the callers trim them), no `_` or `,` separators, no
/// hexadecimal, no `inf` or `nan`, and no decimal too large for a `Double`
/// (`1e999`).
///
/// Without a point or an exponent the number is an ``Number/integer(_:)``,
/// read exactly, when it fits in `Int128`; a longer run of digits is read as
/// a ``Number/decimal(_:)`` (rounded to the nearest `Double`).
public enum NumberParser {
  /// The number in `bytes`, or `nil` when they are not one of the forms
  /// above.
  public static func parse(_ bytes: UnsafeRawBufferPointer) -> Number? {
    let count = bytes.count
    var position = 0
    var negative = false
    if count > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
      negative = bytes[0] == UInt8(ascii: "-")
      position = 1
    }
    // One pass: check the form and gather up to 19 significant digits in
    // `mantissa`, the value being mantissa × 10^(scale + exponent).
    var mantissa: UInt64 = 0
    var significant = 0
    var dropped = false
    var scale = 0
    let integerStart = position
    while position < count, case let digit = bytes[position] &- 0x30, digit < 10 {
      if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(digit)
        if mantissa != 0 { significant += 1 }
      } else {
        dropped = true
        scale += 1
      }
      position += 1
    }
    let integerEnd = position
    var fractionDigits = 0
    var isDecimal = false
    if position < count, bytes[position] == UInt8(ascii: ".") {
      isDecimal = true
      position += 1
      let fractionStart = position
      while position < count, case let digit = bytes[position] &- 0x30, digit < 10 {
        if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(digit)
          if mantissa != 0 { significant += 1 }
          scale -= 1
        } else {
          dropped = true
        }
        position += 1
      }
      fractionDigits = position - fractionStart
    }
    guard integerEnd > integerStart || fractionDigits > 0 else { return nil }
    var exponent = 0
    if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      isDecimal = true
      position += 1
      var negativeExponent = false
      if position < count,
        bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")
      {
        negativeExponent = bytes[position] == UInt8(ascii: "-")
        position += 1
      }
      let exponentStart = position
      while position < count, case let digit = bytes[position] &- 0x30, digit < 10 {
        exponent = min(exponent &* 10 &+ Int(digit), 1_000_000)
        position += 1
      }
      guard position > exponentStart else { return nil }
      if negativeExponent { exponent = -exponent }
    }
    guard position == count else { return nil }

    if !isDecimal {
      if !dropped {
        let magnitude = Int128(mantissa)
        return .integer(negative ? -magnitude : magnitude)
      }
      let digits = UnsafeRawBufferPointer(rebasing: bytes[integerStart..<integerEnd])
      if let value = integer(digits, negative: negative) { return .integer(value) }
    } else if !dropped, mantissa <= 1 << 53, case let power = scale + exponent,
      power >= -22 && power <= 22
    {
      // Clinger's fast path: the mantissa and 10^|power| are both exact
      // doubles, so one rounded multiplication or division gives the
      // correctly rounded result, as strtod would.
      var value = Double(mantissa)
      value = power < 0 ? value / powersOfTen[-power] : value * powersOfTen[power]
      return .decimal(negative ? -value : value)
    }
    return decimal(bytes).map { .decimal($0) }
  }

  /// 10^0 through 10^22, all exact in a `Double`.
  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// The value of a run of decimal digits, or `nil` when it does not fit.
  private static func integer(_ digits: UnsafeRawBufferPointer, negative: Bool) -> Int128? {
    // Up to 19 digits fit in a UInt64; only longer runs need 128-bit steps.
    let fast = min(digits.count, 19)
    var small: UInt64 = 0
    for index in 0..<fast { small = small &* 10 &+ UInt64(digits[index] &- 0x30) }
    var magnitude = UInt128(small)
    for index in fast..<digits.count {
      let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, carry) = times10.addingReportingOverflow(UInt128(digits[index] &- 0x30))
      guard !overflow, !carry else { return nil }
      magnitude = sum
    }
    if negative {
      guard magnitude <= UInt128(Int128.max) + 1 else { return nil }
      return magnitude == UInt128(Int128.max) + 1 ? Int128.min : -Int128(magnitude)
    }
    guard magnitude <= UInt128(Int128.max) else { return nil }
    return Int128(magnitude)
  }

  /// The value of a validated decimal, or `nil` when it is not finite.
  private static func decimal(_ bytes: UnsafeRawBufferPointer) -> Double? {
    // strtod wants a NUL-terminated string: copy into a temporary buffer,
    // which is on the stack for any reasonable field.
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) {
      buffer -> Double? in
      let base = buffer.baseAddress!
      UnsafeMutableRawPointer(base).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
      base[bytes.count] = 0
      var end: UnsafeMutablePointer<CChar>?
      let value = strtod(base, &end)
      // strtod follows LC_NUMERIC: if a locale with a decimal comma is in
      // force it stops at the point; fall back to Swift's own parser.
      guard end == base + bytes.count else {
        return Double(String(decoding: bytes, as: UTF8.self))
      }
      return value
    }
    guard let value, value.isFinite else { return nil }
    return value
  }

  @inline(__always)
  private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
}

extension NumberParser {
  /// The number in the UTF-8 bytes of `text` (see ``parse(_:)``).
  public static func parse(_ text: String) -> Number? {
    var text = text
    return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
  }
}
