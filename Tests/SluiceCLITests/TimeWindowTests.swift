import Foundation
import Sluice
import Testing

// since, until and timeline (and the global options --tz, --year,
// --time-field, --unsorted) against a reference written in Python
// (``TimeWindowReference/script``): every case runs the built binary and the
// reference on the same generated files (``TimeLogGenerator``) and wants the
// same bytes. The reference resolves local times with `zoneinfo` and the
// system tz database, as the spec says (PEP 495, fold=0), and computes with
// exact fractions.
//
// Besides the comparisons, some tests hold sluice (and the reference) to
// facts worked out by hand from the spec: the 23- and 25-hour days of a
// daylight-saving change, the edges of a window, where `until` stops.
//
// To rerun a case by hand (failure messages have the sluice command):
//
//   SLUICE_TIME_DUMP=/tmp/tw swift test --disable-xctest --filter 'TimeWindowTests/dumpCorpora'
//   cd /tmp/tw && sluice --tz Europe/Berlin 'timeline 1h' mixed-utc.log
//   echo '{"now": "1790000000", "cases": [{"args": ["--tz", "Europe/Berlin",
//     "timeline 1h", "mixed-utc.log"]}]}' | /usr/bin/python3 reference.py
//
// (the answer's stdout is base64).

// MARK: - The reference

enum TimeWindowReference {
  /// The reference: reads a request (JSON) on stdin, writes one answer per
  /// case: `{"stdout": base64, "status": 0|64|65}` or, for `"times": true`,
  /// `{"times": ["N/D" or "-" per line]}` (the time of each line of one file
  /// as Unix seconds, a fraction, `-` for none).
  static let script = #"""
    import base64, calendar, datetime as dt, gzip, json, os, re, shlex, sys
    from decimal import Decimal
    from fractions import Fraction
    from zoneinfo import ZoneInfo

    MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    MONTH = {m.encode(): i + 1 for i, m in enumerate(MONTHS)}
    MON = b"(" + b"|".join(m.encode() for m in MONTHS) + b")"
    ISO = re.compile(
        rb"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
        rb"([Zz]|[+-]\d{2}(?::?\d{2})?)?")
    NGINX = re.compile(rb"(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})")
    APACHE = re.compile(rb"(\d{2})/" + MON + rb"/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}))?")
    SYSLOG = re.compile(MON + rb" ( [1-9]|\d{2}) (\d{2}):(\d{2}):(\d{2})")
    UTC = dt.timezone.utc


    class Usage(Exception):
        pass


    class BadRecord(Exception):
        pass


    def parse_zone(text):
        if text == "UTC":
            return UTC
        m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
        if m:
            minutes = int(m[2]) * 60 + int(m[3])
            if int(m[2]) > 23 or int(m[3]) > 59:
                raise Usage("bad zone " + text)
            return dt.timezone(dt.timedelta(minutes=minutes if m[1] == "+" else -minutes))
        if text == "local":
            name = os.environ.get("TZ", "").lstrip(":")
            if name:
                return ZoneInfo(name)
            with open("/etc/localtime", "rb") as f:
                return ZoneInfo.from_file(f)
        try:
            return ZoneInfo(text)
        except Exception:
            raise Usage("unknown zone " + text)


