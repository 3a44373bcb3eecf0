import Testing

@testable import Sluice

@Suite struct CivilTimeTests {
  @Test(
    arguments: [
      (CivilTime(year: 2026, month: 11, day: 29, hour: 10, minute: 15, second: 2), 1_795_947_302),
      (CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59), -1),
      (CivilTime(year: 2000, month: 2, day: 29), 951_782_400),
      (CivilTime(year: 1970, month: 1, day: 1), 0),
    ] as [(CivilTime, Int64)])
  func secondsSinceEpoch(civil: CivilTime, seconds: Int64) {
    #expect(civil.secondsSinceEpoch == seconds)
    #expect(CivilTime(secondsSinceEpoch: seconds) == civil)
  }

  @Test func everyDayOfFourCenturiesRoundTrips() {
    var seconds = CivilTime(year: 1800, month: 1, day: 1).secondsSinceEpoch
    var previous = CivilTime(secondsSinceEpoch: seconds - 86_400)
    for _ in 0..<(400 * 366) {
      let civil = CivilTime(secondsSinceEpoch: seconds)
      #expect(civil.isValid)
      #expect(civil.secondsSinceEpoch == seconds)
      #expect(civil.day == 1 || civil.day == previous.day + 1)
      previous = civil
      seconds += 86_400
    }
  }

  @Test func validity() {
    #expect(!CivilTime(year: 2026, month: 2, day: 29).isValid)
    #expect(CivilTime(year: 2024, month: 2, day: 29).isValid)
    #expect(!CivilTime(year: 1900, month: 2, day: 29).isValid)
    #expect(!CivilTime(year: 2026, month: 13, day: 1).isValid)
    #expect(!CivilTime(year: 2026, month: 4, day: 31).isValid)
    #expect(!CivilTime(year: 2026, month: 4, day: 30, hour: 24).isValid)
  }

  @Test func timestampDescription() {
    #expect(Timestamp(seconds: 1_795_947_302).description == "2026-11-29T10:15:02Z")
    #expect(
      Timestamp(seconds: 1_795_947_302, nanoseconds: 120_000_000).description
        == "2026-11-29T10:15:02.12Z")
    #expect(Timestamp(nanoseconds: -1).description == "1969-12-31T23:59:59.999999999Z")
  }
}

@Suite struct TimestampScannerTests {
  /// 2026-11-29T10:15:02Z
  static let base: Int64 = 1_795_947_302

  static let forms: [(String, Int64?)] = [
    ("2026-11-29T10:15:02Z hello", base),
    ("2026-11-29t10:15:02z", base),
    ("2026-11-29 10:15:02 hello", base),
    ("2026-11-29T11:15:02+01:00", base),
    ("2026-11-29T11:15:02+0100", base),
    ("2026-11-29T11:15:02+01", base),
    ("2026-11-29T04:45:02-05:30", base),
    ("2026-11-29 11:15:02 +0100 spaced offset", base),
    ("2026-11-29T10:15Z", base - 2),
    ("level=info ts=2026-11-29T10:15:02.5Z", base),
    ("2026/11/29 10:15:02 [error] 12#0: nginx", base),
    ("1.2.3.4 - - [29/Nov/2026:10:15:02 +0000] \"GET / HTTP/1.1\" 200", base),
    ("1.2.3.4 - - [29/Nov/2026:11:15:02 +0100]", base),
    ("[29/nov/2026:10:15:02]", base),
    ("Nov 29 10:15:02 host sshd[1]: message", base),
    ("<13>Nov 29 10:15:02 host", base),
    ("Dec  1 00:00:00 host", base + 135_898),
    ("Dec 01 00:00:00 host", base + 135_898),
    ("Dec 1 00:00:00 host", base + 135_898),
    ("2001:db8::1 - - [29/Nov/2026:10:15:02 +0000]", base),
    ("no time here: 12:30 is not enough", nil),
    ("2026-02-30T10:00:00Z impossible date", nil),
    ("2026-11-29T25:00:00Z impossible hour", nil),
    ("12026-11-29T10:15:02Z digits before", nil),
    ("0001-01-01T00:00:00Z a placeholder, not a time", nil),
    ("9999-12-31T23:59:59Z the other placeholder", nil),
    ("Novx29 10:15:02", nil),
    ("", nil),
  ]

