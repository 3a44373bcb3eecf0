// Deterministic generators of time-stamped logs for the since / until /
// timeline tests: every timestamp form sluice reads (ISO 8601 with and
// without zone, nginx error log, Apache access log, syslog, JSON fields),
// mixed with lines that carry no timestamp (stack traces). The same seed
// gives the same bytes on every machine; the only clock-dependent input is
// the instant a test passes in.

import Foundation
import Sluice

enum TimeLogGenerator {
  // MARK: - Zones to write local times in

  /// The zone the generator writes local (zone-less) times in.
  enum Zone: Sendable {
    case utc
    /// A fixed offset east of UTC, in seconds.
    case fixed(Int)
    /// An IANA zone, such as `Europe/Berlin`.
    case named(String)

    /// The offset from UTC in seconds at Unix time `seconds`.
    func offset(at seconds: Int) -> Int {
      switch self {
      case .utc: return 0
      case .fixed(let offset): return offset
      case .named(let name):
        guard let zone = TimeZone(identifier: name) else {
          fatalError("no time zone \(name) on this system")
        }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
      }
    }
  }

  // MARK: - The forms a line's timestamp can take

  enum Form: String, CaseIterable, Sendable {
    /// `2026-03-28T10:00:00.123Z`, with `t`/space separators, `z`, `,` or
    /// `.` fractions of 1 to 12 digits, or no seconds.
    case isoZulu
    /// The same with an offset: `+05:30`, `-0330`, `+02`, ...
    case isoOffset
    /// The same without a zone: local time in the generator's zone.
    case isoLocal
    /// `2026/03/28 10:00:00 [error] ...` (nginx error log), local time.
    case nginx
    /// `1.2.3.4 - - [28/Mar/2026:10:00:00 +0530] "GET ..."`.
    case apache
    /// The same without the offset: `[28/Mar/2026:10:00:00]`, local time.
    case apacheLocal
    /// `Mar  2 10:00:00 host app[12]: ...`, local time, no year.
    case syslog
  }

  /// The forms that say which instant they are without a zone or a year.
  static let explicitForms: [Form] = [.isoZulu, .isoOffset, .apache]
  /// The forms that need `--tz` (and `--year`).
  static let localForms: [Form] = [.isoLocal, .nginx, .apacheLocal, .syslog]

  /// One generated line and the instant its timestamp names (in milliseconds
  /// since the epoch, exactly as written: a fraction cut to fewer digits or a
  /// time without seconds names an earlier instant than the generator's
  /// clock), or nil for a line without a timestamp.
  struct Line: Sendable {
    var text: String
    var millis: Int?
  }

  /// A generated log: its lines and their bytes (each line LF-terminated).
  struct Log: Sendable {
    var lines: [Line]

    var bytes: [UInt8] { Array(lines.map { $0.text + "\n" }.joined().utf8) }
    /// The lines that carry a timestamp.
    var stamped: [Line] { lines.filter { $0.millis != nil } }
  }

  // MARK: - Logs

  /// `count` lines from `start` (ms since the epoch) on, in time order, each
  /// timestamp in a form drawn from `forms`, local times written in `zone`.
  /// About `continuationPercent` of the lines after a timestamped one carry
  /// no timestamp (stack traces, blank lines); `leading` such lines come
  /// before the first timestamp. Between two lines the clock moves on by a
  /// random step from `step` (ms), and now and then (`jumpPercent`) by 1 to
  /// 12 hours, so that a few thousand lines span days.
  static func log(
    seed: UInt64, start: Int, count: Int, forms: [Form] = Form.allCases, zone: Zone = .utc,
    step: ClosedRange<Int> = 0...3000, jumpPercent: Int = 0, continuationPercent: Int = 15,
    leading: Int = 0
  ) -> Log {
    var rng = SeededRandom(seed: seed)
    var lines: [Line] = []
    for _ in 0..<leading { lines.append(Line(text: continuation(using: &rng), millis: nil)) }
    var clock = start
    while lines.count < count {
      if lines.count > leading, Int.random(in: 0..<100, using: &rng) < continuationPercent {
        // A stack trace of one to four lines.
        for _ in 0..<Int.random(in: 1...4, using: &rng) where lines.count < count {
          lines.append(Line(text: continuation(using: &rng), millis: nil))
        }
        continue
      }
      clock += Int.random(in: step, using: &rng)
      if Int.random(in: 0..<100, using: &rng) < jumpPercent {
        clock += Int.random(in: 3600...43_200, using: &rng) * 1000
      }
      let form = forms.randomElement(using: &rng)!
      lines.append(render(clock, form: form, zone: zone, using: &rng))
    }
    return Log(lines: lines)
  }

