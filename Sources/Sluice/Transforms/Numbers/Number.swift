/// A number read from a field: a whole number, kept exactly, or a decimal.
///
/// Whole numbers written without a point or an exponent (`12`, `-3`, `+4`)
/// are integers as long as they fit in 128 bits; everything else (`-3.5`,
/// `1e3`, `.5`, integers beyond ±1.7×10^38) is a decimal.
public enum Number: Equatable, Sendable, CustomStringConvertible {
  /// A whole number, exactly.
  case integer(Int128)
  /// A decimal number (always finite).
  case decimal(Double)

  /// The number as a `Double` (rounded when an integer has more than 53
  /// significant bits).
  public var doubleValue: Double {
    switch self {
    case .integer(let value): Self.double(value)
    case .decimal(let value): value
    }
  }

  /// `Double(value)`, fast for values that fit in 64 bits (the standard
  /// library's generic conversion from `Int128` takes hundreds of
  /// nanoseconds).
  @inline(__always)
  static func double(_ value: Int128) -> Double {
    let low = Int64(truncatingIfNeeded: value)
    return Int128(low) == value ? Double(low) : Double(value)
  }

  /// The number as `sum` and `stats` write it: integers in full, decimals as
  /// ``Number/format(_:)`` writes them.
  public var description: String {
    switch self {
    case .integer(let value): String(value)
    case .decimal(let value): Self.format(value)
    }
  }

  /// Writes `value` in the shortest form that reads back as the same
  /// `Double`, except that whole values below 2^53 in magnitude are written
  /// as integers (`1000`, not `1000.0` or `1e+03`).
  public static func format(_ value: Double) -> String {
    if value.isFinite, value.rounded(.towardZero) == value, value.magnitude < 0x1p53 {
      return String(Int64(value))
    }
    return value.description
  }

  /// Whether `self` is smaller than `other`, compared exactly (an integer
  /// beyond 2^53 and a decimal are not rounded to compare them).
  func isLess(than other: Number) -> Bool {
    switch (self, other) {
    case (.integer(let a), .integer(let b)): a < b
    case (.decimal(let a), .decimal(let b)): a < b
    case (.integer(let a), .decimal(let b)): Self.compare(a, b) < 0
    case (.decimal(let a), .integer(let b)): Self.compare(b, a) > 0
    }
  }

  /// -1, 0 or 1 as `integer` is below, equal to or above `decimal`, exactly.
  private static func compare(_ integer: Int128, _ decimal: Double) -> Int {
    if decimal >= 0x1p127 { return -1 }
    if decimal < -0x1p127 { return 1 }
    // Below 2^127 in magnitude the whole part of a double fits in Int128.
    let whole = decimal.rounded(.down)
    let wholeInteger = Int128(whole)
    if integer < wholeInteger { return -1 }
    if integer > wholeInteger { return 1 }
    return whole == decimal ? 0 : -1
  }
}
