/// A length of time written the way people write it on a command line:
/// `30s`, `5m`, `1h`, `1d`, `1w`, or several together, `1h30m`.
public struct TimeSpan: Equatable, Sendable, CustomStringConvertible {
  /// The length in seconds.
  public var seconds: Int64

  /// A span of `seconds`.
  public init(seconds: Int64) { self.seconds = seconds }

  /// Parses one or more `N` + unit (`s`, `m`, `h`, `d` = 24 hours, `w` =
  /// 7 days); `nil` unless all of `text` is that, and the span is more than
  /// zero and at most 200 years (so that a time that far back is still a
  /// ``Timestamp``).
  public init?(_ text: String) {
    var total: Int64 = 0
    var number: Int64? = nil
    for byte in text.utf8 {
      if case let digit = byte &- UInt8(ascii: "0"), digit < 10 {
        let value = (number ?? 0) * 10 + Int64(digit)
        guard value < 1_000_000_000_000 else { return nil }
        number = value
        continue
      }
      guard let count = number, let unit = Self.unitSeconds(byte) else { return nil }
      total += count * unit
      guard total <= 200 * 366 * 86_400 else { return nil }
      number = nil
    }
    guard number == nil, total > 0 else { return nil }
    seconds = total
  }

  private static func unitSeconds(_ byte: UInt8) -> Int64? {
    switch byte {
    case UInt8(ascii: "s"): 1
    case UInt8(ascii: "m"): 60
    case UInt8(ascii: "h"): 3600
    case UInt8(ascii: "d"): 86_400
    case UInt8(ascii: "w"): 604_800
    default: nil
    }
  }

  /// The largest units that write it: `90m` is `1h30m`.
  public var description: String {
    var rest = seconds
    var text = ""
    for (unit, name) in [(Int64(604_800), "w"), (86_400, "d"), (3600, "h"), (60, "m"), (1, "s")]
    where rest >= unit {
      text += "\(rest / unit)\(name)"
      rest %= unit
    }
    return text
  }
}
