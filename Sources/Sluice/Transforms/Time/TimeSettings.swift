/// How a run finds and reads the times of records: for `since`, `until` and
/// `timeline`.
public struct TimeSettings: Sendable {
  /// The zone of wall-clock times written without an offset (in records and
  /// in TIME arguments), and of the `timeline` buckets.
  public var zone: TimeZoneRule
  /// The year of syslog times, which have none; `nil`: the current year, or
  /// the one before for a time more than a day in the future.
  public var year: Int?
  /// Where a JSON record keeps its time (`.ts`), instead of the first
  /// timestamp in the record's text.
  public var field: JSONPath?
  /// Whether records are in time order, so that `until` may stop reading an
  /// input once it is well past its end.
  public var inTimeOrder: Bool
  /// The instant relative times (`-2h`) count from, fixed once so every
  /// stage and thread of a run agrees on it.
  public var now: Timestamp

  /// Settings for UTC, the current year, timestamps found in the text,
  /// records in time order, and the current time.
  public init(
    zone: TimeZoneRule = .utc, year: Int? = nil, field: JSONPath? = nil,
    inTimeOrder: Bool = true, now: Timestamp = .now
  ) {
    self.zone = zone
    self.year = year
    self.field = field
    self.inTimeOrder = inTimeOrder
    self.now = now
  }

  /// A scanner finding timestamps as these settings say.
  public var scanner: TimestampScanner { TimestampScanner(zone: zone, year: year, now: now) }

  /// The instant a TIME argument names: a timestamp in any form the scanner
  /// knows, a date (`2026-11-29`, midnight in ``zone``), `now`, `@EPOCH`
  /// (seconds, a fraction allowed), or a time before ``now``: `-2h`,
  /// `-1d`, `-1h30m`. `nil` when it is none of these.
  public func instant(_ text: String) -> Timestamp? {
    if text == "now" { return now }
    if text.hasPrefix("-") {
      return TimeSpan(String(text.dropFirst())).map { now.adding(seconds: -$0.seconds) }
    }
    if text.hasPrefix("@") { return EpochTime.instant(String(text.dropFirst())) }
    var scanner = self.scanner
    if let found = scanner.whole(text) { return found }
    // A date alone: midnight on the zone's clock.
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    let date = CivilTime(year: year, month: month, day: day)
    guard date.isValid else { return nil }
    var clock = ZoneClock(zone)
    return Timestamp(checkedSeconds: clock.utcSeconds(forLocal: date.secondsSinceEpoch))
  }
}
