import Foundation
import Sluice
import Testing

@Suite struct NumbersTests {
  // MARK: parsing

  @Test(arguments: [
    ("0", Number.integer(0)),
    ("-0", .integer(0)),
    ("+5", .integer(5)),
    ("12", .integer(12)),
    ("007", .integer(7)),
    ("-42", .integer(-42)),
    ("-3.5", .decimal(-3.5)),
    ("1e3", .decimal(1000)),
    ("2.5E-2", .decimal(0.025)),
    ("1E+2", .decimal(100)),
    (".5", .decimal(0.5)),
    ("-.5", .decimal(-0.5)),
    ("5.", .decimal(5)),
    ("5.e1", .decimal(50)),
    ("0.1", .decimal(0.1)),
    ("1e-400", .decimal(0)),
    ("9223372036854775807", .integer(Int128(Int64.max))),
    ("99999999999999999999", .integer(99_999_999_999_999_999_999)),
    ("-9223372036854775809", .integer(-9_223_372_036_854_775_809)),
    ("170141183460469231731687303715884105727", .integer(.max)),
    ("-170141183460469231731687303715884105728", .integer(.min)),
    // Beyond Int128: a decimal, rounded.
    ("170141183460469231731687303715884105728", .decimal(0x1p127)),
    ("-1000000000000000000000000000000000000000", .decimal(-1e39)),
  ])
  func numbers(text: String, expected: Number) {
    #expect(NumberParser.parse(text) == expected)
  }

  @Test(arguments: [
    "", " ", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "--5", "+-5", "1.2.3", "1_000",
    "1,000", "0x10", "0b1", "inf", "-inf", "Infinity", "nan", "NaN", "1e999", "-1e999", " 5",
    "5 ", "5\r", "12abc", "abc", "٣", "1d", "1f", "e", "1ee3", "1e3.5", "\u{0}",
  ])
  func notNumbers(text: String) {
    #expect(NumberParser.parse(text) == nil)
  }

  @Test func decimalsAreCorrectlyRounded() {
    // The fast path (mantissa and power of ten both exact) and strtod must
    // agree with Swift's own parser, digit for digit.
    var random = SeededRandom(seed: 5)
    for _ in 0..<20_000 {
      let whole = String(UInt64.random(in: 0...UInt64.max, using: &random) >> (random.next() % 64))
      let fraction = String(
        UInt64.random(in: 0...UInt64.max, using: &random) >> (random.next() % 64))
      let exponent = Int.random(in: -330...310, using: &random)
      let sign = Bool.random(using: &random) ? "-" : ""
      for text in [
        "\(sign)\(whole).\(fraction)", "\(sign)0.\(fraction)", "\(sign)\(whole)e\(exponent % 25)",
        "\(sign)\(whole).\(fraction)e\(exponent)", "\(sign).\(fraction)E+\(abs(exponent) % 30)",
      ] {
        let expected = Double(text)!
        if expected.isFinite {
          #expect(NumberParser.parse(text) == .decimal(expected), "\(text)")
        } else {
          #expect(NumberParser.parse(text) == nil, "\(text)")
        }
      }
    }
  }

  @Test func minimumAndMaximumCompareIntegersAndDecimalsExactly() {
    var summary = NumericSummary()
    summary.add(.decimal(0x1p60))
    summary.add(.integer(1 << 60 + 1))
    summary.add(.integer(1 << 60 - 1))
    #expect(summary.maximum == .integer(1 << 60 + 1))
    #expect(summary.minimum == .integer(1 << 60 - 1))
    var small = NumericSummary()
    for number in [Number.integer(2), .decimal(1.5), .integer(1), .decimal(2.5), .decimal(-0.0)] {
      small.add(number)
    }
    #expect(small.minimum == .decimal(-0.0))
    #expect(small.maximum == .decimal(2.5))
    #expect(small.sum.value == .decimal(7))
    #expect(small.mean == 7.0 / 5)
    #expect(NumericSummary().mean == nil)
    #expect(NumericSummary().quantile(0.5) == nil)
  }