  @Test(arguments: forms)
  func finds(text: String, seconds: Int64?) {
    var scanner = TimestampScanner(year: 2026, now: Timestamp(seconds: Self.base))
    #expect(scanner.first(in: text)?.seconds == seconds)
  }

  @Test func fractionsAndCommas() {
    var scanner = TimestampScanner()
    #expect(
      scanner.first(in: "2026-11-29 10:15:02,123 INFO")
        == Timestamp(seconds: Self.base, nanoseconds: 123_000_000))
    #expect(
      scanner.first(in: "2026-11-29T10:15:02.1234567891234Z")
        == Timestamp(seconds: Self.base, nanoseconds: 123_456_789))
  }

  @Test func theFirstTimestampWins() {
    var scanner = TimestampScanner()
    #expect(
      scanner.first(in: "2026-11-29T10:15:02Z retry at 2026-11-29T11:00:00Z")?.seconds
        == Self.base)
  }

  @Test func wallClockTimesAreInTheZone() {
    var scanner = TimestampScanner(zone: .fixed(seconds: 3600))
    #expect(scanner.first(in: "2026-11-29 11:15:02 x")?.seconds == Self.base)
    #expect(scanner.first(in: "2026-11-29T10:15:02Z")?.seconds == Self.base)
  }

  @Test func syslogYearIsTheCurrentOneOrTheOneBefore() {
    let newYear = CivilTime(year: 2027, month: 1, day: 1, hour: 0, minute: 30).secondsSinceEpoch
    var scanner = TimestampScanner(now: Timestamp(seconds: newYear))
    let lastNight = CivilTime(year: 2026, month: 12, day: 31, hour: 23).secondsSinceEpoch
    #expect(scanner.first(in: "Dec 31 23:00:00 host")?.seconds == lastNight)
    #expect(scanner.first(in: "Jan  1 00:10:00 host")?.seconds == newYear - 1200)
    // Tomorrow is within a day: still this year.
    #expect(scanner.first(in: "Jan  1 23:00:00 host")?.seconds == newYear + 81_000)
    var fixed = TimestampScanner(year: 2020, now: Timestamp(seconds: newYear))
    #expect(
      fixed.first(in: "Dec 31 23:00:00 host")?.seconds
        == CivilTime(year: 2020, month: 12, day: 31, hour: 23).secondsSinceEpoch)
  }

  @Test func wholeTextMustBeOneTimestamp() {
    var scanner = TimestampScanner()
    #expect(scanner.whole("2026-11-29T10:15:02Z")?.seconds == Self.base)
    #expect(scanner.whole("2026-11-29T10:15:02Z and more") == nil)
    #expect(scanner.whole("at 2026-11-29T10:15:02Z") == nil)
  }
}

@Suite struct TimeArgumentTests {
  static let now = Timestamp(seconds: 1_795_947_302)
  let settings = TimeSettings(now: now)

  @Test func forms() {
    #expect(settings.instant("now") == Self.now)
    #expect(settings.instant("-2h") == Self.now.adding(seconds: -7200))
    #expect(settings.instant("-1h30m") == Self.now.adding(seconds: -5400))
    #expect(settings.instant("-1w") == Self.now.adding(seconds: -604_800))
    #expect(settings.instant("@1795947302") == Self.now)
    #expect(
      settings.instant("@1795947302.25")
        == Timestamp(seconds: 1_795_947_302, nanoseconds: 250_000_000))
    #expect(settings.instant("2026-11-29")?.seconds == 1_795_910_400)
    #expect(settings.instant("2026-11-29T10:15:02Z") == Self.now)
    #expect(settings.instant("29/Nov/2026:10:15:02 +0000") == Self.now)
    for bad in [
      "", "-", "-2", "-2x", "yesterday", "2026-11-31", "2026-11-29T10:15:02Z!", "@", "@1e9",
      "0001-01-01", "9999-12-31T00:00:00Z",
    ] {
      #expect(settings.instant(bad) == nil, "\(bad)")
    }
  }

  @Test func datesAreMidnightInTheZone() {
    let berlin = TimeSettings(zone: .fixed(seconds: 3600), now: Self.now)
    let midnight = berlin.instant("2026-11-29")
    #expect(midnight == Timestamp(seconds: 1_795_910_400 - 3600))
  }

  @Test func spans() {
    #expect(TimeSpan("30s")?.seconds == 30)
    #expect(TimeSpan("1h30m")?.seconds == 5400)
    #expect(TimeSpan("1d")?.seconds == 86_400)
    #expect(TimeSpan("90m")?.description == "1h30m")
    for bad in ["", "0s", "1", "h", "1x", "1h-", "-1h", "100000000000w", "10500w"] {
      #expect(TimeSpan(bad) == nil, "\(bad)")
    }
  }

  @Test func epochUnits() {
    #expect(EpochTime.instant("1795947302") == Self.now)
    #expect(EpochTime.instant("1795947302000") == Self.now)
    #expect(EpochTime.instant("1795947302000000") == Self.now)
    #expect(EpochTime.instant("1795947302000000000") == Self.now)
    #expect(EpochTime.instant("1795947302.5")?.nanoseconds == 1_795_947_302_500_000_000)
    #expect(EpochTime.instant("-1")?.seconds == -1)
    for bad in [
      "", "-", "1.", "1e9", "12a", "99999999999999999999", "99999999999", "99999999999999",
      "99999999999999999", "-99999999999",
    ] {
      #expect(EpochTime.instant(bad) == nil, "\(bad)")
    }
  }
}

