#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Finds the timestamp in a log record and tells its instant. It knows the
/// forms common logs write:
///
/// - ISO 8601 / RFC 3339: `2026-11-29T10:15:02.123Z`, with a space or `t`
///   for the `T`, a `,` for the `.`, without seconds, with an offset
///   (`+01:00`, `+0100`, `+01`) or none; also `2026/11/29 10:15:02` (the
///   nginx error log);
/// - Apache and nginx access logs: `29/Nov/2026:10:15:02 +0000`;
/// - syslog: `Nov 29 10:15:02` (the day may be space-padded), which has no
///   year: the fixed one if given, else the current year, or the one before
///   when that would put it more than a day in the future.
///
/// A time without an offset is on the wall clock of the scanner's zone.
/// Every form has a `:` a fixed distance from its start, so the scanner
/// jumps from colon to colon (`memchr`) and tries the forms there, never
/// looking at most bytes.
public struct TimestampScanner {
  private var zone: ZoneClock
  private let fixedYear: Int?
  private let now: Timestamp
  /// The current year on the zone's clock, for syslog times.
  private let currentYear: Int

  /// A scanner reading wall-clock times in `zone`, syslog times in `year`
  /// (when given) or in the year of `now`.
  public init(zone: TimeZoneRule = .utc, year: Int? = nil, now: Timestamp = .now) {
    self.zone = ZoneClock(zone)
    fixedYear = year
    self.now = now
    let offset = zone.offset(atUTC: now.seconds)
    currentYear = CivilTime(secondsSinceEpoch: now.seconds + Int64(offset)).year
  }

  /// The first timestamp in `bytes`, or `nil` when there is none.
  public mutating func first(in bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    guard let base = bytes.baseAddress else { return nil }
    var from = 0
    while from < bytes.count,
      let found = memchr(base + from, Int32(UInt8(ascii: ":")), bytes.count - from)
    {
      let colon = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
      if let time = timestamp(around: colon, in: bytes) { return time.instant }
      from = colon + 1
    }
    return nil
  }

  /// The first timestamp in `text`.
  public mutating func first(in text: String) -> Timestamp? {
    var text = text
    return text.withUTF8 { first(in: $0) }
  }

  /// The instant `text` names when all of it is one timestamp in a form the
  /// scanner knows.
  public mutating func whole(_ text: String) -> Timestamp? {
    var text = text
    return text.withUTF8 { bytes in
      var from = 0
      while from < bytes.count, let colon = bytes[from...].firstIndex(of: UInt8(ascii: ":")) {
        if let time = timestamp(around: colon, in: bytes) {
          return time.start == 0 && time.end == bytes.count ? time.instant : nil
        }
        from = colon + 1
      }
      return nil
    }
  }

  /// A timestamp whose first `:` is at `colon`, with where it starts and ends.
  private mutating func timestamp(around colon: Int, in bytes: UnsafeBufferPointer<UInt8>)
    -> (instant: Timestamp, start: Int, end: Int)?
  {
    if let found = iso(colon: colon, in: bytes) { return found }
    if let found = accessLog(colon: colon, in: bytes) { return found }
    return syslog(colon: colon, in: bytes)
  }

  /// `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][zone]`, or with `/` between the date's
  /// parts; the colon is the one after the hour.
  private mutating func iso(colon: Int, in bytes: UnsafeBufferPointer<UInt8>)
    -> (instant: Timestamp, start: Int, end: Int)?
  {
    let start = colon - 13
    guard start >= 0, !TimeDigits.isDigit(bytes, start - 1) else { return nil }
    let dash = bytes[start + 4]
    guard dash == UInt8(ascii: "-") || dash == UInt8(ascii: "/"), bytes[start + 7] == dash,
      bytes[start + 10] == UInt8(ascii: "T") || bytes[start + 10] == UInt8(ascii: " ")
        || bytes[start + 10] == UInt8(ascii: "t"),
      let year = TimeDigits.number(bytes, start, 4),
      let month = TimeDigits.number(bytes, start + 5, 2),
      let day = TimeDigits.number(bytes, start + 8, 2),
      let hour = TimeDigits.number(bytes, start + 11, 2),
      let minute = TimeDigits.number(bytes, colon + 1, 2)
    else { return nil }
    var end = colon + 3
    var second = 0
    var nanoseconds: Int64 = 0
    if end < bytes.count, bytes[end] == UInt8(ascii: ":"),
      let value = TimeDigits.number(bytes, end + 1, 2)
    {
      second = value
      end += 3
      if end + 1 < bytes.count, bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: ","),
        TimeDigits.isDigit(bytes, end + 1)
      {
        (nanoseconds, end) = TimeDigits.fraction(bytes, end + 1)
      }
    }
    var offset: Int? = nil
    if end < bytes.count {
      if bytes[end] == UInt8(ascii: "Z") || bytes[end] == UInt8(ascii: "z") {
        offset = 0
        end += 1
      } else if let zone = TimeZoneRule.offset(
        parsing: UnsafeBufferPointer(rebasing: bytes[end...]))
      {
        offset = zone.seconds
        end += zone.length
      } else if bytes[end] == UInt8(ascii: " "),
        let zone = TimeZoneRule.offset(parsing: UnsafeBufferPointer(rebasing: bytes[(end + 1)...])),
        zone.length >= 5
      {
        // `2026-11-29 10:15:02 +0100`: a spaced offset, only in full.
        offset = zone.seconds
        end += 1 + zone.length
      }
    }
    let civil = CivilTime(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    guard let instant = instant(of: civil, nanoseconds: nanoseconds, offset: offset) else {
      return nil
    }
    return (instant, start, end)
  }