  @Test func formatting() {
    #expect(Number.format(1000) == "1000")
    #expect(Number.format(1e15) == "1000000000000000")
    #expect(Number.format(-0x1p53 + 1) == "-9007199254740991")
    #expect(Number.format(0x1p53) == "9007199254740992.0")
    #expect(Number.format(1e16) == "1e+16")
    #expect(Number.format(-0.0) == "0")
    #expect(Number.format(0.1) == "0.1")
    #expect(Number.format(-2.5) == "-2.5")
    #expect(Number.format(0.1 + 0.2) == "0.30000000000000004")
    #expect(Number.format(1e-7) == "1e-07")
    #expect(Number.integer(.min).description == "-170141183460469231731687303715884105728")
    #expect(Number.decimal(6).description == "6")
  }

  // MARK: sums

  @Test func aMillionValuesNearATrillionSumExactly() {
    var sum = NumberSum()
    for i in 0..<1_000_000 { sum.add(.integer(1_000_000_000_000 + Int128(i))) }
    #expect(sum.value == .integer(1_000_000_000_000_000_000 + 499_999_500_000))
    #expect(sum.value.description == "1000000499999500000")
  }

  @Test func sumsBeyondInt64StayExact() {
    var sum = NumberSum()
    for _ in 0..<1000 { sum.add(NumberParser.parse("9223372036854775807")!) }
    sum.add(.integer(-1))
    #expect(sum.value.description == "9223372036854775806999")
  }

  @Test func aDecimalMakesTheSumADecimal() {
    var sum = NumberSum()
    sum.add(.integer(1))
    sum.add(.integer(3))
    #expect(sum.value == .integer(4))
    sum.add(.decimal(2.5))
    #expect(sum.value == .decimal(6.5))
    sum.add(.decimal(-0.5))
    #expect(sum.value == .decimal(6))
    #expect(sum.value.description == "6")
    #expect(sum.isDecimal)
  }

  @Test func decimalSumsAreCompensated() {
    var sum = NumberSum()
    for _ in 0..<10 { sum.add(.decimal(0.1)) }
    #expect(sum.value == .decimal(1))
    // Large integers keep their precision next to a decimal.
    var mixed = NumberSum()
    mixed.add(.integer(1 << 60))
    mixed.add(.decimal(1e-3))
    mixed.add(.integer(-(1 << 60)))
    #expect(mixed.value == .decimal(1e-3))
  }

  @Test func leaving128BitsMakesADecimal() {
    var sum = NumberSum()
    sum.add(.integer(.max))
    sum.add(.integer(.max))
    #expect(sum.value == .decimal(0x1p128))
  }

  @Test func columnSumsMergeLikeOnePass() {
    var random = SeededRandom(seed: 7)
    let rows: [[Number]] = (0..<5000).map { _ in
      [
        .integer(Int128(Int64.random(in: .min ... .max, using: &random))),
        .integer(Int128(Int.random(in: -1000...1000, using: &random))),
        // Multiples of 1/4 below 2^40: every partial sum is exact in a Double.
        .decimal(Double(Int.random(in: -(1 << 40)...(1 << 40), using: &random)) / 4),
      ]
    }
    var whole = ColumnSums()
    for row in rows { whole.add(row) }
    for split in [0, 1, 2500, 4999, 5000] {
      var first = ColumnSums()
      var second = ColumnSums()
      for row in rows[..<split] { first.add(row) }
      for row in rows[split...] { second.add(row) }
      first.merge(second)
      #expect(first.columns.map(\.value) == whole.columns.map(\.value))
    }
    // Merging a wider one adds columns.
    var narrow = ColumnSums(columns: 1)
    var wide = ColumnSums()
    wide.add([.integer(1), .integer(2)])
    narrow.merge(wide)
    #expect(narrow.columns.map(\.value) == [.integer(1), .integer(2)])
  }

  // MARK: sum

  @Test func sumWritesOneLineOfTabSeparatedColumns() throws {
    let output = Collector()
    try push(["1", "2", " 3 ", "-4"], through: SumStage(fields: list("1"), next: output))
    #expect(output.records == ["2"])
    #expect(output.finished)

    let columns = Collector()
    try push(
      ["1 x 2", "3 y 4.5", "+5 z 1e3"],
      through: SumStage(fields: list("1,3,-1"), next: columns))
    #expect(columns.records == ["9\t1006.5\t1006.5"])
  }

