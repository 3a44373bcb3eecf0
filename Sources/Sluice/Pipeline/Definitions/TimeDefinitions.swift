extension StageDefinition {
  /// The stages that keep records by time, in the order `sluice help` lists them.
  static let timeWindowStages: [StageDefinition] = [.since, .until]

  /// How every time stage finds a record's time, for their help.
  private static let recordTimes = """
    A record's time is the first timestamp in it: ISO 8601 / RFC 3339 \
    (2026-11-29T10:15:02.123Z, a space or t for the T, a comma for the dot, with an \
    offset such as +01:00, +0100 or +01, or none), 2026/11/29 10:15:02 (nginx error \
    log), 29/Nov/2026:10:15:02 +0000 (Apache and nginx access logs) or Nov 29 10:15:02 \
    (syslog, whose year is --year, else the current year, or last year for a time more \
    than a day ahead). With --time-field PATH, a JSON record's time is the value at PATH \
    instead: a number of seconds since 1970 (above 10^11 taken as milliseconds, 10^14 \
    microseconds, 10^17 nanoseconds) or a timestamp string; a record that is not JSON is \
    a bad record. A time without an offset is on the clock of --tz (UTC by default). A \
    record with no timestamp of its own (a line of a stack trace) has the time of the \
    last record before it in the same file that had one; before the first, it has none.
    """

  /// What TIME may be, for the help of `since` and `until`.
  private static let timeArguments = """
    TIME is a timestamp in any of those forms, a date (2026-11-29: midnight), now, \
    @EPOCH (seconds since 1970), or a time before now: -30s, -15m, -2h, -1d, -1w, \
    -1h30m. Quote a TIME with a space inside the program: "since '2026-11-29 10:00'".
    """

  /// `since TIME`
  static let since = StageDefinition(
    name: "since", synopsis: "since TIME",
    summary: "Keep records whose time is TIME or later.",
    details: """
      \(recordTimes) Records without a time are dropped.

      \(timeArguments) With until, a window: 'since A | until B' keeps A <= time < B, \
      so windows that meet never share a record. Memory: nothing.
      """,
    examples: [
      "'since -1h | grep -F ERROR' app.log", "'since 2026-11-29T10:00 | count' access.log.gz",
      "--tz Europe/Berlin \"since '2026-11-29 08:00' | until '2026-11-29 09:00'\" app.log",
    ],
    parallelism: .perInput
  ) { arguments throws(SluiceError) in
    let start = try arguments.time()
    let settings = arguments.options.time
    return .stage { next in TimeWindowStage(.since(start), settings: settings, next: next) }
  }

  /// `until TIME`
  static let until = StageDefinition(
    name: "until", synopsis: "until TIME",
    summary: "Keep records whose time is before TIME; stop reading a file once past it.",
    details: """
      \(recordTimes) Records without a time are dropped.

      \(timeArguments)

      Logs are written in time order, so once a file has a record more than a minute \
      past TIME (a minute, for lines written a little out of order), nothing later in \
      that file can be kept, and sluice reads no more of it: 'until' near the start of \
      a huge log costs next to nothing. The next file is read as usual. With \
      --unsorted, or after a stage that counts or orders records (head, skip, sample, \
      uniq, distinct, an aggregate), every record is read. Memory: nothing.
      """,
    examples: [
      "'until 2026-11-29T06:00 | count' access.log.gz",
      "'since -2h | until -1h | count-by 9' access.log",
      "--unsorted 'until -1d | count' merged.log",
    ],
    parallelism: .perInput
  ) { arguments throws(SluiceError) in
    let end = try arguments.time()
    let settings = arguments.options.time
    // After a stage that counts or orders records (head, skip, uniq), skipping
    // the rest of an input would change what that stage sees.
    let stopsEarly = settings.inTimeOrder && arguments.recordByRecordSoFar
    return .stage { next in
      TimeWindowStage(.until(end, stopsEarly: stopsEarly), settings: settings, next: next)
    }
  }

  /// `timeline INTERVAL`
  static let timeline = StageDefinition(
    name: "timeline", synopsis: "timeline INTERVAL",
    summary: "Count records per time bucket; write BUCKET_START<TAB>COUNT lines in time order.",
    details: """
      INTERVAL is a length: 30s, 5m, 1h, 1d, 1w (or 1h30m). Buckets are INTERVAL \
      long on the clock of --tz (UTC by default), counted from midnight and from \
      Monday, so 1d buckets are days and 1w buckets weeks starting on Monday. One \
      line per bucket from the first with records to the last, empty ones included \
      (COUNT 0): its start in ISO 8601 with the zone's offset (Z for UTC), a TAB, the \
      count. On a terminal each line also gets a bar, the longest for the busiest \
      bucket, so a spike shows at a glance. Where --tz changes its clocks, the hour \
      they go back counts both hours and the hour they skip has no line.

      \(recordTimes) Records without a time are not counted. Memory grows with the \
      number of buckets that have records, about 50 bytes each; the empty ones in \
      between cost nothing.
      """,
    examples: [
      "'grep -F \" 500 \" | timeline 1h' access.log*.gz", "'timeline 1m | tail 60' app.log",
      "--time-field .ts 'timeline 1d' events.json",
    ],
    producesLines: true, parallelism: .mergeable
  ) { arguments throws(SluiceError) in
    let word = try arguments.required("INTERVAL")
    guard let width = TimeSpan(word.text) else {
      throw arguments.error(
        "INTERVAL must be a length such as 30s, 5m, 1h, 1d or 1w (got '\(word.text)')", at: word)
    }
    let settings = arguments.options.time
    let bars = arguments.options.terminalColumns.map(TimelineStage.barWidth(columns:))
    return .stage { next in
      TimelineStage(width: width, settings: settings, barWidth: bars, next: next)
    }
  }
}

extension StageArguments {
  /// The TIME of `since` and `until`.
  fileprivate mutating func time() throws(SluiceError) -> Timestamp {
    let word = positional { $0.hasPrefix("-") && TimeSpan(String($0.dropFirst())) != nil }
    guard let word else { throw missing("TIME") }
    guard let instant = options.time.instant(word.text) else {
      throw error(
        "TIME must be a timestamp (2026-11-29T10:15:00Z, 29/Nov/2026:10:15:00 +0000), "
          + "a date (2026-11-29), now, @EPOCH or a time before now (-2h, -1d); got '\(word.text)'",
        at: word)
    }
    return instant
  }
}
