#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// An instant, as nanoseconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// 64 bits of nanoseconds reach from 1677 to 2262: every log's lifetime.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// Nanoseconds since the Unix epoch; negative before it.
  public var nanoseconds: Int64

  /// The instant `nanoseconds` after the Unix epoch.
  @inlinable
  public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  /// The instant `seconds` (and `nanoseconds` more) after the Unix epoch.
  @inlinable
  public init(seconds: Int64, nanoseconds: Int64 = 0) {
    self.nanoseconds = seconds &* 1_000_000_000 &+ nanoseconds
  }

  /// The instant `seconds` (and `nanoseconds` more) after the Unix epoch, or
  /// `nil` outside what 64 bits of nanoseconds hold (1677 to 2262): a year
  /// 1 or 9999 in a log is a placeholder, not a time.
  public init?(checkedSeconds seconds: Int64, nanoseconds: Int64 = 0) {
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    guard !overflow else { return nil }
    let (total, overflowAgain) = scaled.addingReportingOverflow(nanoseconds)
    guard !overflowAgain else { return nil }
    self.nanoseconds = total
  }

  /// Whole seconds since the epoch, rounded down.
  @inlinable
  public var seconds: Int64 {
    nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
  }

  /// The nanoseconds past ``seconds``, 0 to 999,999,999.
  @inlinable
  public var nanosecondsInSecond: Int64 { nanoseconds - seconds * 1_000_000_000 }

  /// This instant moved by `seconds`.
  @inlinable
  public func adding(seconds: Int64) -> Timestamp {
    Timestamp(nanoseconds: nanoseconds &+ seconds &* 1_000_000_000)
  }

  /// Whether `left` is earlier than `right`.
  @inlinable
  public static func < (left: Timestamp, right: Timestamp) -> Bool {
    left.nanoseconds < right.nanoseconds
  }

  /// The current time, from the system clock.
  public static var now: Timestamp {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int64(spec.tv_nsec))
  }

  /// ISO 8601 in UTC, with the fraction only when there is one:
  /// `2026-11-29T10:15:02Z`, `2026-11-29T10:15:02.123Z`.
  public var description: String {
    var text = CivilTime(secondsSinceEpoch: seconds).iso8601
    let fraction = nanosecondsInSecond
    if fraction != 0 {
      var digits = String(fraction)
      digits = String(repeating: "0", count: 9 - digits.count) + digits
      while digits.hasSuffix("0") { digits.removeLast() }
      text += "." + digits
    }
    return text + "Z"
  }
}