  @Test func sumOfNothingIsZeroPerColumn() throws {
    let one = Collector()
    try push([], through: SumStage(fields: list("1"), next: one))
    #expect(one.records == ["0"])
    let three = Collector()
    try push([], through: SumStage(fields: list("2,4-5"), next: three))
    #expect(three.records == ["0\t0\t0"])
  }

  @Test func sumWithADelimiterIgnoresBlanksAroundNumbers() throws {
    let output = Collector()
    try push(
      ["a, 1 ,2", "b,\t3,4"],
      through: SumStage(fields: list("2-3"), delimiter: .bytes([0x2C]), next: output))
    #expect(output.records == ["4\t6"])
    let multibyte = Collector()
    try push(
      ["1::2", "3::4"],
      through: SumStage(fields: list("2"), delimiter: .bytes([0x3A, 0x3A]), next: multibyte))
    #expect(multibyte.records == ["6"])
  }

  @Test func anOpenRangeTakesTheFieldsThereAre() throws {
    let output = Collector()
    try push(["a 1 2", "b 3", "c"], through: SumStage(fields: list("2-"), next: output))
    #expect(output.records == ["4\t2"])
  }

  @Test(arguments: [
    ("1,2", "5 abc", #"field 2 is "abc""#),
    ("1,2", "5", "field 2 is missing"),
    ("1", "", "field 1 is missing"),
    ("1-3", "1 2", "field 3 is missing"),
    ("2-3,1", "1 2", "field 3 is missing"),
    ("-3", "1 2", "field -3 is missing"),
    ("-1", "1 x", #"field 2 is "x""#),
    ("1,2", "x y", #"field 1 is "x""#),
    ("1", "1,5", #"field 1 is "1,5""#),
    ("1", #"say"hi"\"#, #"field 1 is "say\"hi\"\\""#),
    ("1", "a\u{1}b\u{7F}é", #"field 1 is "a\u{1}b\u{7F}é""#),
    (
      "1", String(repeating: "x", count: 50),
      #"field 1 is ""# + String(repeating: "x", count: 40) + #""... (50 bytes)"#
    ),
    (
      "1", String(repeating: "é", count: 30),
      #"field 1 is ""# + String(repeating: "é", count: 20) + #""... (60 bytes)"#
    ),
  ])
  func aBadFieldIsARecordProblem(fields: String, line: String, detail: String) throws {
    let stage = SumStage(fields: list(fields), next: Collector())
    #expect(throws: RecordProblem(.notANumber, stage: "sum", detail: detail)) {
      try stage.process(record(line))
    }
  }

  @Test func problemsWithADelimiter() throws {
    let stage = SumStage(fields: list("2"), delimiter: .bytes([0x2C]), next: Collector())
    #expect(throws: RecordProblem(.notANumber, stage: "sum", detail: "field 2 is empty")) {
      try stage.process(record("1,,3"))
    }
    #expect(throws: RecordProblem(.notANumber, stage: "sum", detail: #"field 2 is "x\ty""#)) {
      try stage.process(record("1,x\ty"))
    }
    #expect(throws: RecordProblem(.notANumber, stage: "sum", detail: #"field 2 is "\xFFa\xC3""#)) {
      try stage.process(record([0x31, 0x2C, 0xFF, 0x61, 0xC3]))
    }
  }

  @Test func aBadRecordAddsNothing() throws {
    let output = Collector()
    let stage = SumStage(fields: list("1,2"), next: output)
    _ = try stage.process(record("1 2"))
    #expect(throws: RecordProblem.self) { try stage.process(record("100 x")) }
    #expect(throws: RecordProblem.self) { try stage.process(record("100")) }
    _ = try stage.process(record("3 4"))
    try stage.finish()
    #expect(output.records == ["4\t6"])
  }

  // MARK: stats

  @Test func statsOfOneToAHundred() throws {
    let output = Collector()
    try push((1...100).map(String.init).shuffled(), through: StatsStage(next: output))
    let lines = output.records
    #expect(lines.map { String($0.split(separator: "\t")[0]) } == names)
    #expect(Array(lines[0..<5]) == ["count\t100", "sum\t5050", "min\t1", "max\t100", "mean\t50.5"])
    // Ranks ⌊q × 99⌋: the values 50, 90 and 99, within 0.5%.
    for (line, exact) in zip(lines[5...], [50.0, 90, 99]) {
      let value = Double(line.split(separator: "\t")[1])!
      #expect(abs(value - exact) <= 0.005 * exact, "\(line)")
    }
  }

  @Test func percentilesArePrintedToFiveSignificantDigits() throws {
    let output = Collector()
    try push(
      ["25211.914501482817", "0.001234567", "-98765.4321"], through: StatsStage(next: output))
    let percentiles = output.records[5...].map { $0.split(separator: "\t")[1] }
    let significantDigits = percentiles.map { $0.filter(\.isNumber).drop { $0 == "0" }.count }
    #expect(significantDigits.allSatisfy { $0 <= 5 }, "\(percentiles)")
    let single = Collector()
    try push(["25211.914501482817"], through: StatsStage(next: single))
    #expect(single.records[5] == "p50\t25212")
  }

  @Test func statsOfNothing() throws {
    let output = Collector()
    try push([], through: StatsStage(next: output))
    #expect(output.records == ["count\t0"] + names.dropFirst().map { "\($0)\t" })
    #expect(output.finished)
  }

  @Test func statsOfEqualValuesAreExact() throws {
    let output = Collector()
    try push(["x 7", "y 7", "z 7"], through: StatsStage(field: 2, next: output))
    #expect(
      output.records == [
        "count\t3", "sum\t21", "min\t7", "max\t7", "mean\t7", "p50\t7", "p90\t7", "p99\t7",
      ])
  }

  @Test func statsWithDecimalsNegativesAndHugeIntegers() throws {
    let output = Collector()
    try push(
      [
        "-2.5", "0", "170141183460469231731687303715884105727",
        "-170141183460469231731687303715884105728",
      ],
      through: StatsStage(field: -1, next: output))
    #expect(
      Array(output.records[0..<4]) == [
        "count\t4", "sum\t-3.5", "min\t-170141183460469231731687303715884105728",
        "max\t170141183460469231731687303715884105727",
      ])
    // -2.5 and -1.7e38 are more than the sketch's 2048 buckets apart: the
    // smaller magnitude is reported too large, as documented.
    let median = Double(output.records[5].dropFirst(4))!
    #expect(median < -2.5 && median > -1e38, "\(output.records[5])")
    // Within 7.8e8 of each other, it is accurate again.
    let close = Collector()
    try push(["-2.5", "0", "-1e8", "1e8"], through: StatsStage(next: close))
    let closeMedian = Double(close.records[5].dropFirst(4))!
    #expect(abs(closeMedian + 2.5) <= 0.005 * 2.5, "\(close.records[5])")
  }