@Suite struct ZoneTests {
  @Test func offsets() {
    #expect(TimeZoneRule(argument: "UTC") == .utc)
    #expect(TimeZoneRule(argument: "+01:00") == .fixed(seconds: 3600))
    #expect(TimeZoneRule(argument: "-0530") == .fixed(seconds: -19_800))
    #expect(TimeZoneRule(argument: "+05") == .fixed(seconds: 18_000))
    #expect(TimeZoneRule(argument: "+00:00") == .utc)
    #expect(TimeZoneRule(argument: "+1:00") == nil)
    #expect(TimeZoneRule(argument: "Mars/Olympus") == nil)
    #expect(TimeZoneRule(argument: "../../etc/passwd") == nil)
    #expect(TimeZoneRule(argument: "zone.tab") == nil)
  }

  /// Python's zoneinfo (fold=0) gives these for Europe/Berlin.
  @Test func berlinAcrossItsChanges() throws {
    let berlin = try #require(TimeZoneRule.named("Europe/Berlin"))
    var clock = ZoneClock(berlin)
    func local(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
      CivilTime(year: 2026, month: month, day: day, hour: hour, minute: minute).secondsSinceEpoch
    }
    // Clocks skip 02:00-03:00 on 29 March: 02:30 takes the offset before.
    #expect(clock.utcSeconds(forLocal: local(3, 29, 2, 30)) == 1_774_747_800)
    // 02:30 happens twice on 25 October: the first.
    #expect(clock.utcSeconds(forLocal: local(10, 25, 2, 30)) == 1_792_888_200)
    #expect(clock.utcSeconds(forLocal: local(10, 25, 3, 30)) == 1_792_891_800 + 3600)
    #expect(clock.utcSeconds(forLocal: local(7, 1, 12, 0)) == local(7, 1, 10, 0))
    #expect(clock.utcSeconds(forLocal: local(12, 1, 12, 0)) == local(12, 1, 11, 0))
    #expect(clock.iso8601(utcSeconds: local(7, 1, 10, 0)) == "2026-07-01T12:00:00+02:00")
    #expect(clock.iso8601(utcSeconds: local(12, 1, 11, 0)) == "2026-12-01T12:00:00+01:00")
  }
}

@Suite struct TimeStageTests {
  static let lines = [
    "preamble without a time",
    "2026-11-29T10:00:00Z a",
    "  continuation of a",
    "2026-11-29T10:01:00Z b",
    "2026-11-29T10:02:00Z c",
    "  continuation of c",
    "2026-11-29T10:05:00Z d",
  ]

  func at(_ text: String) -> Timestamp { TimeSettings().instant(text)! }

  @Test func sinceKeepsFromItsTimeOn() throws {
    let out = Collector()
    try push(
      Self.lines,
      through: TimeWindowStage(.since(at("2026-11-29T10:01Z")), settings: TimeSettings(), next: out)
    )
    #expect(out.records == Array(Self.lines[3...]))
  }

  @Test func untilKeepsBeforeItsTimeAndGivesUpOnTheInput() throws {
    let out = Collector()
    let stage = TimeWindowStage(
      .until(at("2026-11-29T10:02Z"), stopsEarly: true), settings: TimeSettings(), next: out)
    var flows: [Flow] = []
    var builder = RecordBuilder()
    for line in Self.lines {
      builder.reset()
      builder.append(line)
      flows.append(try stage.process(builder.finish()))
    }
    #expect(out.records == Array(Self.lines[1...3]))
    // c is at the end, not a minute past it; d is.
    #expect(flows == [.more, .more, .more, .more, .more, .more, .nextInput])
  }