  /// `DD/Mon/YYYY:HH:MM:SS[ +HHMM]`; the colon is the one after the year.
  private mutating func accessLog(colon: Int, in bytes: UnsafeBufferPointer<UInt8>)
    -> (instant: Timestamp, start: Int, end: Int)?
  {
    let start = colon - 11
    guard start >= 0, bytes[start + 2] == UInt8(ascii: "/"), bytes[start + 6] == UInt8(ascii: "/"),
      let day = TimeDigits.number(bytes, start, 2),
      let month = TimeDigits.month(bytes, start + 3),
      let year = TimeDigits.number(bytes, start + 7, 4),
      colon + 9 <= bytes.count, bytes[colon + 3] == UInt8(ascii: ":"),
      bytes[colon + 6] == UInt8(ascii: ":"),
      let hour = TimeDigits.number(bytes, colon + 1, 2),
      let minute = TimeDigits.number(bytes, colon + 4, 2),
      let second = TimeDigits.number(bytes, colon + 7, 2)
    else { return nil }
    var end = colon + 9
    var offset: Int? = nil
    if end + 1 < bytes.count, bytes[end] == UInt8(ascii: " "),
      let zone = TimeZoneRule.offset(parsing: UnsafeBufferPointer(rebasing: bytes[(end + 1)...])),
      zone.length == 5
    {
      offset = zone.seconds
      end += 6
    }
    let civil = CivilTime(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    guard let instant = instant(of: civil, nanoseconds: 0, offset: offset) else { return nil }
    return (instant, start, end)
  }

  /// `Mon DD HH:MM:SS` (`Nov  2`, `Nov 02` or `Nov 2`); the colon is the one
  /// after the hour.
  private mutating func syslog(colon: Int, in bytes: UnsafeBufferPointer<UInt8>)
    -> (instant: Timestamp, start: Int, end: Int)?
  {
    guard colon >= 8, bytes[colon - 3] == UInt8(ascii: " "),
      let (hour, minute, second) = clock(after: colon, in: bytes)
    else { return nil }
    // The day: two characters (a digit or a padding space, then a digit) or one digit.
    var start: Int
    var day: Int
    if let two = TimeDigits.number(bytes, colon - 5, 2) {
      (start, day) = (colon - 9, two)
    } else if let one = TimeDigits.number(bytes, colon - 4, 1) {
      let padded = colon >= 9 && bytes[colon - 5] == UInt8(ascii: " ")
      (start, day) = (padded ? colon - 9 : colon - 8, one)
    } else {
      return nil
    }
    guard start >= 0, bytes[start + 3] == UInt8(ascii: " "),
      let month = TimeDigits.month(bytes, start),
      start == 0 || !Self.isLetter(bytes[start - 1])
    else { return nil }
    var civil = CivilTime(
      year: fixedYear ?? currentYear, month: month, day: day, hour: hour, minute: minute,
      second: second)
    var instant = instant(of: civil, nanoseconds: 0, offset: nil)
    if fixedYear == nil, let found = instant, found > now.adding(seconds: 86_400) {
      civil.year -= 1
      instant = self.instant(of: civil, nanoseconds: 0, offset: nil)
    }
    guard let instant else { return nil }
    return (instant, start, colon + 6)
  }

  /// `HH:MM:SS` whose first colon is at `colon`, after the hour.
  private func clock(after colon: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    guard colon + 6 <= bytes.count, bytes[colon + 3] == UInt8(ascii: ":"),
      let hour = TimeDigits.number(bytes, colon - 2, 2),
      let minute = TimeDigits.number(bytes, colon + 1, 2),
      let second = TimeDigits.number(bytes, colon + 4, 2)
    else { return nil }
    return (hour, minute, second)
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

  /// The instant of a wall-clock time with `offset` east of UTC, or on the
  /// zone's clock when there is none; `nil` for an impossible date or time.
  private mutating func instant(of civil: CivilTime, nanoseconds: Int64, offset: Int?)
    -> Timestamp?
  {
    guard civil.isValid else { return nil }
    let local = civil.secondsSinceEpoch
    let utc = offset.map { local - Int64($0) } ?? zone.utcSeconds(forLocal: local)
    return Timestamp(checkedSeconds: utc, nanoseconds: nanoseconds)
  }
}