  @Test func statsProblems() throws {
    let stage = StatsStage(field: 2, next: Collector())
    #expect(throws: RecordProblem(.notANumber, stage: "stats", detail: "field 2 is missing")) {
      try stage.process(record("1"))
    }
    #expect(throws: RecordProblem(.notANumber, stage: "stats", detail: #"field 2 is "-""#)) {
      try stage.process(record("1 - 3"))
    }
    #expect(stage.summary.count == 0)
  }

  @Test func statsSummariesMergeLikeOnePass() {
    var random = SeededRandom(seed: 11)
    let numbers: [Number] = (0..<20_000).map { index in
      switch index % 3 {
      case 0: .integer(Int128(Int.random(in: -1_000_000...1_000_000, using: &random)))
      case 1: .decimal(Double(Int.random(in: -(1 << 30)...(1 << 30), using: &random)) / 8)
      default: .integer(0)
      }
    }
    var whole = NumericSummary()
    for value in numbers { whole.add(value) }
    for split in [0, 1, 7_777, 20_000] {
      var first = NumericSummary()
      var second = NumericSummary()
      for value in numbers[..<split] { first.add(value) }
      for value in numbers[split...] { second.add(value) }
      first.merge(second)
      #expect(first.count == whole.count)
      #expect(first.sum.value == whole.sum.value)
      #expect(first.minimum == whole.minimum)
      #expect(first.maximum == whole.maximum)
      #expect(first.sketch == whole.sketch)
      #expect(first.quantile(0.5) == whole.quantile(0.5))
    }
  }

  // MARK: definitions and a whole run

  @Test func programs() throws {
    #expect(try Program("sum").stageNames == ["sum"])
    #expect(try Program(#"sum -d '\t' 2,4-"#).stageNames == ["sum"])
    #expect(try Program("sum -d :: -1").stageNames == ["sum"])
    #expect(try Program(#"stats -d '\t' -2"#).stageNames == ["stats"])
    #expect(try Program("stats 3-3 | cat").stageNames == ["stats", "cat"])
  }

  @Test(arguments: [
    (
      "sum x",
      "sum: 'x' is not a field number or range (examples: 7, 1,4, 2-5, 3-, -1)\n  sum x\n      ^"
    ),
    ("sum 1 2", "sum: unexpected argument '2'; usage: sum [-d DELIM] [LIST]\n  sum 1 2\n        ^"),
    ("sum -d", "sum: -d needs a value\n  sum -d\n      ^"),
    ("sum -d ''", "sum: the delimiter cannot be empty\n  sum -d ''\n         ^"),
    (
      "stats 1,2",
      "stats: takes one field number, not a list or range ('1,2')\n  stats 1,2\n        ^"
    ),
    (
      "stats 3-", "stats: takes one field number, not a list or range ('3-')\n  stats 3-\n        ^"
    ),
    (
      "stats 0",
      "stats: '0' is not a field number or range (examples: 7, 1,4, 2-5, 3-, -1)\n  stats 0\n        ^"
    ),
    (
      "stats 1 2",
      "stats: unexpected argument '2'; usage: stats [-d DELIM] [FIELD]\n  stats 1 2\n          ^"
    ),
  ])
  func badPrograms(program: String, message: String) {
    #expect(throws: SluiceError.usage(message)) { try Program(program) }
  }

  @Test func wholeRunsFailOrSkipBadRecords() throws {
    let scratch = try Scratch()
    let path = try scratch.file("in.txt", "1 10\n2 x\n3 30\n\n4 40\n")
    let (failed, failOutput, failMessages) = try run(
      "sum 1,2", on: path, policy: .fail, in: scratch)
    #expect(failed == .dataError)
    #expect(failOutput == "")
    #expect(failMessages.count == 1)
    #expect(failMessages.first?.contains(#"sum: not a number: field 2 is "x""#) == true)

    let (skipped, skipOutput, skipMessages) = try run(
      "sum 1,2", on: path, policy: .skip, in: scratch)
    #expect(skipped == .success)
    #expect(skipOutput == "8\t80\n")
    #expect(skipMessages.count == 1)
    #expect(skipMessages.first?.hasPrefix("skipped 2 records: not a number (first: ") == true)

    let (_, statsOutput, _) = try run("stats -d ' ' 2", on: path, policy: .skip, in: scratch)
    #expect(
      statsOutput.hasPrefix("count\t3\nsum\t80\nmin\t10\nmax\t40\nmean\t26.666666666666668\n"))
  }

  // MARK: helpers

  private let names = ["count", "sum", "min", "max", "mean", "p50", "p90", "p99"]

  private func list(_ text: String) -> FieldList { try! FieldList(parsing: text) }

  private func record(_ text: String) -> Record { record(Array(text.utf8)) }

  private func record(_ bytes: [UInt8]) -> Record {
    var builder = RecordBuilder()
    bytes.withUnsafeBytes { builder.append($0) }
    return builder.finish()
  }

  /// Runs `program` over the file at `path`: the exit status, what it wrote
  /// and the messages it reported.
  private func run(
    _ program: String, on path: String, policy: RecordErrorPolicy, in scratch: Scratch
  ) throws -> (Sluice.ExitStatus, String, [String]) {
    let outputPath = scratch.url.appendingPathComponent("out-\(UUID().uuidString)").path
    let output = try Descriptor.create(outputPath)
    let messages = Messages()
    let status = Runner(
      program: try Program(program), input: Input(paths: [path]), onError: policy,
      diagnostics: Diagnostics { messages.append($0) }, output: output
    ).run()
    try output.close()
    let written = try String(contentsOfFile: outputPath, encoding: .utf8)
    return (status, written, messages.all)
  }
}

/// Messages collected from a run.
private final class Messages: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []
  func append(_ message: String) { lock.withLock { messages.append(message) } }
  var all: [String] { lock.withLock { messages } }
}