  @Test func unsortedUntilNeverGivesUp() throws {
    let stage = TimeWindowStage(
      .until(at("2026-11-29T10:00Z"), stopsEarly: false), settings: TimeSettings(),
      next: Collector())
    var builder = RecordBuilder()
    builder.append("2030-01-01T00:00:00Z")
    #expect(try stage.process(builder.finish()) == .more)
  }

  @Test func timelineCountsEveryBucketBetween() throws {
    let out = Collector()
    try push(
      Self.lines,
      through: TimelineStage(width: TimeSpan("2m")!, settings: TimeSettings(), next: out))
    #expect(
      out.records == [
        "2026-11-29T10:00:00Z\t3", "2026-11-29T10:02:00Z\t2", "2026-11-29T10:04:00Z\t1",
      ])
  }

  @Test func timelineWeeksStartOnMonday() throws {
    let out = Collector()
    try push(
      ["2026-11-29T10:00:00Z sunday", "2026-11-30T10:00:00Z monday"],
      through: TimelineStage(width: TimeSpan("1w")!, settings: TimeSettings(), next: out))
    #expect(out.records == ["2026-11-23T00:00:00Z\t1", "2026-11-30T00:00:00Z\t1"])
  }

  @Test func timelineStatesMerge() throws {
    var first = TimelineCounts(width: 60)
    var second = TimelineCounts(width: 60)
    first.add(wallSeconds: 0)
    second.add(wallSeconds: 59)
    second.add(wallSeconds: 180)
    first.merge(second)
    #expect(Array(first.buckets.map(\.count)) == [2, 0, 0, 1])
  }

  @Test func bars() {
    #expect(TimelineStage.bar(10, of: 10, width: 4) == "████")
    #expect(TimelineStage.bar(1, of: 16, width: 4) == "▎")
    #expect(TimelineStage.bar(0, of: 10, width: 4) == "")
  }

  @Test func jsonFieldTimes() throws {
    let out = Collector()
    let settings = TimeSettings(field: try JSONPath(parsing: ".ts"))
    try push(
      [#"{"ts":1795947302,"m":"a"}"#, #"{"m":"no time"}"#, #"{"ts":"2026-11-29T10:20:00Z"}"#],
      through: TimeWindowStage(.since(at("2026-11-29T10:15:02Z")), settings: settings, next: out))
    #expect(out.records.count == 3)
    #expect(throws: RecordProblem.self) {
      try TimeWindowStage(.since(at("2026-11-29T10:15:02Z")), settings: settings, next: out)
        .process(RecordBuilder().finish())
    }
  }
}

@Suite struct UntilPlacementTests {
  /// `until` gives up on an input only where skipping the rest of it cannot
  /// change what an earlier stage sees.
  @Test(arguments: [
    ("until 2026-11-29T10:00Z", true),
    ("grep -F past | until 2026-11-29T10:00Z", true),
    ("since 2026-11-28 | until 2026-11-29T10:00Z", true),
    ("head 5 | until 2026-11-29T10:00Z", false),
    ("uniq | until 2026-11-29T10:00Z", false),
  ])
  func stopsEarlyOnlyAfterRecordByRecordStages(program: String, stops: Bool) throws {
    let chain = try Program(program).makeChain(ending: Collector(), late: LateRecords())
    var builder = RecordBuilder()
    builder.append("2026-11-29T11:00:00Z past the end")
    let flow = try chain.process(builder.finish())
    #expect(flow == (stops ? .nextInput : .more))
  }
}

@Suite struct TimelineLimitTests {
  @Test func tooManyBucketsIsAnErrorNotAFlood() throws {
    let out = Collector()
    let stage = TimelineStage(width: TimeSpan("1s")!, settings: TimeSettings(), next: out)
    var builder = RecordBuilder()
    for line in ["2000-01-01T00:00:00Z", "2026-11-29T10:00:00Z"] {
      builder.reset()
      builder.append(line)
      _ = try stage.process(builder.finish())
    }
    #expect(throws: SluiceError.self) { try stage.finish() }
    #expect(out.records.isEmpty)
  }
}
