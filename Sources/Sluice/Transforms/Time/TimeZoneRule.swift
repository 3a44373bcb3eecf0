#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The zone that gives wall-clock times without an offset their meaning.
///
/// Named zones (`Europe/Berlin`) come from the C library's time zone
/// database: ``named(_:)`` makes the process's local time that zone, so a
/// process has one named zone at a time; UTC and fixed offsets need no
/// database.
public enum TimeZoneRule: Sendable, Equatable, CustomStringConvertible {
  /// Coordinated Universal Time.
  case utc
  /// A fixed offset, in seconds east of UTC (`+01:00` is 3600).
  case fixed(seconds: Int)
  /// The C library's local time: the zone `TZ` names, else the system's.
  case local

  /// Parses `UTC` (or `Z`, `GMT`), `local`, an offset (`+01:00`, `-0530`,
  /// `+05`), or the name of a zone in the system's database
  /// (`Europe/Berlin`), which becomes the process's local time (see
  /// ``named(_:)``). `nil` when it is none of these.
  public init?(argument text: String) {
    switch text.lowercased() {
    case "utc", "z", "gmt", "etc/utc", "+00:00": self = .utc
    case "local": self = .local
    default:
      let bytes = Array(text.utf8)
      if let offset = bytes.withUnsafeBufferPointer({ Self.offset(parsing: $0) }),
        offset.length == bytes.count
      {
        self = offset.seconds == 0 ? .utc : .fixed(seconds: offset.seconds)
      } else if let named = Self.named(text) {
        self = named
      } else {
        return nil
      }
    }
  }

  /// Makes the zone called `name` in the system's time zone database the
  /// process's local time (it sets `TZ`) and returns ``local``; `nil`, with
  /// nothing changed, when the database has no such zone.
  ///
  /// Call it before starting threads that read the time: the C library's
  /// local time is one setting per process.
  public static func named(_ name: String) -> TimeZoneRule? {
    guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..")
    else { return nil }
    let folder = getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
    // A zone file starts with the magic "TZif"; the folder also holds tables.
    guard let file = fopen("\(folder)/\(name)", "r") else { return nil }
    defer { fclose(file) }
    var magic = [UInt8](repeating: 0, count: 4)
    guard fread(&magic, 1, 4, file) == 4, magic == Array("TZif".utf8) else { return nil }
    setenv("TZ", name, 1)
    tzset()
    return .local
  }

  /// The offset east of UTC, in seconds, in effect at `utcSeconds`.
  public func offset(atUTC utcSeconds: Int64) -> Int {
    switch self {
    case .utc: return 0
    case .fixed(let seconds): return seconds
    case .local:
      var time = time_t(utcSeconds)
      var parts = tm()
      guard localtime_r(&time, &parts) != nil else { return 0 }
      return parts.tm_gmtoff
    }
  }

  /// `UTC`, `+01:00`, or `local`.
  public var description: String {
    switch self {
    case .utc: "UTC"
    case .fixed(let seconds): Self.offsetText(seconds)
    case .local: "local"
    }
  }

  /// `+HH:MM` for an offset in seconds east of UTC.
  static func offsetText(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let minutes = abs(seconds) / 60
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
  }

  /// Parses an offset at the start of `bytes`: `+HH:MM`, `+HHMM` or `+HH`
  /// (or `-`), with its length; `nil` when there is none.
  static func offset(parsing bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int, length: Int)? {
    guard bytes.count >= 3, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
      let hours = TimeDigits.number(bytes, 1, 2), hours <= 23
    else { return nil }
    let sign = bytes[0] == UInt8(ascii: "-") ? -1 : 1
    var minutes = 0
    var length = 3
    if bytes.count >= 6, bytes[3] == UInt8(ascii: ":"), let value = TimeDigits.number(bytes, 4, 2) {
      minutes = value
      length = 6
    } else if bytes.count >= 5, let value = TimeDigits.number(bytes, 3, 2) {
      minutes = value
      length = 5
    }
    guard minutes <= 59 else { return nil }
    return (sign * (hours * 3600 + minutes * 60), length)
  }
}

/// Converts between UTC and a zone's wall clock, remembering the last offset
/// it looked up: log times come in order, so one lookup serves many records.
struct ZoneClock {
  let rule: TimeZoneRule
  private var cachedBlock = Int64.min
  private var cachedOffset = 0

  init(_ rule: TimeZoneRule) { self.rule = rule }

  /// The offset in effect at `utcSeconds`. Zones change their offset on the
  /// quarter hour at the finest, so an offset holds for its quarter hour.
  mutating func offset(atUTC utcSeconds: Int64) -> Int {
    switch rule {
    case .utc: return 0
    case .fixed(let seconds): return seconds
    case .local:
      let block = utcSeconds >= 0 ? utcSeconds / 900 : (utcSeconds + 1) / 900 - 1
      if block != cachedBlock {
        cachedOffset = rule.offset(atUTC: block * 900)
        cachedBlock = block
      }
      return cachedOffset
    }
  }

  /// The UTC seconds of the wall-clock time `localSeconds` (seconds since
  /// 1970-01-01T00:00 on the zone's clock). A time that happens twice (when
  /// clocks go back) is the first; one that never happens (when they go
  /// forward) takes the offset from before the change: Python's `fold=0`.
  mutating func utcSeconds(forLocal localSeconds: Int64) -> Int64 {
    switch rule {
    case .utc: return localSeconds
    case .fixed(let seconds): return localSeconds - Int64(seconds)
    case .local:
      // Offsets change at most once a day: the ones a day before and a day
      // after are the only candidates.
      let before = Int64(offset(atUTC: localSeconds - 86_400))
      let after = Int64(offset(atUTC: localSeconds + 86_400))
      let early = localSeconds - before
      if before == after || Int64(offset(atUTC: early)) == before { return early }
      let late = localSeconds - after
      return Int64(offset(atUTC: late)) == after ? late : early
    }
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, `YYYY-MM-DDTHH:MM:SS+HH:MM` elsewhere.
  mutating func iso8601(utcSeconds: Int64) -> String {
    let offset = offset(atUTC: utcSeconds)
    let wall = CivilTime(secondsSinceEpoch: utcSeconds + Int64(offset)).iso8601
    return rule == .utc ? wall + "Z" : wall + TimeZoneRule.offsetText(offset)
  }
}

extension ZoneClock {
  /// The zone's wall-clock time at `utcSeconds`, in seconds since
  /// 1970-01-01T00:00 on that clock.
  mutating func wallSeconds(ofUTC utcSeconds: Int64) -> Int64 {
    utcSeconds + Int64(offset(atUTC: utcSeconds))
  }
}