  /// Lines every `stepSeconds` from `start` to `end` (Unix seconds, end
  /// excluded), in forms from `forms`, local times in `zone`: for the
  /// daylight-saving tests, where the counts per hour and per day must be
  /// known. With `continuations`, some lines are followed by a trace line.
  static func regular(
    seed: UInt64, start: Int, end: Int, stepSeconds: Int, forms: [Form], zone: Zone,
    continuations: Bool = false
  ) -> Log {
    var rng = SeededRandom(seed: seed)
    var lines: [Line] = []
    var seconds = start
    while seconds < end {
      var line = render(
        seconds * 1000, form: forms.randomElement(using: &rng)!, zone: zone,
        wholeSeconds: true, using: &rng)
      line.millis = seconds * 1000
      lines.append(line)
      if continuations, Int.random(in: 0..<4, using: &rng) == 0 {
        lines.append(Line(text: continuation(using: &rng), millis: nil))
      }
      seconds += stepSeconds
    }
    return Log(lines: lines)
  }

  /// `count` JSON lines from `start` (ms) on, with the time in `ts` as an
  /// integer or fractional number of seconds, an ISO string (Z or offset),
  /// or a string of digits, and again in `meta.time` as an ISO string. The
  /// `msg` field before `ts` holds an unrelated ISO timestamp now and then.
  static func jsonLog(seed: UInt64, start: Int, count: Int, step: ClosedRange<Int> = 0...5000)
    -> Log
  {
    var rng = SeededRandom(seed: seed)
    var lines: [Line] = []
    var clock = start
    for id in 0..<count {
      clock += Int.random(in: step, using: &rng)
      let seconds = floorDiv(clock, 1000)
      let millis = clock - seconds * 1000
      var written = clock
      let ts: String
      switch Int.random(in: 0..<6, using: &rng) {
      case 0:
        ts = "\(seconds)"
        written = seconds * 1000
      case 1: ts = "\(seconds).\(pad(millis, 3))"
      case 2:
        ts = "\"\(seconds)\""
        written = seconds * 1000
      case 3:
        ts = "\"\(iso(clock, offset: 0, separator: "T", seconds: true, digits: 3, comma: false))Z\""
      case 4:
        let offset = [19_800, -12_600, 3600, -28_800].randomElement(using: &rng)!
        ts =
          "\"\(iso(clock, offset: offset, separator: "T", seconds: true, digits: 3, comma: false))"
          + "\(offsetText(offset, style: 0))\""
      default:
        ts = "\(seconds).\(pad(millis / 250 * 250, 3))"
        written = seconds * 1000 + millis / 250 * 250
      }
      let meta = iso(written, offset: 0, separator: "T", seconds: true, digits: 3, comma: false)
      let msg =
        Int.random(in: 0..<5, using: &rng) == 0
        ? "replayed event of 2020-01-01T00:00:00Z" : LogGenerator.words.randomElement(using: &rng)!
      let text =
        #"{"id":\#(id),"msg":"\#(msg)","ts":\#(ts),"level":"INFO","meta":{"time":"\#(meta)Z"}}"#
      lines.append(Line(text: text, millis: written))
    }
    return Log(lines: lines)
  }

  // MARK: - Rendering one line