    def civil_seconds(y, mo, d, h, mi, s):
        return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))


    def local_to_epoch(zone, y, mo, d, h, mi, s):
        """Wall-clock fields in `zone` to Unix seconds; fold=0 (PEP 495) for
        times that do not exist or happen twice."""
        offset = dt.datetime(y, mo, d, h, mi, s, tzinfo=zone, fold=0).utcoffset()
        return civil_seconds(y, mo, d, h, mi, s) - int(offset.total_seconds())


    def offset_at(zone, epoch):
        """The zone's UTC offset in seconds at Unix time `epoch`."""
        moment = dt.datetime.fromtimestamp(int(epoch // 1), UTC).astimezone(zone)
        return int(moment.utcoffset().total_seconds())


    def valid(y, mo, d, h, mi, s):
        if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
            return False
        return h <= 23 and mi <= 59 and s <= 59


    def zone_seconds(text):
        if text in (b"Z", b"z"):
            return 0
        sign = -1 if text[:1] == b"-" else 1
        digits = text[1:].replace(b":", b"")
        hours = int(digits[:2])
        minutes = int(digits[2:4]) if len(digits) > 2 else 0
        return sign * (hours * 3600 + minutes * 60)


    class Clock:
        def __init__(self, zone, year, now):
            self.zone, self.year, self.now = zone, year, now

        def resolve(self, y, mo, d, h, mi, s, frac=b"", zone=None):
            """Unix time as a Fraction, or None when the fields are not a date."""
            if not valid(y, mo, d, h, mi, s):
                return None
            fraction = Fraction(int(frac), 10 ** len(frac)) if frac else Fraction(0)
            if zone is None:
                return local_to_epoch(self.zone, y, mo, d, h, mi, s) + fraction
            return civil_seconds(y, mo, d, h, mi, s) - zone + fraction

        def syslog(self, mo, d, h, mi, s):
            if self.year is not None:
                return self.resolve(self.year, mo, d, h, mi, s)
            year = dt.datetime.fromtimestamp(int(self.now // 1), UTC).astimezone(self.zone).year
            t = self.resolve(year, mo, d, h, mi, s)
            if t is None or t > self.now + 86400:
                t = self.resolve(year - 1, mo, d, h, mi, s)
            return t

        def from_match(self, kind, m):
            if kind == "iso":
                zone = zone_seconds(m[8]) if m[8] else None
                return self.resolve(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]),
                                    int(m[6] or 0), m[7] or b"", zone)
            if kind == "nginx":
                return self.resolve(*(int(m[i]) for i in range(1, 7)))
            if kind == "apache":
                zone = zone_seconds(m[7]) if m[7] else None
                return self.resolve(int(m[3]), MONTH[m[2]], int(m[1]), int(m[4]), int(m[5]),
                                    int(m[6]), b"", zone)
            return self.syslog(MONTH[m[1]], int(m[2]), int(m[3]), int(m[4]), int(m[5]))

        PATTERNS = (("iso", ISO), ("nginx", NGINX), ("apache", APACHE), ("syslog", SYSLOG))

        def leftmost(self, text):
            """The time of the leftmost timestamp in `text`, or None."""
            best = None
            for kind, pattern in self.PATTERNS:
                pos = 0
                while True:
                    m = pattern.search(text, pos)
                    if m is None or (best is not None and m.start() >= best[0]):
                        break
                    t = self.from_match(kind, m)
                    if t is not None:
                        best = (m.start(), t)
                        break
                    pos = m.start() + 1
            return None if best is None else best[1]

        def whole(self, text):
            """`text` as exactly one timestamp, or None."""
            for kind, pattern in self.PATTERNS:
                m = pattern.fullmatch(text)
                if m:
                    return self.from_match(kind, m)
            return None

        def argument(self, text):
            """A TIME argument of since/until."""
            raw = text.encode()
            if text == "now":
                return self.now
            if re.fullmatch(r"@\d+(\.\d+)?", text):
                return Fraction(Decimal(text[1:]))
            m = re.fullmatch(r"-((?:\d+[smhdw])+)", text)
            if m:
                units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
                back = sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([smhdw])", m[1]))
                return self.now - back
            m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
            if m:
                t = self.resolve(int(m[1]), int(m[2]), int(m[3]), 0, 0, 0)
            else:
                t = self.whole(raw)
            if t is None:
                raise Usage("bad TIME " + text)
            return t


    def interval_seconds(text):
        m = re.fullmatch(r"([1-9]\d*)([smhdw])", text)
        if not m:
            raise Usage("bad INTERVAL " + text)
        return int(m[1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m[2]]


    def json_time(clock, record, path):
        try:
            value = json.loads(record, parse_float=Decimal, parse_int=int)
        except Exception:
            raise BadRecord("invalid JSON")
        for key in path.split(".")[1:]:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, Decimal)):
            return Fraction(value)
        if isinstance(value, str):
            raw = value.encode()
            if re.fullmatch(rb"\d+", raw):
                return Fraction(int(raw))
            return clock.whole(raw)
        return None


    def read_input(path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        return lines


    def framed(lines, start):
        """Records of one input: lines, or `records --start RE` groups."""
        if start is None:
            yield from lines
            return
        current = None
        for line in lines:
            if start.search(line) and current is not None:
                yield b"\n".join(current)
                current = None
            current = (current or []) + [line]
        if current is not None:
            yield b"\n".join(current)


    def format_bucket(zone, wall):
        fields = dt.datetime.fromtimestamp(wall, UTC).replace(tzinfo=None)
        text = fields.strftime("%Y-%m-%dT%H:%M:%S")
        if zone is UTC:
            return text + "Z"
        offset = int(fields.replace(tzinfo=zone, fold=0).utcoffset().total_seconds())
        sign = "-" if offset < 0 else "+"
        offset = abs(offset)
        return "%s%s%02d:%02d" % (text, sign, offset // 3600, offset // 60 % 60)


    def wall_exists(zone, wall):
        """Whether the wall-clock reading `wall` (seconds, as if UTC) happens."""
        t = local_to_epoch(zone, *dt.datetime.fromtimestamp(wall, UTC).timetuple()[:6])
        return t + offset_at(zone, t) == wall


    ANCHOR = 4 * 86400  # Monday 1970-01-05 00:00 on the wall clock


    CACHE = {}


    def load(path, clock, options, time_field, start):
        """The records of one input with their times (None: no time; BadRecord:
        not JSON), read once per set of options."""
        key = (path, options, time_field, start.pattern if start else None)
        if key not in CACHE:
            records, last = [], None
            for record in framed(read_input(path), start):
                if time_field is not None:
                    try:
                        t = json_time(clock, record, time_field)
                    except BadRecord as error:
                        t = error
                else:
                    t = clock.leftmost(record)
                    if t is None:
                        t = last  # a line without a timestamp: the last one in this input
                    else:
                        last = t
                records.append((record, t))
            CACHE[key] = records
        return CACHE[key]


    def parse_program(program, clock):
        lexer = shlex.shlex(program, posix=True, punctuation_chars="|")
        lexer.whitespace_split = True
        stages, current = [], []
        for token in lexer:
            if token == "|":
                stages.append(current)
                current = []
            else:
                current.append(token)
        stages.append(current)
        start = None
        if stages[0][0] == "records":
            assert stages[0][1] == "--start"
            start = re.compile(stages[0][2].encode())
            stages = stages[1:]
        plan = []
        for stage in stages:
            name, rest = stage[0], stage[1:]
            if name in ("since", "until"):
                if len(rest) != 1:
                    raise Usage(name)
                plan.append((name, clock.argument(rest[0])))
            elif name == "timeline":
                if len(rest) != 1:
                    raise Usage(name)
                plan.append((name, interval_seconds(rest[0])))
            elif name in ("count", "cat"):
                plan.append((name, None))
            else:
                raise Usage("stage " + name)
        return start, plan


    def run(args, now):
        zone, year, time_field, unsorted, on_error = UTC, None, None, False, "fail"
        words = list(args)
        zone_key = ("UTC", None)
        while words and words[0].startswith("-") and words[0] != "-":
            option = words.pop(0)
            if option.startswith("--") and "=" in option:
                option, value = option.split("=", 1)
                words.insert(0, value)
            if option == "--unsorted":
                unsorted = True
                continue
            value = words.pop(0)
            if option == "--tz":
                zone = parse_zone(value)
                zone_key = (value, os.environ.get("TZ"))
            elif option == "--year":
                year = int(value)
            elif option == "--time-field":
                time_field = value
            elif option == "--on-error":
                on_error = value
            elif option not in ("-j", "--jobs", "--inflate"):
                raise Usage("unknown option " + option)
        program, files = words[0], words[1:]
        clock = Clock(zone, year, now)
        start, plan = parse_program(program, clock)

        out, count, buckets = [], 0, {}
        for path in files:
            for record, t in load(path, clock, (zone_key, year), time_field, start):
                if isinstance(t, BadRecord):
                    if on_error == "skip":
                        continue
                    return out, 65
                stop_file = False
                for name, value in plan:
                    if name == "since":
                        if t is None or t < value:
                            break
                    elif name == "until":
                        if t is not None and not unsorted and t >= value + 60:
                            stop_file = True
                            break
                        if t is None or t >= value:
                            break
                    elif name == "timeline":
                        if t is not None:
                            wall = t + offset_at(zone, t)
                            key = (wall - ANCHOR) // value
                            buckets[key] = buckets.get(key, 0) + 1
                        break
                    elif name == "count":
                        count += 1
                        break
                else:
                    out.append(record + b"\n")
                if stop_file:
                    break
        names = [name for name, _ in plan]
        if "count" in names:
            out.append(b"%d\n" % count)
        elif "timeline" in names and buckets:
            interval = plan[names.index("timeline")][1]
            for key in range(min(buckets), max(buckets) + 1):
                wall = ANCHOR + key * interval
                if not wall_exists(zone, wall):
                    # A bucket that starts in a spring-forward gap: the wall clock
                    # never shows its start. The tests only meet such buckets
                    # when the whole bucket is in the gap (it holds no instant):
                    # there is no such bucket.
                    if key in buckets or wall_exists(zone, wall + interval - 1):
                        raise Usage("a bucket starts in a gap and ends after it")
                    continue
                out.append(("%s\t%d\n" % (format_bucket(zone, wall), buckets.get(key, 0))).encode())
        return out, 0


    def times(args, now):
        """The time of each line of one file as the reference reads it (a line
        without a timestamp has the time of the last one before it)."""
        zone, year = UTC, None
        words = list(args)
        zone_key = ("UTC", None)
        while len(words) > 1:
            option, value = words.pop(0), words.pop(0)
            if option == "--tz":
                zone = parse_zone(value)
                zone_key = (value, os.environ.get("TZ"))
            elif option == "--year":
                year = int(value)
        clock = Clock(zone, year, now)
        return ["-" if t is None else "%d/%d" % (t.numerator, t.denominator)
                for _, t in load(words[0], clock, (zone_key, year), None, None)]


    def main():
        request = json.load(sys.stdin)
        now = Fraction(Decimal(request["now"]))
        answers = []
        for case in request["cases"]:
            if case.get("times"):
                answers.append({"times": times(case["args"], now)})
                continue
            try:
                out, status = run(case["args"], now)
                answers.append({"stdout": base64.b64encode(b"".join(out)).decode(), "status": status})
            except Usage as error:
                answers.append({"stdout": "", "status": 64, "usage": str(error)})
        json.dump(answers, sys.stdout)


    main()
    """#

  struct Answer: Decodable, Sendable {
    var stdout: String?
    var status: Int32?
    var usage: String?
    var times: [String]?

    var bytes: [UInt8] { [UInt8](Data(base64Encoded: stdout ?? "") ?? Data()) }
  }

  private struct Request: Encodable {
    var now: String
    var cases: [Item]
  }

  private struct Item: Encodable {
    var args: [String]
    var times: Bool?
  }

  /// The reference's answer for each argument list (`sluice`'s arguments:
  /// options, program, files). `now` is the instant relative times count
  /// from, in Unix seconds; `environment` (`NAME=value`) is set for it.
  static func run(
    _ argumentLists: [[String]], now: String = nowText(), environment: [String] = []
  ) throws -> [Answer] {
    try ask(argumentLists.map { Item(args: $0) }, now: now, environment: environment)
  }

  /// The time the reference reads in each line of `path` with these options
  /// (`--tz`, `--year`): `N/D` Unix seconds or `-`.
  static func times(of path: String, options: [String], now: String = nowText()) throws
    -> [String]
  {
    guard let times = try ask([Item(args: options + [path], times: true)], now: now)[0].times
    else {
      throw SubprocessError(description: "the reference gave no times")
    }
    return times
  }

  private static func ask(_ items: [Item], now: String, environment: [String] = []) throws
    -> [Answer]
  {
    let request = try JSONEncoder().encode(Request(now: now, cases: items))
    let result = try runProcess(
      "/usr/bin/env", environment + ["/usr/bin/python3", "-c", script],
      stdin: .bytes([UInt8](request)))
    guard result.status == 0, !result.signaled, result.stderr.isEmpty else {
      throw SubprocessError(description: "the Python reference failed: \(result)")
    }
    let answers = try JSONDecoder().decode([Answer].self, from: Data(result.stdout))
    guard answers.count == items.count else {
      throw SubprocessError(
        description: "the reference answered \(answers.count) of \(items.count)")
    }
    return answers
  }

  static func nowText() -> String { String(format: "%.6f", Date().timeIntervalSince1970) }
}

// MARK: - Cases and how they are checked

/// One run to hold to the reference: options before the program, and the
/// program; the files come from the test.
struct TimeWindowCase: Sendable {
  var options: [String] = []
  var program: String
  /// Whether the expected output must have substance (not empty, not `0`),
  /// so that two equally empty answers cannot pass.
  var nonEmpty = true

  init(_ program: String, options: [String] = [], nonEmpty: Bool = true) {
    self.program = program
    self.options = options
    self.nonEmpty = nonEmpty
  }
}

/// TIME arguments written from an instant in ms (the forms of the spec).
enum TimeArgument {
  typealias G = TimeLogGenerator

  /// `2026-05-04T21:47:13.250Z`
  static func isoZ(_ ms: Int) -> String {
    G.iso(ms, offset: 0, separator: "T", seconds: true, digits: 3, comma: false) + "Z"
  }
  /// `2026-05-05T03:17:13.250+05:30`
  static func isoOffset(_ ms: Int, _ offset: Int) -> String {
    G.iso(ms, offset: offset, separator: "T", seconds: true, digits: 3, comma: false)
      + G.offsetText(offset, style: 0)
  }
  /// `2026-05-04T21:47` (local wall clock at `offset`, no zone: read in --tz)
  static func isoMinute(_ ms: Int, offset: Int = 0) -> String {
    G.iso(ms, offset: offset, separator: "T", seconds: false, digits: 0, comma: false)
  }
  /// `@1777931233.250`
  static func epoch(_ ms: Int) -> String {
    let seconds = G.floorDiv(ms, 1000)
    return "@\(seconds).\(G.pad(ms - seconds * 1000, 3))"
  }
  /// `04/May/2026:21:47:13 +0000`
  static func apache(_ ms: Int, offset: Int = 0) -> String {
    let (date, time) = G.civil(G.floorDiv(ms, 1000) + offset)
    return "\(G.pad(date.day, 2))/\(G.monthNames[date.month - 1])/\(date.year):\(time)"
      + " \(G.offsetText(offset, style: 1))"
  }
  /// `May  4 21:47:13` (wall clock at `offset`)
  static func syslog(_ ms: Int, offset: Int = 0) -> String {
    let (date, time) = G.civil(G.floorDiv(ms, 1000) + offset)
    let day = date.day < 10 ? " \(date.day)" : "\(date.day)"
    return "\(G.monthNames[date.month - 1]) \(day) \(time)"
  }
  /// `2026/05/04 21:47:13` (wall clock at `offset`)
  static func nginx(_ ms: Int, offset: Int = 0) -> String {
    let (date, time) = G.civil(G.floorDiv(ms, 1000) + offset)
    return "\(date.year)/\(G.pad(date.month, 2))/\(G.pad(date.day, 2)) \(time)"
  }
  /// `2026-05-07`: the date `days` after the UTC date of `ms`.
  static func date(_ ms: Int, plusDays days: Int = 0) -> String {
    let date = G.civilDate(days: G.floorDiv(ms, 86_400_000) + days)
    return "\(date.year)-\(G.pad(date.month, 2))-\(G.pad(date.day, 2))"
  }
}

@Suite("TimeWindow: since, until, timeline against a Python reference")
struct TimeWindowTests {
  typealias G = TimeLogGenerator

  /// `sluice ARGS` as a command line, files by their base names.
  static func command(_ arguments: [String], environment: [String] = []) -> String {
    (environment + ["sluice"]
      + arguments.map {
        $0.hasPrefix("/") ? URL(fileURLWithPath: $0).lastPathComponent : shellQuote($0)
      }).joined(separator: " ")
  }

  /// Runs the binary under test, with `environment` (`NAME=value`) if any.
  static func sluice(_ arguments: [String], environment: [String] = []) throws -> RunResult {
    guard !environment.isEmpty else { return try Sluice.run(arguments) }
    guard FileManager.default.isExecutableFile(atPath: Sluice.path) else {
      throw SubprocessError(description: "no sluice binary at \(Sluice.path)")
    }
    return try runProcess("/usr/bin/env", environment + [Sluice.path] + arguments)
  }

  /// Holds each case to the reference: sluice on `files` (with each of
  /// `variants` added to the options) must write exactly what the reference
  /// computes for `files`, exit 0 and say nothing. Each `alternates` list
  /// (the same data, such as the gzip copies) is run on every third case.
  /// Returns the expected outputs, for checks of their own.
  @discardableResult
  static func check(
    _ cases: [TimeWindowCase], files: [String], alternates: [[String]] = [],
    variants: [[String]] = [[]],
    now: String = TimeWindowReference.nowText(), environment: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [[UInt8]] {
    let answers = try TimeWindowReference.run(
      cases.map { $0.options + [$0.program] + files }, now: now, environment: environment)
    for (index, (testCase, answer)) in zip(cases, answers).enumerated() {
      let expected = answer.bytes
      let shown = command(testCase.options + [testCase.program] + files, environment: environment)
      try #require(
        answer.status == 0, "the reference refused \(shown): \(answer.usage ?? "?")",
        sourceLocation: sourceLocation)
      if testCase.nonEmpty {
        #expect(
          !expected.isEmpty && expected != countOutput(0),
          "test data: the reference found nothing for \(shown)", sourceLocation: sourceLocation)
      }
      let fileLists = [files] + (index % 3 == 0 ? alternates : [])
      for list in fileLists {
        for variant in variants {
          let arguments = variant + testCase.options + [testCase.program] + list
          let result = try sluice(arguments, environment: environment)
          expectSuccess(
            result, stdout: expected, command(arguments, environment: environment),
            sourceLocation: sourceLocation)
        }
      }
    }
    return answers.map(\.bytes)
  }

  /// Writes `log` as NAME and NAME.gz: the plain path first.
  static func save(_ log: G.Log, as name: String, in dir: TempDir) throws -> [String] {
    let bytes = log.bytes
    return [try dir.write(name, bytes), try dir.write(name + ".gz", try Reference.gzip(bytes))]
  }

  static func lines(_ output: [UInt8]) -> [String] {
    String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast().map(String.init)
  }

  static func number(_ output: [UInt8]) -> Int? {
    Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  // MARK: - The reference reads what the generator wrote

  /// A few thousand lines in every form from 2026-05-04 21:47:13.250 UTC,
  /// spanning about two weeks, with traces (three before the first time).
  static func mixedLog(in zone: G.Zone) -> G.Log {
    G.log(
      seed: 2_026_050_4, start: G.utcSeconds(2026, 5, 4, 21, 47, 13) * 1000 + 250, count: 3000,
      zone: zone, step: 0...4000, jumpPercent: 2, continuationPercent: 12, leading: 3)
  }

  static let mixedUTC = mixedLog(in: .utc)
  static let mixedStJohns = mixedLog(in: .named("America/St_Johns"))
  static let mixedWest = mixedLog(in: .fixed(-12_600))

  /// The generator's instants are what the reference reads back (in the
  /// zone they were written in): this holds the reference and the
  /// generator to each other before either is used to judge sluice.
  @Test(arguments: [
    ("utc", ["--tz", "UTC", "--year", "2026"]),
    ("stJohns", ["--tz", "America/St_Johns", "--year", "2026"]),
    ("west", ["--tz", "-03:30", "--year", "2026"]),
    ("json", []),
  ])
  func referenceReadsTheGeneratedTimes(corpus: String, options: [String]) throws {
    let log: G.Log =
      switch corpus {
      case "utc": Self.mixedUTC
      case "stJohns": Self.mixedStJohns
      case "west": Self.mixedWest
      default: Self.jsonLog
      }
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("log", log.bytes)
    let times = try TimeWindowReference.times(of: path, options: options)
    try #require(times.count == log.lines.count)
    var last: String? = nil
    var checked = 0
    for (line, time) in zip(log.lines, times) {
      if corpus == "json" {
        // Read as lines: the leftmost ISO string, `msg`'s when it has one.
        if line.text.contains("2020-01-01T00:00:00Z") {
          #expect(time == "1577836800/1", "\(line.text)")
          checked += 1
        }
        continue
      }
      if let millis = line.millis {
        let parts = time.split(separator: "/").compactMap { Int($0) }
        #expect(
          parts.count == 2 && parts[0] * 1000 % parts[1] == 0
            && parts[0] * 1000 / parts[1] == millis,
          "\(line.text): the reference read \(time), the generator wrote \(millis) ms")
        last = time
        checked += 1
      } else {
        #expect(time == (last ?? "-"), "a line without a timestamp: \(line.text)")
      }
    }
    #expect(checked > (corpus == "json" ? 300 : 2000), "lines checked: \(checked)")
  }

  /// Lines whose times follow from the spec by hand, read by the reference.
  static let handPicked: [(options: [String], line: String, utc: String)] = [
    // Berlin falls back at 03:00 CEST: 02:30 happens twice, fold=0 is the first.
    (["--tz", "Europe/Berlin"], "2026-10-25 02:30:00 x", "2026-10-25T00:30:00"),
    // Berlin springs forward at 02:00 CET: 02:30 does not exist, fold=0 reads it at +01:00.
    (["--tz", "Europe/Berlin"], "2026-03-29 02:30:00 x", "2026-03-29T01:30:00"),
    (["--tz", "America/New_York"], "2026-11-01 01:30:00 x", "2026-11-01T05:30:00"),
    (["--tz", "America/New_York"], "2026-03-08 02:30:00 x", "2026-03-08T07:30:00"),
    (["--tz", "America/New_York"], "2026-03-08 03:30:00 x", "2026-03-08T07:30:00"),
    // The leftmost timestamp; a date alone or a time alone is none.
    (
      ["--tz", "UTC"], "since 2024-02-29 at 12:30:45 then 2026-05-04T10:00:00+05:30 x",
      "2026-05-04T04:30:00"
    ),
    (
      ["--tz", "UTC", "--year", "2025"], "Mar  2 10:15:02 host x 2026-01-01T00:00:00Z",
      "2025-03-02T10:15:02"
    ),
    (["--tz", "UTC"], "1.2.3.4 - - [02/Mar/2026:10:15:02 -0330] \"GET /\"", "2026-03-02T13:45:02"),
    (["--tz", "+01:00"], "2026/03/02 10:15:02 [error] 1#0", "2026-03-02T09:15:02"),
    (["--tz", "-0530"], "[02/Mar/2026:10:15:02] x", "2026-03-02T15:45:02"),
    (["--tz", "Asia/Kolkata"], "2026-03-02t10:15 x", "2026-03-02T04:45:00"),
    (["--tz", "UTC"], "2026-03-02 10:15:02,5+02 x", "2026-03-02T08:15:02.5"),
    (["--tz", "UTC"], "2026-03-02T10:15:02.250000000000-0930", "2026-03-02T19:45:02.25"),
    // syslog without --year, now 2026-01-01T12:00Z: the current year unless
    // that is more than a day ahead.
    (["--tz", "UTC"], "Dec 31 23:00:00 h x", "2025-12-31T23:00:00"),
    (["--tz", "UTC"], "Jan  2 11:00:00 h x", "2026-01-02T11:00:00"),
    (["--tz", "UTC"], "Jan  2 13:00:00 h x", "2025-01-02T13:00:00"),
  ]

  @Test func referenceFollowsTheSpecOnHandPickedLines() throws {
    let dir = try TempDir(prefix: "sluice-time")
    let now = String(G.utcSeconds(2026, 1, 1, 12))
    for (index, item) in Self.handPicked.enumerated() {
      let path = try dir.write("line\(index)", Array((item.line + "\n").utf8))
      let time = try TimeWindowReference.times(of: path, options: item.options, now: now)
      let parts = item.utc.split(separator: ".")
      let fields = parts[0].split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
      let whole = G.utcSeconds(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
      var expected = "\(whole)/1"
      if parts.count == 2 {
        let digits = parts[1]
        var denominator = 1
        for _ in digits { denominator *= 10 }
        var numerator = whole * denominator + Int(digits)!
        while numerator % 2 == 0 && denominator % 2 == 0 {
          (numerator, denominator) = (numerator / 2, denominator / 2)
        }
        while numerator % 5 == 0 && denominator % 5 == 0 {
          (numerator, denominator) = (numerator / 5, denominator / 5)
        }
        expected = "\(numerator)/\(denominator)"
      }
      #expect(time == [expected], "\(item.options) \(item.line.debugDescription)")
      // sluice reads the same instant: in [E, E + 1 µs). (Not for syslog
      // without --year: its year depends on the real now.)
      let syslog = item.line.contains(#/^[A-Z][a-z]{2} [ \d]\d /#)
      guard !syslog || item.options.contains("--year") else { continue }
      let fraction = parts.count == 2 ? String(parts[1]) : ""
      let micros = Int((fraction + "000000").prefix(6))! + 1
      let low = "@\(whole)" + (fraction.isEmpty ? "" : ".\(fraction)")
      let high = micros == 1_000_000 ? "@\(whole + 1)" : "@\(whole).\(G.pad(micros, 6))"
      // Options as --tz=ZONE: a zone such as -0530 is a value that starts with
      // a dash (the separate form is held to in everyForm).
      let options = stride(from: 0, to: item.options.count, by: 2).map {
        "\(item.options[$0])=\(item.options[$0 + 1])"
      }
      let arguments = options + ["since \(low) | until \(high) | count", path]
      expectSuccess(
        try Sluice.run(arguments), stdout: countOutput(1),
        "\(Self.command(arguments)) on \(item.line.debugDescription)")
    }
  }

  // MARK: - Every form, several zones

  enum Scenario: String, CaseIterable, Sendable {
    /// Written in UTC, read in UTC.
    case utc
    /// Written in UTC, read in Asia/Kolkata: zone-less times move 5:30 back.
    case kolkata
    /// Written and read in America/St_Johns (-02:30 in May).
    case stJohns
    /// Written at -03:30, read at -0330 (`--tz -0330`: a value that starts
    /// with a dash).
    case west
    /// The same, as `--tz=-03:30`.
    case westJoined
    /// Written at -03:30, read at +01:00.
    case east

    var log: G.Log {
      switch self {
      case .utc, .kolkata: TimeWindowTests.mixedUTC
      case .stJohns: TimeWindowTests.mixedStJohns
      case .west, .westJoined, .east: TimeWindowTests.mixedWest
      }
    }

    var options: [String] {
      let zone =
        switch self {
        case .utc: "UTC"
        case .kolkata: "Asia/Kolkata"
        case .stJohns: "America/St_Johns"
        case .west: "-0330"
        case .westJoined: "-03:30"
        case .east: "+01:00"
        }
      if self == .westJoined { return ["--tz=\(zone)", "--year", "2026"] }
      return ["--tz", zone, "--year", "2026"]
    }
  }

  /// Programs over a mixed log: windows with edges on record times written
  /// in every TIME form, counts, timelines at several intervals.
  static func programs(for log: G.Log) -> [TimeWindowCase] {
    let times = log.stamped.map { $0.millis! }
    let (b1, b2, b3) = (times[times.count / 4], times[times.count / 2], times[3 * times.count / 4])
    let w = times[(2 * times.count / 5)...].first { $0 % 1000 == 0 }!
    let first = times[0]
    return [
      TimeWindowCase("since \(TimeArgument.isoZ(b1))"),
      TimeWindowCase("until \(TimeArgument.isoZ(b1))"),
      TimeWindowCase("since \(TimeArgument.epoch(b1)) | count"),
      TimeWindowCase("until \(TimeArgument.isoOffset(b1, 19_800)) | count"),
      TimeWindowCase("since \(TimeArgument.isoZ(b1)) | until \(TimeArgument.epoch(b2))"),
      TimeWindowCase(
        "since '\(TimeArgument.apache(w))' | until \(TimeArgument.isoOffset(b3, -12_600)) | count"),
      TimeWindowCase("until \(TimeArgument.isoZ(b2)) | count", options: ["--unsorted"]),
      TimeWindowCase("since '\(TimeArgument.syslog(w))' | count"),
      TimeWindowCase("until '\(TimeArgument.nginx(w))' | count"),
      TimeWindowCase(
        "since \(TimeArgument.date(first, plusDays: 3)) | until \(TimeArgument.date(first, plusDays: 6)) | count"
      ),
      TimeWindowCase("since \(TimeArgument.isoMinute(b3))"),
      TimeWindowCase("timeline 1h"),
      TimeWindowCase("timeline 1d"),
      TimeWindowCase("timeline 2d"),
      TimeWindowCase("timeline 1w"),
      TimeWindowCase(
        "since \(TimeArgument.isoZ(b2)) | until \(TimeArgument.isoZ(b2 + 600_000)) | timeline 30s"),
      TimeWindowCase(
        "since \(TimeArgument.isoZ(b2)) | until \(TimeArgument.isoZ(b2 + 3_600_000)) | timeline 1m"),
      TimeWindowCase(
        "since \(TimeArgument.isoZ(b1)) | until \(TimeArgument.isoZ(b1 + 7_200_000)) | timeline 7m"),
    ]
  }

  @Test(arguments: Scenario.allCases)
  func everyForm(scenario: Scenario) throws {
    let dir = try TempDir(prefix: "sluice-time")
    let paths = try Self.save(scenario.log, as: "mixed.log", in: dir)
    // All programs in UTC; every other one in the other zones, to keep the
    // suite fast.
    let cases = Self.programs(for: scenario.log).enumerated().filter {
      scenario == .utc || $0.offset % 2 == 0
    }.map {
      TimeWindowCase($0.element.program, options: scenario.options + $0.element.options)
    }
    try Self.check(cases, files: [paths[0]], alternates: [[paths[1]]])
  }

  /// Windows whose edges are exactly a record's time, in each TIME form:
  /// `since` keeps that record, `until` drops it, and together they keep
  /// every record with a time exactly once (the log is in time order, so
  /// `until` stopping early loses nothing).
  @Test func windowEdges() throws {
    let log = Self.mixedUTC
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("mixed.log", log.bytes)
    let timed = log.lines.count - 3  // all but the three traces before the first time
    var texts: [String: Int] = [:]
    for line in log.lines { texts[line.text, default: 0] += 1 }
    let stamped = log.stamped.filter { texts[$0.text] == 1 }
    let half = stamped.count / 2
    let twoThirds = 2 * stamped.count / 3
    let withFraction: G.Line = stamped[half...].first { $0.millis! % 1000 != 0 }!
    let wholeSecond: G.Line = stamped[twoThirds...].first { $0.millis! % 1000 == 0 }!
    let picks: [G.Line] = [stamped[stamped.count / 5], withFraction, wholeSecond]
    let options = ["--tz", "UTC", "--year", "2026"]
    var cases: [TimeWindowCase] = []
    for line in picks {
      let ms = line.millis!
      var forms = [
        TimeArgument.isoZ(ms), TimeArgument.epoch(ms), TimeArgument.isoOffset(ms, 19_800),
      ]
      if ms % 1000 == 0 {
        forms += [
          "'\(TimeArgument.apache(ms, offset: -12_600))'", "'\(TimeArgument.syslog(ms))'",
          "'\(TimeArgument.nginx(ms))'",
        ]
      }
      for time in forms {
        let since = try Sluice.run(options + ["since \(time)", path])
        let until = try Sluice.run(options + ["until \(time)", path])
        let context = "\(line.text.debugDescription) at \(time)"
        #expect(since.status == 0 && until.status == 0, "\(context): \(since) / \(until)")
        let kept = Self.lines(since.stdout)
        let before = Self.lines(until.stdout)
        #expect(kept.contains(line.text), "since \(time) drops the record at that time: \(context)")
        #expect(
          !before.contains(line.text), "until \(time) keeps the record at that time: \(context)")
        #expect(
          kept.count + before.count == timed,
          "since + until \(time): \(kept.count) + \(before.count) records, want \(timed)")
        if line.millis == wholeSecond.millis {
          cases += [
            TimeWindowCase("since \(time) | count", options: options),
            TimeWindowCase("until \(time)", options: options),
          ]
        }
      }
    }
    try Self.check(cases, files: [path])
  }

  // MARK: - Several files, -j 1 and -j 2

  /// Four files and an empty one; the second and third start with lines
  /// without a timestamp, which must not take the time of the file before.
  @Test func severalFiles() throws {
    let start = G.utcSeconds(2026, 7, 14, 8) * 1000
    let a = G.log(seed: 11, start: start, count: 1500, leading: 4)
    let leadingB = (1...3).map {
      G.Line(text: "\tat leading.B.frame\($0)(B.java:\($0))", millis: nil)
    }
    var b = G.log(
      seed: 12, start: start + 1_800_000, count: 1200, forms: [.isoZulu, .isoLocal, .syslog],
      zone: .named("Europe/Berlin"))
    b.lines = leadingB + b.lines
    let d = G.Log(
      lines: (1...5).map { G.Line(text: "\tat only.D.frame\($0)(D.java:\($0))", millis: nil) })
    let c = G.log(
      seed: 13, start: start + 7_200_000, count: 800, forms: [.apache, .nginx],
      zone: .named("Europe/Berlin"), continuationPercent: 5)
    let dir = try TempDir(prefix: "sluice-time")
    let files = [
      try dir.write("a.log", a.bytes), try dir.write("b.log.gz", try Reference.gzip(b.bytes)),
      try dir.write("d.log", d.bytes), try dir.write("c.log", c.bytes), try dir.write("e.log", []),
    ]
    let aTimes = a.stamped.map { $0.millis! }
    let bTimes = b.stamped.map { $0.millis! }
    let options = ["--tz", "Europe/Berlin", "--year", "2026"]
    let cases = [
      TimeWindowCase("since \(TimeArgument.isoZ(bTimes[bTimes.count / 2]))"),
      TimeWindowCase("until \(TimeArgument.isoZ(aTimes[aTimes.count / 2]))"),
      TimeWindowCase(
        "until \(TimeArgument.isoZ(aTimes[aTimes.count / 2])) | count", options: ["--unsorted"]),
      TimeWindowCase(
        "since \(TimeArgument.epoch(aTimes[aTimes.count / 3])) | until \(TimeArgument.isoMinute(bTimes[bTimes.count * 2 / 3], offset: 7200)) | count"
      ),
      TimeWindowCase("since @0"),
      TimeWindowCase("timeline 1h"),
      TimeWindowCase("timeline 1d"),
      TimeWindowCase("since \(TimeArgument.isoZ(aTimes[aTimes.count / 2])) | timeline 1m"),
    ].map { TimeWindowCase($0.program, options: options + $0.options) }
    let expected = try TimeWindowReference.run(cases.map { $0.options + [$0.program] + files }).map(
      \.bytes)
    for (testCase, want) in zip(cases, expected) {
      let arguments = testCase.options + [testCase.program] + files
      #expect(
        !want.isEmpty, "test data: the reference found nothing for \(Self.command(arguments))")
      let one = try Sluice.run(["-j", "1"] + arguments)
      let two = try Sluice.run(["-j", "2"] + arguments)
      expectSuccess(one, stdout: want, Self.command(["-j", "1"] + arguments))
      // Byte for byte the same with -j 1 and -j 2, messages and status included.
      #expect(
        one.stdout == two.stdout && one.stderr == two.stderr && one.status == two.status,
        "\(Self.command(arguments)): -j 1 \(one) vs -j 2 \(two)")
    }
    // No trace line before a file's first time is kept, whatever the file before.
    let all = Self.lines(expected[4])
    for line in leadingB + d.lines {
      #expect(!all.contains(line.text), "reference: \(line.text) kept")
    }
    let timed = a.lines.count - 4 + b.lines.count - 3 + c.lines.count
    #expect(all.count == timed, "reference: since @0 kept \(all.count), want \(timed)")
  }

  /// `records --start`: a record's time is its leftmost timestamp, in any of
  /// its lines; records before the first time have none.
  @Test func multiLineRecords() throws {
    var log = G.log(
      seed: 21, start: G.utcSeconds(2026, 2, 27, 23) * 1000, count: 2000,
      forms: [.isoLocal, .isoZulu, .isoOffset], zone: .named("Asia/Kolkata"),
      continuationPercent: 25)
    log.lines = [G.Line(text: "Picked up JAVA_TOOL_OPTIONS: -Xmx512m", millis: nil)] + log.lines
    let dir = try TempDir(prefix: "sluice-time")
    let paths = try Self.save(log, as: "app.log", in: dir)
    let times = log.stamped.map { $0.millis! }
    let start = #"records --start '^\d{4}-'"#
    let options = ["--tz", "Asia/Kolkata"]
    try Self.check(
      [
        TimeWindowCase(
          "\(start) | since \(TimeArgument.isoZ(times[times.count / 3])) | count", options: options),
        TimeWindowCase(
          "\(start) | until \(TimeArgument.isoZ(times[times.count / 2]))", options: options),
        TimeWindowCase("\(start) | timeline 1h", options: options),
      ], files: [paths[0]], alternates: [[paths[1]]])
  }

  // MARK: - --time-field

  static let jsonLog = G.jsonLog(
    seed: 31, start: G.utcSeconds(2026, 8, 30, 22, 15) * 1000, count: 2500, step: 1...5000)

  @Test func timeField() throws {
    let dir = try TempDir(prefix: "sluice-time")
    let paths = try Self.save(Self.jsonLog, as: "app.jsonl", in: dir)
    // Edges on records whose time is a whole quarter second (exact in binary).
    let times = Self.jsonLog.lines.map { $0.millis! }.filter { $0 % 250 == 0 }
    let (b1, b2, b3) = (times[times.count / 4], times[times.count / 2], times[3 * times.count / 4])
    let ts = ["--time-field", ".ts"]
    let meta = ["--time-field", ".meta.time"]
    let cases = [
      TimeWindowCase("since \(TimeArgument.isoZ(b1))", options: ts),
      TimeWindowCase("until \(TimeArgument.epoch(b2))", options: ts),
      TimeWindowCase(
        "since \(TimeArgument.epoch(b1)) | until \(TimeArgument.isoOffset(b3, -12_600)) | count",
        options: ts),
      TimeWindowCase("until \(TimeArgument.isoZ(b2)) | count", options: ts + ["--unsorted"]),
      TimeWindowCase("timeline 1h", options: ts),
      TimeWindowCase("timeline 1d", options: ts + ["--tz", "Europe/Berlin"]),
      TimeWindowCase(
        "since \(TimeArgument.isoZ(b2)) | until \(TimeArgument.isoZ(b2 + 900_000)) | timeline 30s",
        options: ts),
      TimeWindowCase(
        "since \(TimeArgument.isoZ(b1)) | until \(TimeArgument.isoZ(b3)) | count", options: meta),
      TimeWindowCase("timeline 1h", options: meta + ["--tz", "+05:30"]),
      // Without --time-field the records are text: the leftmost timestamp.
      TimeWindowCase("since \(TimeArgument.isoZ(b1)) | count"),
    ]
    try Self.check(cases, files: [paths[0]], alternates: [[paths[1]]])
  }

  // MARK: - Daylight-saving changes

  enum Transition: String, CaseIterable, Sendable {
    case berlinSpring, berlinFall, newYorkSpring, newYorkFall

    var zone: String { rawValue.hasPrefix("berlin") ? "Europe/Berlin" : "America/New_York" }
    /// The Sunday of the change.
    var day: (Int, Int, Int) {
      switch self {
      case .berlinSpring: (2026, 3, 29)
      case .berlinFall: (2026, 10, 25)
      case .newYorkSpring: (2026, 3, 8)
      case .newYorkFall: (2026, 11, 1)
      }
    }
    /// The offsets before and after, in seconds.
    var offsets: (before: Int, after: Int) {
      switch self {
      case .berlinSpring: (3600, 7200)
      case .berlinFall: (7200, 3600)
      case .newYorkSpring: (-18_000, -14_400)
      case .newYorkFall: (-14_400, -18_000)
      }
    }
    var isSpring: Bool { rawValue.hasSuffix("Spring") }
    /// The local hour that is skipped or repeated.
    var oddHour: Int {
      switch self {
      case .berlinSpring, .berlinFall, .newYorkSpring: 2
      case .newYorkFall: 1
      }
    }
    /// Unix seconds of local midnight `days` after the day of the change.
    func midnight(_ days: Int) -> Int {
      let (y, m, d) = day
      let offset = days <= 0 ? offsets.before : offsets.after
      return G.utcSeconds(y, m, d) + days * 86_400 - offset
    }
    func date(_ days: Int) -> String {
      let (y, m, d) = day
      return TimeArgument.date(G.utcSeconds(y, m, d) * 1000, plusDays: days)
    }

    /// A line every 10 minutes from local midnight on the Friday before to
    /// local midnight on the Tuesday after (Friday to Monday: 4 days).
    func log(explicit: Bool, traces: Bool) -> G.Log {
      G.regular(
        seed: UInt64(rawValue.count) * 7 + (explicit ? 1 : 0), start: midnight(-2),
        end: midnight(2),
        stepSeconds: 600, forms: explicit ? [.isoOffset, .apache, .isoZulu] : G.localForms,
        zone: .named(zone), continuations: traces)
    }
  }

  /// Both ways to write times across a change: with the offset in force
  /// (explicit), or local times without one (`--tz` says the zone).
  @Test(arguments: Transition.allCases, [true, false])
  func daylightSaving(transition: Transition, explicit: Bool) throws {
    let log = transition.log(explicit: explicit, traces: true)
    let dir = try TempDir(prefix: "sluice-time")
    let paths = try Self.save(log, as: "dst.log", in: dir)
    let odd = "\(transition.date(0))T\(G.pad(transition.oddHour, 2)):30"
    let changeMillis = transition.midnight(0) * 1000 + (transition.oddHour + 1) * 3_600_000
    let cases = [
      TimeWindowCase("timeline 1d"),
      TimeWindowCase("timeline 1w"),
      TimeWindowCase("since \(odd)"),
      TimeWindowCase("until \(odd) | count"),
      // Written in local time, autumn's repeated hour is read an hour early
      // the second time (fold=0): out of order by more than a minute.
      TimeWindowCase("until \(odd) | count", options: ["--unsorted"]),
      TimeWindowCase(
        "since \(odd) | until \(transition.date(0))T\(G.pad(transition.oddHour + 2, 2)):00:01"),
      TimeWindowCase("since \(transition.date(0)) | until \(transition.date(1)) | count"),
      TimeWindowCase("timeline 1h"),
      TimeWindowCase("since \(TimeArgument.isoZ(changeMillis - 3_600_000)) | timeline 30m"),
    ]
    try Self.check(
      cases.map {
        TimeWindowCase(
          $0.program, options: ["--tz", transition.zone, "--year", "2026"] + $0.options)
      },
      files: [paths[0]], alternates: explicit ? [[paths[1]]] : [])
  }

  /// What the spec implies, by hand: buckets are wall-clock days, hours and
  /// weeks, so the day of the change holds 23 or 25 hours of lines (138 or
  /// 150 at one per 10 minutes) and the repeated hour in autumn is one
  /// bucket of 12 lines, written with the offset of its start (fold=0, the
  /// first pass); the hour skipped in spring is no bucket (see
  /// ``springForwardGap(transition:)``); the week from Monday 00:00 holds
  /// Friday, Saturday and Sunday, and the next one starts with the new
  /// offset. The reference must say the same, and so must sluice, whichever
  /// way the times are written.
  @Test(arguments: Transition.allCases, [true, false])
  func daylightSavingByHand(transition: Transition, explicit: Bool) throws {
    let log = transition.log(explicit: explicit, traces: false)
    #expect(log.lines.count == 3 * 144 + (transition.isSpring ? 138 : 150))
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("dst.log", log.bytes)
    let (before, after) = (
      G.offsetText(transition.offsets.before, style: 0),
      G.offsetText(transition.offsets.after, style: 0)
    )
    let length = transition.isSpring ? 138 : 150
    let days = [
      "\(transition.date(-2))T00:00:00\(before)\t144",
      "\(transition.date(-1))T00:00:00\(before)\t144",
      "\(transition.date(0))T00:00:00\(before)\t\(length)",
      "\(transition.date(1))T00:00:00\(after)\t144",
    ]
    let weeks = [
      "\(transition.date(-6))T00:00:00\(before)\t\(2 * 144 + length)",
      "\(transition.date(1))T00:00:00\(after)\t144",
    ]
    let odd = transition.oddHour
    let hours =
      transition.isSpring
      ? [
        "\(transition.date(0))T\(G.pad(odd - 1, 2)):00:00\(before)\t6",
        "\(transition.date(0))T\(G.pad(odd + 1, 2)):00:00\(after)\t6",
      ]
      : [
        "\(transition.date(0))T\(G.pad(odd - 1, 2)):00:00\(before)\t6",
        "\(transition.date(0))T\(G.pad(odd, 2)):00:00\(before)\t12",
        "\(transition.date(0))T\(G.pad(odd + 1, 2)):00:00\(after)\t6",
      ]
    let options = ["--tz", transition.zone, "--year", "2026"]
    let programs = [
      ("timeline 1d", days.joined(separator: "\n") + "\n", true),
      ("timeline 1w", weeks.joined(separator: "\n") + "\n", true),
      ("since \(transition.date(0)) | until \(transition.date(1)) | count", "\(length)\n", true),
      ("timeline 1h", "\n" + hours.joined(separator: "\n") + "\n", false),
    ]
    let answers = try TimeWindowReference.run(programs.map { options + [$0.0, path] })
    for ((program, expected, whole), answer) in zip(programs, answers) {
      let reference = String(decoding: answer.bytes, as: UTF8.self)
      let result = try Sluice.run(options + [program, path])
      let got = String(decoding: result.stdout, as: UTF8.self)
      let context = Self.command(options + [program, path])
      #expect(result.status == 0 && result.stderr.isEmpty, "\(context): \(result)")
      if whole {
        #expect(reference == expected, "the reference disagrees with the hand count: \(context)")
        #expect(got == expected, "\(context)")
      } else {
        #expect(
          reference.contains(expected), "the reference disagrees with the hand count: \(context)")
        #expect(got.contains(expected), "\(context): \(got.debugDescription)")
        #expect(got == reference, "\(context)")
      }
    }
  }

  /// The hour that does not exist in spring. The spec leaves room here: a
  /// bucket is a multiple of INTERVAL on the wall clock, and empty buckets
  /// between the first and the last are written with 0; but the wall clock
  /// never shows 02:00 that night (01:59:59 is followed by 03:00:00), and
  /// each line's start is written with "the zone's offset at the bucket
  /// start". Python's `datetime(2026, 3, 29, 2, tzinfo=Berlin, fold=0)`
  /// is the instant 01:00Z, at which the offset is +02:00 and the wall clock
  /// says 03:00: a 02:00 bucket would be written either as `02:00:00+01:00`
  /// (a time that never showed on a clock there) or as `03:00:00+02:00`
  /// twice. The reading held here: a bucket wholly inside the gap holds no
  /// instant and is no bucket, so the lines go 01:00+01:00, 03:00+02:00,
  /// every start a real local reading, strictly increasing. (45-minute
  /// buckets: 02:15 falls in the gap; 01:30 covers 01:30 to 01:59:59.)
  @Test(arguments: [Transition.berlinSpring, .newYorkSpring])
  func springForwardGap(transition: Transition) throws {
    let dir = try TempDir(prefix: "sluice-time")
    let log = transition.log(explicit: true, traces: false)
    let path = try dir.write("dst.log", log.bytes)
    let before = G.offsetText(transition.offsets.before, style: 0)
    let after = G.offsetText(transition.offsets.after, style: 0)
    let day = transition.date(0)
    let odd = transition.oddHour
    let around: [(String, String)] = [
      (
        "timeline 1h",
        "\(day)T\(G.pad(odd - 1, 2)):00:00\(before)\t6\n\(day)T\(G.pad(odd + 1, 2)):00:00\(after)\t6\n"
      ),
      (
        "timeline 30m",
        "\(day)T\(G.pad(odd - 1, 2)):30:00\(before)\t3\n\(day)T\(G.pad(odd + 1, 2)):00:00\(after)\t3\n"
      ),
      (
        "timeline 45m",
        "\(day)T\(G.pad(odd - 1, 2)):30:00\(before)\t3\n\(day)T\(G.pad(odd + 1, 2)):00:00\(after)\t5\n"
      ),
    ]
    let options = ["--tz", transition.zone]
    let expected = try Self.check(
      around.map { TimeWindowCase($0.0, options: options) }, files: [path])
    for ((program, lines), reference) in zip(around, expected) {
      #expect(
        String(decoding: reference, as: UTF8.self).contains("\n" + lines),
        "the reference disagrees with the hand count: \(program)")
    }
  }

  // MARK: - Timeline buckets by hand

  /// Buckets by hand: weeks from Monday 00:00 local, days from local
  /// midnight, 30 s and 1 min on the minute, hours at :00 local (so at :30
  /// UTC in a +05:30 zone), and the `Z` / `+HH:MM` forms.
  @Test func bucketAlignment() throws {
    let dir = try TempDir(prefix: "sluice-time")
    let lines = [
      "2026-05-03T23:59:59Z sunday", "2026-05-04T00:00:00Z monday",
      "2026-05-04T00:00:29.999Z a", "2026-05-04T00:00:30Z b", "2026-05-04T00:01:00Z c",
    ]
    let path = try dir.write("w.log", Array(lines.map { $0 + "\n" }.joined().utf8))
    let cases: [([String], String, String)] = [
      ([], "timeline 1w", "2026-04-27T00:00:00Z\t1\n2026-05-04T00:00:00Z\t4\n"),
      (["--tz", "-01:00"], "timeline 1w", "2026-04-27T00:00:00-01:00\t5\n"),
      (["--tz=-01:00"], "timeline 1w", "2026-04-27T00:00:00-01:00\t5\n"),
      (["--tz", "+05:30"], "timeline 1d", "2026-05-04T00:00:00+05:30\t5\n"),
      (
        [], "since 2026-05-04 | timeline 30s",
        "2026-05-04T00:00:00Z\t2\n2026-05-04T00:00:30Z\t1\n2026-05-04T00:01:00Z\t1\n"
      ),
      (
        ["--tz", "Asia/Kolkata"], "timeline 1h",
        "2026-05-04T05:00:00+05:30\t5\n"
      ),
      ([], "since 2026-05-04T00:00:30Z | timeline 1d", "2026-05-04T00:00:00Z\t2\n"),
      (
        [], "until 2026-05-04T00:00:30Z | timeline 1m",
        "2026-05-03T23:59:00Z\t1\n2026-05-04T00:00:00Z\t2\n"
      ),
    ]
    let answers = try TimeWindowReference.run(cases.map { $0.0 + [$0.1, path] })
    for ((options, program, expected), answer) in zip(cases, answers) {
      let context = Self.command(options + [program, path])
      #expect(
        String(decoding: answer.bytes, as: UTF8.self) == expected,
        "the reference disagrees with the hand count: \(context)")
      expectSuccess(
        try Sluice.run(options + [program, path]), stdout: Array(expected.utf8), context)
    }
  }

  /// No record with a time: no output from since, until or timeline (not an
  /// error), and `count` says 0.
  @Test func nothingHasATime() throws {
    let dir = try TempDir(prefix: "sluice-time")
    let traces = try dir.write(
      "traces.log",
      Array("\tat a.B.c(B.java:1)\nCaused by: x at 12:30:45\n\n  since 2024-02-29\n".utf8))
    let empty = try dir.write("empty.log", [])
    let gz = try dir.write("traces.log.gz", try Reference.gzip(try readBytes(traces)))
    for files in [[traces], [empty], [traces, empty, gz]] {
      for program in [
        "since @0", "until now", "timeline 1h", "timeline 1w", "since @0 | until now",
      ] {
        expectSuccess(
          try Sluice.run([program] + files), stdout: [], Self.command([program] + files))
      }
      expectSuccess(
        try Sluice.run(["since @0 | count"] + files), stdout: countOutput(0),
        Self.command(["since @0 | count"] + files))
    }
  }

  // MARK: - until stops reading

  /// The rule by hand: `until` keeps records up to a minute out of order and
  /// stops reading an input at the first record 60 s or more past TIME,
  /// then goes on with the next input; `--unsorted` reads everything.
  @Test func untilStopsAMinuteLate() throws {
    let first = [
      "2026-06-01T11:59:00Z a", "2026-06-01T12:00:30Z b", "2026-06-01T11:59:50Z c",
      "2026-06-01T12:00:59.999Z d", "\tat trace.of.D(D.java:1)", "2026-06-01T11:59:59.999Z e",
      "2026-06-01T12:01:00Z f", "2026-06-01T11:59:58Z g",
    ]
    let second = [
      "\tat leading.trace(L.java:1)", "2026-06-01T11:00:00Z h", "2026-06-01T13:00:00Z i",
      "2026-06-01T11:00:01Z j",
    ]
    let dir = try TempDir(prefix: "sluice-time")
    let files = [
      try dir.write("first.log", Array(first.map { $0 + "\n" }.joined().utf8)),
      try dir.write(
        "second.log.gz", try Reference.gzip(Array(second.map { $0 + "\n" }.joined().utf8))),
    ]
    let time = "2026-06-01T12:00:00Z"
    let expected: [(options: [String], program: String, lines: [String])] = [
      ([], "until \(time)", ["a", "c", "e", "h"]),
      (["--unsorted"], "until \(time)", ["a", "c", "e", "g", "h", "j"]),
      // f is not 60 s past this TIME: g after it is read and kept.
      ([], "until 2026-06-01T12:00:00.001Z", ["a", "c", "e", "g", "h"]),
      ([], "since \(time)", ["b", "d", "\tat trace.of.D(D.java:1)", "f", "i"]),
    ]
    let answers = try TimeWindowReference.run(expected.map { $0.options + [$0.program] + files })
    for (item, answer) in zip(expected, answers) {
      let want = (first + second).filter { line in
        item.lines.contains { $0 == line || line.hasSuffix("Z " + $0) }
      }
      let bytes = Array(want.map { $0 + "\n" }.joined().utf8)
      let context = Self.command(item.options + [item.program] + files)
      #expect(answer.bytes == bytes, "the reference disagrees with the hand count: \(context)")
      for jobs in ["1", "2"] {
        expectSuccess(
          try Sluice.run(["-j", jobs] + item.options + [item.program] + files), stdout: bytes,
          "-j \(jobs) \(context)")
      }
    }
  }

  /// A large time-ordered log: lines 100 ms apart from 2026-06-01T00:00Z.
  struct BigLog: Sendable {
    var bytes: [UInt8]
    var gz: [UInt8]
    /// Where each line starts (and the end).
    var offsets: [Int]
    static let start = G.utcSeconds(2026, 6, 1) * 1000
  }

  static let bigLog: BigLog = {
    var rng = SeededRandom(seed: 41)
    let hex = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(25_000_000)
    var offsets: [Int] = []
    let tails = (0..<64).map { index in
      Array(
        " INFO [http-\(index % 8)] GET /api/v1/items/\(index * 7919 % 100_000) status=\([200, 200, 304, 404][index % 4]) req="
          .utf8)
    }
    var second = -1
    var prefix: [UInt8] = []
    var clock = BigLog.start
    while bytes.count < 24_000_000 {
      offsets.append(bytes.count)
      if clock / 1000 != second {
        second = clock / 1000
        prefix = Array(
          G.iso(clock, offset: 0, separator: "T", seconds: true, digits: 0, comma: false).utf8)
      }
      bytes += prefix
      let millis = clock % 1000
      bytes += [
        0x2E, UInt8(48 + millis / 100), UInt8(48 + millis / 10 % 10), UInt8(48 + millis % 10), 0x5A,
      ]
      var random = rng.next()
      bytes += tails[Int(random & 63)]
      for _ in 0..<12 {
        random >>= 5
        bytes.append(hex[Int(random & 15)])
      }
      bytes.append(0x0A)
      clock += 100
    }
    offsets.append(bytes.count)
    return BigLog(bytes: bytes, gz: try! Reference.gzip(bytes, level: 1), offsets: offsets)
  }()

  /// Feeds `input` to `sluice ARGUMENTS` through a pipe on its standard
  /// input and returns the result and how many bytes the pipe took before
  /// sluice closed it (all of them if it read to the end).
  static func runFeeding(_ input: [UInt8], arguments: [String]) throws -> (RunResult, Int) {
    signal(SIGPIPE, SIG_IGN)  // a closed pipe is EPIPE for the writer, not death
    let dir = try TempDir(prefix: "sluice-time")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Sluice.path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardInput = pipe
    let stdoutPath = try dir.write("stdout", [])
    let stderrPath = try dir.write("stderr", [])
    guard let out = FileHandle(forWritingAtPath: stdoutPath),
      let err = FileHandle(forWritingAtPath: stderrPath)
    else { throw SubprocessError(description: "cannot open \(dir.path)") }
    process.standardOutput = out
    process.standardError = err
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    try? pipe.fileHandleForReading.close()
    // A sluice that neither reads nor exits is ended after a minute, which
    // closes the pipe and ends the writing below.
    let watchdog = Watchdog(pid: process.processIdentifier)
    DispatchQueue.global().asyncAfter(deadline: .now() + 60) { watchdog.fire() }
    let descriptor = pipe.fileHandleForWriting.fileDescriptor
    var written = 0
    input.withUnsafeBytes { raw in
      while written < raw.count {
        let n = write(descriptor, raw.baseAddress! + written, min(65_536, raw.count - written))
        if n < 0 {
          if errno == EINTR { continue }
          break  // EPIPE: sluice closed its standard input
        }
        written += n
      }
    }
    try? pipe.fileHandleForWriting.close()
    done.wait()
    process.waitUntilExit()
    let timedOut = watchdog.disarm()
    let result = RunResult(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      stdout: try readBytes(stdoutPath),
      stderr: String(decoding: try readBytes(stderrPath), as: UTF8.self), timedOut: timedOut,
      elapsed: clock.now - start)
    return (result, written)
  }

  /// Kills a process after a while, unless disarmed first.
  final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let pid: pid_t
    private var armed = true
    private var fired = false

    init(pid: pid_t) { self.pid = pid }

    func fire() {
      lock.lock()
      defer { lock.unlock() }
      guard armed else { return }
      fired = true
      kill(pid, SIGKILL)
    }

    /// Whether it fired.
    func disarm() -> Bool {
      lock.lock()
      defer { lock.unlock() }
      armed = false
      return fired
    }
  }

  /// `until` near the start of a 24 MB log coming through a pipe: sluice
  /// must stop reading and exit long before the writer is done; with
  /// `--unsorted` it must take everything.
  @Test(arguments: [true, false])
  func untilReadsLittleOfAPipe(compressed: Bool) throws {
    let big = Self.bigLog
    let input = compressed ? big.gz : big.bytes
    let kept = 1800  // three minutes of lines
    let time = TimeArgument.isoZ(BigLog.start + kept * 100)
    for (options, all) in [([String](), false), (["--unsorted"], true)] {
      let arguments = options + ["until \(time) | count"]
      let (result, written) = try Self.runFeeding(input, arguments: arguments)
      let context =
        "\(Self.command(arguments)) < \(compressed ? "gzip" : "plain") pipe of \(input.count) bytes"
      expectSuccess(result, stdout: countOutput(kept), context)
      if all {
        #expect(written == input.count, "\(context): the pipe took \(written)")
      } else {
        #expect(
          written < input.count / 8 && written < 1_000_000,
          "\(context): the pipe took \(written) of \(input.count) bytes")
      }
    }
  }

  /// The same with files: a time-ordered log whose later part is bad (a
  /// gzip member with a wrong CRC; a line over --max-record). `until` near
  /// the start never gets there, and goes on with the next file; with
  /// `--unsorted` it reads the bad part and says so (exit 65).
  @Test func untilReadsLittleOfAFile() throws {
    let big = Self.bigLog
    let cut = big.offsets[50_000]  // about 4.5 MB
    let head = Array(big.bytes[..<cut])
    let rest = Array(big.bytes[cut..<big.offsets[55_000]])
    var badMember = try Reference.gzip(rest, level: 1)
    badMember[badMember.count - 8] ^= 0xFF  // the CRC-32
    let dir = try TempDir(prefix: "sluice-time")
    let brokenGz = try dir.write("broken.log.gz", try Reference.gzip(head, level: 1) + badMember)
    let longLine = Array(repeating: UInt8(ascii: "x"), count: 100_000) + [0x0A]
    let brokenPlain = try dir.write("broken.log", head + longLine + rest)
    // The next file: ten lines before TIME, then later ones.
    let next = try dir.write(
      "next.log",
      Array(big.bytes[..<big.offsets[10]])
        + Array(big.bytes[big.offsets[40_000]..<big.offsets[40_020]]))
    let kept = 1800
    let program = "until \(TimeArgument.isoZ(BigLog.start + kept * 100)) | count"
    for broken in [brokenGz, brokenPlain] {
      for jobs in ["1", "2"] {
        let arguments = ["-j", jobs, "--max-record", "64K", program, broken, next]
        expectSuccess(
          try Sluice.run(arguments), stdout: countOutput(kept + 10), Self.command(arguments))
        let all = try Sluice.run(["--unsorted"] + arguments)
        #expect(all.status == 65, "\(Self.command(["--unsorted"] + arguments)): \(all)")
        #expect(
          all.stderrLines.count == 1 && all.stderr.contains(broken),
          "\(Self.command(["--unsorted"] + arguments)): \(all)")
      }
    }
  }

  // MARK: - Relative times

  /// A log around the real current time: lines every 2 minutes from 3 hours
  /// ago to 8 minutes ahead, each 30 s off any whole minute from now, so that
  /// `-1h` and friends fall between lines even if the test is slow. syslog
  /// lines without --year take the current year (in --tz), or the one
  /// before when that puts them more than a day ahead.
  @Test func relativeTimes() throws {
    let now = Date().timeIntervalSince1970
    let nowText = String(format: "%.6f", now)
    let base = Int(now)
    let zone = G.Zone.named("America/New_York")
    var rng = SeededRandom(seed: 51)
    var lines: [G.Line] = []
    for k in 0..<95 {
      let seconds = base - 3 * 3600 + 30 + 120 * k
      let form: G.Form = [.isoZulu, .isoOffset, .syslog, .apache, .syslog].randomElement(
        using: &rng)!
      lines.append(
        G.render(seconds * 1000, form: form, zone: zone, wholeSeconds: true, using: &rng))
      if k % 7 == 0 { lines.append(G.Line(text: G.continuation(using: &rng), millis: nil)) }
    }
    // Out of order at the end: syslog lines 12 hours and 3 days ahead, 200 days back.
    for ahead in [12 * 3600, 3 * 86_400, -200 * 86_400] {
      lines.append(
        G.render(
          (base + ahead + 30) * 1000, form: .syslog, zone: zone, wholeSeconds: true, using: &rng))
    }
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("recent.log", G.Log(lines: lines).bytes)
    let options = ["--tz", "America/New_York"]
    let cases = [
      TimeWindowCase("since -1h"),
      TimeWindowCase("since -1h30m | count"),
      TimeWindowCase("since -90m | count"),
      TimeWindowCase("until -2h15m"),
      TimeWindowCase("since -2h | until -45m"),
      TimeWindowCase("until now | count"),
      TimeWindowCase("since now"),
      TimeWindowCase("since -1d | count"),
      TimeWindowCase("since -1w | count"),
      TimeWindowCase("until -1h", options: ["--unsorted"]),
      TimeWindowCase("since -3h | timeline 1h"),
      TimeWindowCase("since @\(base - 3600 + 30) | count"),
    ].map { TimeWindowCase($0.program, options: options + $0.options) }
    let expected = try Self.check(cases, files: [path], now: nowText)
    #expect(expected[1] == expected[2], "the reference: -1h30m is -90m")
    // The line 12 hours ahead is this year's unless the year ends before it.
    let year = { (seconds: Int) in G.civil(seconds + zone.offset(at: seconds)).0.year }
    if year(base) == year(base + 12 * 3600 + 30) {
      // Ahead of now: the last five regular lines, a trace after the
      // second of them, and the line 12 hours ahead.
      #expect(Self.lines(expected[6]).count == 7, "the reference: since now")
      // In the last week: 95 regular lines, 14 traces, 12 hours ahead; 3
      // days ahead is last year's, 200 days back is before.
      #expect(Self.number(expected[8]) == 110, "the reference: since -1w")
    }
  }

  /// `--tz local` is the zone of the process (TZ, else /etc/localtime).
  @Test func localZone() throws {
    let log = G.log(
      seed: 61, start: G.utcSeconds(2026, 10, 29, 12) * 1000, count: 1500,
      zone: .named("America/New_York"),
      jumpPercent: 2)
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("local.log", log.bytes)
    let times = log.stamped.map { $0.millis! }
    let window = [
      TimeWindowCase("since \(TimeArgument.isoMinute(times[times.count / 3], offset: -14_400))"),
      TimeWindowCase("until \(TimeArgument.isoZ(times[times.count / 2])) | count"),
    ]
    let cases = window + [TimeWindowCase("timeline 1h"), TimeWindowCase("timeline 1d")]
    let local = cases.map {
      TimeWindowCase($0.program, options: ["--tz", "local", "--year", "2026"])
    }
    let named = cases.map {
      TimeWindowCase($0.program, options: ["--tz", "America/New_York", "--year", "2026"])
    }
    let expected = try Self.check(local, files: [path], environment: ["TZ=America/New_York"])
    #expect(try Self.check(named, files: [path]) == expected, "the reference: local is TZ")
    // Without TZ: the system's zone (timelines left out: whether a UTC
    // system zone is written Z or +00:00 is not settled).
    let system = window.map {
      TimeWindowCase($0.program, options: ["--tz", "local", "--year", "2026"])
    }
    try Self.check(system, files: [path], environment: ["-u", "TZ"])
  }

  // MARK: - The inputs, for a look or a rerun by hand

  @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_TIME_DUMP"] != nil))
  func dumpCorpora() throws {
    let target = ProcessInfo.processInfo.environment["SLUICE_TIME_DUMP"]!
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    let files: [(String, [UInt8])] = [
      ("reference.py", Array(TimeWindowReference.script.utf8)),
      ("mixed-utc.log", Self.mixedUTC.bytes), ("mixed-st-johns.log", Self.mixedStJohns.bytes),
      ("mixed-west.log", Self.mixedWest.bytes), ("app.jsonl", Self.jsonLog.bytes),
    ]
    for (name, bytes) in files {
      try Data(bytes).write(to: URL(fileURLWithPath: "\(target)/\(name)"))
    }
    for transition in Transition.allCases {
      for explicit in [true, false] {
        let name = "dst-\(transition.rawValue)-\(explicit ? "explicit" : "local").log"
        try Data(transition.log(explicit: explicit, traces: true).bytes).write(
          to: URL(fileURLWithPath: "\(target)/\(name)"))
      }
    }
  }

  // MARK: - Errors

  static let badTimes = [
    "since yesterday", "until 2026-13-01", "since 2026-02-30", "until -5x", "since @abc",
    "since 25:00", "since", "until 2026-05-04T24:00:00Z", "since 1h", "since 2026-05-04 10:00",
    "since @1 | until nope",
  ]
  static let badIntervals = [
    "timeline 0m", "timeline 5x", "timeline m", "timeline 1.5h", "timeline -1h", "timeline",
    "timeline 1h 2h", "timeline 1y", "since @0 | timeline 10",
  ]

  /// A bad program: exit 64, nothing on stdout, one message line `sluice:
  /// ...` (under it, sluice's usual echo of the program and a caret).
  @Test(arguments: badTimes + badIntervals)
  func badProgram(program: String) throws {
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("a.log", Array("2026-05-04T10:00:00Z a\n".utf8))
    let result = try Sluice.run([program, path])
    #expect(result.status == 64 && !result.signaled, "\(program): \(result)")
    #expect(result.stdout.isEmpty, "\(program): \(result)")
    let lines = result.stderrLines
    #expect(lines.first?.hasPrefix("sluice: ") == true, "\(program): \(result)")
    #expect(
      lines.count == 1
        || lines.count == 3 && lines[1] == "  " + program
          && lines[2].contains(/^ *\^+ *$/),
      "\(program): one message expected: \(result)")
  }

  /// The reference agrees that they are bad.
  @Test func referenceRejectsTheBadPrograms() throws {
    let programs = Self.badTimes + Self.badIntervals
    let answers = try TimeWindowReference.run(programs.map { [$0, "/dev/null"] })
    for (program, answer) in zip(programs, answers) {
      #expect(answer.status == 64, "the reference takes \(program)")
    }
  }

  @Test(arguments: ["Mars/Olympus", "Europe/Berlinn", "+25:00", "01:00", ""])
  func unknownZone(zone: String) throws {
    let dir = try TempDir(prefix: "sluice-time")
    let path = try dir.write("a.log", Array("2026-05-04T10:00:00Z a\n".utf8))
    for program in ["since @0", "timeline 1h"] {
      let result = try Sluice.run(["--tz", zone, program, path])
      let context = Self.command(["--tz", zone, program, path])
      #expect(result.status == 64 && !result.signaled, "\(context): \(result)")
      #expect(result.stdout.isEmpty, "\(context): \(result)")
      #expect(
        result.stderrLines.count == 1 && result.stderrLines.first?.hasPrefix("sluice: ") == true,
        "\(context): one line expected: \(result)")
    }
  }

  /// JSON lines with two records that are not JSON (4 and 7).
  static let jsonWithErrors: [String] = [
    #"{"ts":1780000000,"n":1}"#, #"{"ts":"2026-05-28T20:26:41Z","n":2}"#,
    #"{"ts":1780000002.5,"n":3}"#,
    "2026-05-28T20:26:43Z this line is not JSON", #"{"ts":"1780000004","n":5}"#,
    #"{"ts":1780000005,"n":6}"#, "not json either", #"{"ts":1780007205,"n":8}"#,
  ]

  @Test func timeFieldOnARecordThatIsNotJSON() throws {
    let dir = try TempDir(prefix: "sluice-time")
    let text = Array(Self.jsonWithErrors.map { $0 + "\n" }.joined().utf8)
    let plain = try dir.write("mixed.jsonl", text)
    let gz = try dir.write("mixed.jsonl.gz", try Reference.gzip(text))
    for path in [plain, gz] {
      let arguments = ["--time-field", ".ts", "since @0", path]
      let result = try Sluice.run(arguments)
      let context = Self.command(arguments)
      expectFailure(result, status: 65, naming: path, context)
      #expect(result.stderr.contains(/\brecord 4\b/), "\(context): record 4 not named: \(result)")
      let answer = try TimeWindowReference.run([arguments])[0]
      #expect(answer.status == 65, "the reference")
      expectBytes(result.stdout, equal: answer.bytes, "\(context): the records before the bad one")
    }
    // Skipped: the rest as the reference sees it, and one report line.
    for (program, jobs) in [
      ("since @1780000002", "1"), ("timeline 1h", "2"), ("until @1780000005 | count", "2"),
    ] {
      let arguments = ["-j", jobs, "--on-error", "skip", "--time-field", ".ts", program, plain, gz]
      let result = try Sluice.run(arguments)
      let context = Self.command(arguments)
      let answer = try TimeWindowReference.run([arguments])[0]
      #expect(result.status == 0 && !result.signaled, "\(context): \(result)")
      expectBytes(result.stdout, equal: answer.bytes, context)
      #expect(
        !answer.bytes.isEmpty && answer.bytes != countOutput(0), "the reference found nothing")
      let lines = result.stderrLines
      #expect(lines.count == 1, "\(context): one report line: \(result)")
      if let line = lines.first {
        expectErrorLine(line, naming: plain, context)
        #expect(line.contains(/\bskipped 4 records\b/), "\(context): \(line)")
        #expect(line.contains(/\brecord 4\b/), "\(context): first skipped record: \(line)")
      }
    }
  }
}