  static func render(
    _ clock: Int, form: Form, zone: Zone, wholeSeconds: Bool = false,
    using rng: inout SeededRandom
  ) -> Line {
    let seconds = floorDiv(clock, 1000)
    let local = zone.offset(at: seconds)
    let message = message(using: &rng)
    switch form {
    case .isoZulu, .isoOffset, .isoLocal:
      let offset: Int
      switch form {
      case .isoZulu: offset = 0
      case .isoOffset:
        offset =
          wholeSeconds
          ? local
          : [19_800, -12_600, 7200, 3600, -28_800, 0, 50_400, -34_200].randomElement(
            using: &rng)!
      default: offset = local
      }
      let separator = weighted([("T", 60), (" ", 35), ("t", 5)], using: &rng)
      let hasSeconds = wholeSeconds || Int.random(in: 0..<10, using: &rng) > 0
      let digits =
        wholeSeconds || !hasSeconds
        ? 0 : [0, 0, 1, 2, 3, 3, 3, 3, 6, 9, 12].randomElement(using: &rng)!
      var stamp = iso(
        clock, offset: offset, separator: separator, seconds: hasSeconds, digits: digits,
        comma: Int.random(in: 0..<4, using: &rng) == 0)
      switch form {
      case .isoZulu: stamp += Int.random(in: 0..<10, using: &rng) == 0 ? "z" : "Z"
      case .isoOffset:
        stamp += offsetText(offset, style: Int.random(in: 0..<3, using: &rng))
      default: break
      }
      let prefix = weighted(
        [
          ("", 60), ("[worker-\(Int.random(in: 1...9, using: &rng))] ", 15), ("level=info ts=", 15),
          ("{\"time\":\"", 10),
        ], using: &rng)
      let suffix = prefix.hasPrefix("{") ? "\",\"msg\":\"\(message)\"}" : " \(message)"
      let level = prefix.hasPrefix("{") ? "" : " " + levels.randomElement(using: &rng)!
      var written = clock
      if !hasSeconds {
        written = floorDiv(clock, 60_000) * 60_000
      } else if digits < 3 {
        let unit = [1000, 100, 10][digits]
        written = floorDiv(clock, unit) * unit
      }
      let text = prefix + stamp + (prefix.hasPrefix("{") ? suffix : level + suffix)
      return Line(text: text, millis: written)
    case .nginx:
      let (date, time) = civil(seconds + local)
      let text =
        "\(pad(date.year, 4))/\(pad(date.month, 2))/\(pad(date.day, 2)) \(time)"
        + " [error] \(Int.random(in: 100...9999, using: &rng))#0: *\(Int.random(in: 1...999, using: &rng))"
        + " open() \"/srv/www/\(message)\" failed (2: No such file or directory)"
      return Line(text: text, millis: seconds * 1000)
    case .apache, .apacheLocal:
      let offset: Int =
        form == .apacheLocal || wholeSeconds
        ? local : [0, 19_800, -12_600, 3600, -25_200].randomElement(using: &rng)!
      let (date, time) = civil(seconds + offset)
      let zoneText = form == .apache ? " " + offsetText(offset, style: 1) : ""
      let status = [200, 200, 200, 304, 404, 500].randomElement(using: &rng)!
      let text =
        "10.0.\(Int.random(in: 0...9, using: &rng)).\(Int.random(in: 1...254, using: &rng)) - -"
        + " [\(pad(date.day, 2))/\(monthNames[date.month - 1])/\(pad(date.year, 4)):\(time)\(zoneText)]"
        + " \"GET /\(message) HTTP/1.1\" \(status) \(Int.random(in: 0...99_999, using: &rng))"
      return Line(text: text, millis: seconds * 1000)
    case .syslog:
      let (date, time) = civil(seconds + local)
      let day =
        date.day < 10 && Bool.random(using: &rng) ? " \(date.day)" : pad(date.day, 2)
      let text =
        "\(monthNames[date.month - 1]) \(day) \(time) web-\(Int.random(in: 1...3, using: &rng))"
        + " app[\(Int.random(in: 100...9999, using: &rng))]: \(message)"
      return Line(text: text, millis: seconds * 1000)
    }
  }

  /// `YYYY-MM-DD<sep>HH:MM[:SS[.fff]]` for `clock` (ms) shifted by `offset`
  /// seconds. Fractions past 6 digits are padded with zeros.
  static func iso(
    _ clock: Int, offset: Int, separator: String, seconds: Bool, digits: Int, comma: Bool
  ) -> String {
    let whole = floorDiv(clock, 1000)
    let millis = clock - whole * 1000
    let (date, time) = civil(whole + offset)
    var text =
      "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))\(separator)"
      + (seconds ? time : String(time.prefix(5)))
    if seconds, digits > 0 {
      let fraction = pad(millis, 3)
      let shown =
        digits <= 3
        ? String(fraction.prefix(digits))
        : fraction + String(repeating: "0", count: digits - 3)
      text += (comma ? "," : ".") + shown
    }
    return text
  }

  /// An offset in seconds as `+05:30` (style 0), `+0530` (1) or `+05`
  /// (2, only for whole hours; else style 0).
  static func offsetText(_ offset: Int, style: Int) -> String {
    let sign = offset < 0 ? "-" : "+"
    let hours = abs(offset) / 3600
    let minutes = abs(offset) / 60 % 60
    switch style {
    case 1: return "\(sign)\(pad(hours, 2))\(pad(minutes, 2))"
    case 2 where minutes == 0: return "\(sign)\(pad(hours, 2))"
    default: return "\(sign)\(pad(hours, 2)):\(pad(minutes, 2))"
    }
  }

  static let monthNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]
  static let levels = ["INFO", "WARN", "ERROR", "DEBUG"]

  /// The rest of a line: words, and now and then text that looks like part
  /// of a timestamp but is not one (a date alone, a time alone), or a later
  /// full timestamp (the leftmost one counts).
  static func message(using rng: inout SeededRandom) -> String {
    let words = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
      LogGenerator.words.randomElement(using: &rng)!
    }
    let extra = weighted(
      [
        ("", 80), (" retry at 12:30:45", 5), (" cached since 2024-02-29", 5),
        (" next run 2031-01-01T00:00:00Z", 5), (" build 2024/02/29", 5),
      ], using: &rng)
    return words.joined(separator: " ") + extra
  }

  /// A line without a timestamp.
  static func continuation(using rng: inout SeededRandom) -> String {
    weighted(
      [
        (
          "\tat com.example.db.Pool.acquire(Pool.java:\(Int.random(in: 10...400, using: &rng)))", 40
        ),
        ("Caused by: java.net.SocketTimeoutException: Read timed out", 15),
        ("\t... \(Int.random(in: 3...40, using: &rng)) more", 15),
        ("", 10),
        ("    (last good run 2024-03-01, retry at 04:15)", 10),
        ("Traceback (most recent call last):", 10),
      ], using: &rng)
  }

  // MARK: - Calendar arithmetic (proleptic Gregorian, no Foundation)

  struct CivilDate: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int
  }

  /// The date and `HH:MM:SS` of Unix time `seconds` read as UTC.
  static func civil(_ seconds: Int) -> (CivilDate, String) {
    let days = floorDiv(seconds, 86_400)
    let rest = seconds - days * 86_400
    let time = "\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
    return (civilDate(days: days), time)
  }

  /// Howard Hinnant's days-to-civil: the date `days` after 1970-01-01.
  static func civilDate(days: Int) -> CivilDate {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return CivilDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
  }

  /// Days from 1970-01-01 to `date` (the inverse of ``civilDate(days:)``).
  static func days(from date: CivilDate) -> Int {
    let y = date.month <= 2 ? date.year - 1 : date.year
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let mp = date.month > 2 ? date.month - 3 : date.month + 9
    let doy = (153 * mp + 2) / 5 + date.day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Unix seconds of `YYYY-MM-DD HH:MM:SS` UTC.
  static func utcSeconds(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0
  ) -> Int {
    days(from: CivilDate(year: year, month: month, day: day)) * 86_400 + hour * 3600 + minute
      * 60 + second
  }

  static func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  static func pad(_ value: Int, _ width: Int) -> String { LogGenerator.pad(value, width) }

  static func weighted<T>(_ choices: [(T, Int)], using rng: inout SeededRandom) -> T {
    LogGenerator.weighted(choices, using: &rng)
  }
}
