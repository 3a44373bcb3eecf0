import Foundation
import Sluice
import Synchronization
import Testing

// The Swift snippets of the DocC catalog (Sources/Sluice/Sluice.docc), each
// run on a small generated log and checked against an answer worked out here
// from the generated lines with plain Swift. The first test keeps the two in
// step: every ```swift block of an article must appear in this file, line for
// line, and name (in the HTML comment above it) a test that exists here.

@Suite struct DocumentationSnippetTests {
  // MARK: The articles and this file agree

  @Test func everySnippetOfTheArticlesIsInThisFile() throws {
    let thisFile = URL(fileURLWithPath: #filePath)
    let catalog = Self.catalog
    let source = try String(contentsOf: thisFile, encoding: .utf8)
    let sourceLines = Self.significantLines(source)
    let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path)
      .filter { $0.hasSuffix(".md") }.sorted()
    #expect(articles == ["GettingStarted.md", "Sluice.md", "WritingAStage.md"])
    var snippets = 0
    for article in articles {
      let text = try String(
        contentsOf: catalog.appendingPathComponent(article), encoding: .utf8)
      for snippet in Self.swiftSnippets(in: text) {
        snippets += 1
        let place = "\(article) line \(snippet.line)"
        guard let test = snippet.test else {
          Issue.record("\(place): no '<!-- Snippet test: ... -->' comment above the snippet")
          continue
        }
        // Both worked out first, so that a failure names the snippet rather
        // than printing this whole file.
        let testExists = source.contains("@Test func \(test)(")
        #expect(testExists, "\(place): no test named \(test)")
        let code = Self.significantLines(snippet.code).filter { !$0.hasPrefix("import ") }
        let found = Self.contains(sourceLines, code)
        #expect(found, "\(place): the snippet is not in this file as written: \(code.first ?? "")")
      }
    }
    #expect(snippets == 20)
  }

  // MARK: Sluice.md

  @Test func landingPageExample() throws {
    let scratch = try Scratch()
    let older = AppLog.lines(0..<20)
    let newer = AppLog.lines(20..<200)
    let rotated = try scratch.gzipFile("app.log.1.gz", AppLog.bytes(older))
    let live = try scratch.file("app.log", AppLog.bytes(newer))

    let input = Input(paths: [rotated, live])  // app.log.1.gz, then app.log
    let firstErrors = try input.withLines { lines in
      Array(lines.lazy.filter { $0.contains("ERROR") }.map(\.string).prefix(10))
    }

    let expected = Array((older + newer).filter { $0.contains("ERROR") }.prefix(10))
    #expect(firstErrors == expected)
    #expect(older.count { $0.contains("ERROR") } == 4)  // the ten span both files
  }

  // MARK: GettingStarted.md

  @Test func firstErrorsLikeAGeneratorExpression() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<30_000)
    let whole = try gzip(AppLog.bytes(log))
    let expected = Array(log.filter { $0.contains("ERROR") }.prefix(10))
    // The second file is cut in the middle: the chain stops reading long
    // before the cut, so it never meets the fault.
    for path in [
      try scratch.file("app.log.gz", whole),
      try scratch.file("cut.log.gz", Array(whole.prefix(whole.count / 2))),
    ] {
      let input = Input(paths: [path])
      let firstErrors = try input.withLines { lines in
        Array(lines.lazy.filter { $0.contains("ERROR") }.map(\.string).prefix(10))
      }
      #expect(firstErrors == expected, "\(path)")
    }
  }

  @Test func countWithAClosurePerLine() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<3000)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    var errors = 0
    try Input(paths: [path]).forEachLine { line in
      if line.contains("ERROR") { errors += 1 }
    }

    #expect(errors == log.count { $0.contains("ERROR") })
    #expect(errors == 600)
  }

  @Test func iteratingAgainContinues() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<3000)
    let path = try scratch.file("app.log", AppLog.bytes(log))

    let (first, warnings) = try Input(paths: [path]).withLines { lines in
      var iterator = lines.makeIterator()
      let first = iterator.next()?.string
      return (first, lines.count(where: { $0.contains("WARN") }))
    }

    #expect(first == log[0])
    #expect(warnings == log.dropFirst().count { $0.contains("WARN") })
  }

  @Test func theArticlesSampleIsWhatTheGeneratorWrites() throws {
    let article = try String(
      contentsOf: Self.catalog.appendingPathComponent("GettingStarted.md"), encoding: .utf8)
    let lines = article.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try #require(lines.firstIndex(of: "```")) + 1
    let end = try #require(lines[start...].firstIndex(of: "```"))
    #expect(lines[start..<end].map(String.init) == Array(AppLog.lines(0..<5)[2...]))
  }

  @Test func multiLineRecords() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<3000)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    let entries = Framing.records(startingWhere: { $0.hasPrefix("2026-") })
    let firstFailure = try Input(paths: [path]).withRecords(entries) { records in
      records.lazy.first(where: { $0.contains("ERROR") })?.string
    }

    #expect(firstFailure == log[3...5].joined(separator: "\n"))
  }

  @Test func lineAlignedChunks() throws {
    let scratch = try Scratch()
    let bytes = AppLog.bytes(AppLog.lines(0..<3000))
    let path = try scratch.gzipFile("app.log.gz", bytes)

    let input = Input(paths: [path])
    let chunks = try input.withChunks(of: 4096, lineAligned: true) { chunks in
      chunks.map { (size: $0.count, endsALine: $0.last == 0x0A) }
    }

    #expect(chunks.count > 10)
    #expect(chunks.map(\.size).reduce(0, +) == bytes.count)
    #expect(chunks.allSatisfy { $0.endsALine })
    #expect(chunks.dropLast().allSatisfy { $0.size >= 4096 })
  }

  @Test func countByField() throws {
    let scratch = try Scratch()
    // 598 errors: 200 from api, 199 each from db and payments, so the order
    // is by count, then by key.
    let log = AppLog.lines(0..<2990)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    let component = try FieldList(parsing: "3")
    var byComponent = KeyCounts()
    try Input(paths: [path]).withLines { lines in
      for key in lines.lazy.filter({ $0.contains("ERROR") }).fields(component) {
        key.withUnsafeBytes { byComponent.add($0) }
      }
    }
    let top = byComponent.sorted().map { (String(decoding: $0.key, as: UTF8.self), $0.count) }

    var expected: [String: Int] = [:]
    for line in log where line.contains("ERROR") {
      expected[String(line.split(separator: " ")[2]), default: 0] += 1
    }
    let sorted = expected.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
    #expect(top.map(\.0) == sorted.map(\.key))
    #expect(top.map(\.1) == sorted.map(\.value))
    #expect(top.count == 3)
  }

  @Test func matchingWithARegularExpression() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<3000)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    let slow = try RecordMatcher(pattern: #"took [0-9]{4,} ms"#)
    let slowRequests = try Input(paths: [path]).withLines { lines in
      lines.count(where: slow.matches)
    }

    #expect(slowRequests == log.count { (AppLog.milliseconds(in: $0) ?? 0) >= 1000 })
    #expect(slowRequests > 100)
  }

  @Test func anInvalidPatternIsAPatternError() {
    var problem = ""
    do {
      _ = try RecordMatcher(pattern: "took [0-9")
    } catch {
      problem = "\(error.message) at offset \(error.offset)"
    }

    #expect(problem == "missing terminating ] for character class at offset 9")
  }

  @Test func aTruncatedGzipFileIsAnError() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<30_000)
    let bytes = AppLog.bytes(log)
    let whole = try gzip(bytes)
    var reports: [String] = []
    for path in [
      try scratch.file("app.log.gz", whole),
      try scratch.file("cut.log.gz", Array(whole.prefix(whole.count / 2))),
      scratch.url.appendingPathComponent("missing.log.gz").path,
    ] {
      var report: String
      do {
        let errors = try Input(paths: [path]).withLines { lines in
          lines.count(where: { $0.contains("ERROR") })
        }
        report = "\(errors) errors"
      } catch let error as SluiceError {
        switch error {
        case .corruptInput(_, let reason, _, let decodedOffset):
          report = "\(reason) after \(decodedOffset) good bytes"
        default:
          report = error.description
        }
      }
      reports.append(report)
    }

    #expect(reports[0] == "6000 errors")
    let prefix = "unexpected end of file after "
    #expect(reports[1].hasPrefix(prefix))
    let good = Int(reports[1].dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    #expect(good > bytes.count / 4 && good < bytes.count)
    #expect(
      reports[2] == "\(scratch.url.path)/missing.log.gz: cannot open: No such file or directory")
  }

  @Test func keepCopiesNotViews() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<30_000)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    var lastErrors: [[UInt8]] = []
    try Input(paths: [path]).forEachLine { line in
      guard line.contains("ERROR") else { return }
      lastErrors.append(line.bytes)  // an owned copy, not a view
      if lastErrors.count > 3 { lastErrors.removeFirst() }
    }

    let expected = log.filter { $0.contains("ERROR") }.suffix(3).map { Array($0.utf8) }
    #expect(lastErrors == expected)
  }

  @Test func runAProgramSkippingBadRecords() throws {
    let scratch = try Scratch()
    let appLines = AppLog.lines(0..<3000)
    let path = try scratch.file("app.log", AppLog.bytes(appLines))
    let outputPath = scratch.url.appendingPathComponent("durations.txt").path

    let log = MessageLog()
    let file = try OutputFile(path: outputPath)
    let status = Runner(
      program: try Program("grep -F took | sum 7"),
      input: Input(paths: [path]),
      onError: .skip,
      diagnostics: Diagnostics { message in log.append(message) },
      output: file.descriptor
    ).run()
    try file.commit()

    let total = appLines.compactMap(AppLog.milliseconds(in:)).reduce(0, +)
    #expect(status == .success)
    #expect(try String(contentsOfFile: outputPath, encoding: .utf8) == "\(total)\n")
    #expect(
      log.all == [
        #"skipped 600 records: not a number (first: \#(path) record 7: sum: field 7 is "too")"#
      ])
  }

  @Test func aFailingRunReportsTheFirstBadRecord() throws {
    // What the article says of the default policy, checked without a snippet.
    let scratch = try Scratch()
    let path = try scratch.file("app.log", AppLog.bytes(AppLog.lines(0..<3000)))
    let outputPath = scratch.url.appendingPathComponent("durations.txt").path
    let log = MessageLog()
    let file = try OutputFile(path: outputPath)
    let status = Runner(
      program: try Program("grep -F took | sum 7"), input: Input(paths: [path]),
      diagnostics: Diagnostics { message in log.append(message) }, output: file.descriptor
    ).run()
    try file.commit()
    #expect(status == .dataError)
    #expect(
      log.all == [
        #"\#(path): record 7: sum: not a number: field 7 is "too" (--on-error skip leaves such records out)"#
      ])
  }

  @Test func aProgramThatDoesNotParse() {
    var message = ""
    do {
      _ = try Program("grep -F took | summ 7")
    } catch {
      message = error.description  // error is a SluiceError: typed throws
    }

    #expect(
      message == """
        unknown stage 'summ'; did you mean 'sum'?
          grep -F took | summ 7
                         ^
        """)
  }

  // MARK: WritingAStage.md

  @Test func aFilterStage() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<30_000)
    let whole = try gzip(AppLog.bytes(log))
    let slow = log.filter { (AppLog.milliseconds(in: $0) ?? 0) >= 1000 }
    let fifth = log.firstIndex(of: slow[4])!
    let expectedSkips = log[...fifth].count { $0.hasSuffix("took too long") }
    // Cut in the middle: HeadStage's .stop ends the reading long before.
    for path in [
      try scratch.file("app.log.gz", whole),
      try scratch.file("cut.log.gz", Array(whole.prefix(whole.count / 2))),
    ] {
      let firstSlow = StringCollector()
      let skipped = try feed(
        Input(paths: [path]),
        to: GrepStage(
          matcher: try RecordMatcher(pattern: "took", literal: true),
          next: SlowRequests(atLeast: 1000, next: HeadStage(5, next: firstSlow))))

      #expect(firstSlow.strings == Array(slow.prefix(5)))
      #expect(skipped == expectedSkips)
      #expect(skipped > 0)
    }
  }

  @Test func aStageThatKeepsRecords() throws {
    let scratch = try Scratch()
    let log = AppLog.lines(0..<3000)
    let path = try scratch.gzipFile("app.log.gz", AppLog.bytes(log))

    let slowest = StringCollector()
    _ = try feed(
      Input(paths: [path]),
      to: GrepStage(
        matcher: try RecordMatcher(pattern: " INFO ", literal: true),
        next: Slowest(3, next: slowest)))

    // A stable sort keeps equal durations in input order, as Slowest does.
    let expected = log.filter { $0.contains(" INFO ") }
      .enumerated().sorted {
        (AppLog.milliseconds(in: $0.element)!, -$0.offset)
          > (AppLog.milliseconds(in: $1.element)!, -$1.offset)
      }
      .prefix(3).map(\.element)
    #expect(slowest.strings == expected)
    #expect(slowest.strings.count == 3)
  }

  // MARK: Helpers

  /// The DocC catalog of the Sluice module.
  private static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/Sluice/Sluice.docc")

  /// The lines of `text` that hold something, without their indentation.
  private static func significantLines(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Whether `lines` has `part` as a run of consecutive lines.
  private static func contains(_ lines: [String], _ part: [String]) -> Bool {
    guard !part.isEmpty, part.count <= lines.count else { return part.isEmpty }
    return (0...(lines.count - part.count)).contains { start in
      lines[start..<(start + part.count)].elementsEqual(part)
    }
  }

  /// The ```swift blocks of an article, each with its first line's number and
  /// the test named in a `<!-- Snippet test: DocumentationSnippetTests.NAME -->`
  /// comment on the line just above it.
  private static func swiftSnippets(in article: String)
    -> [(line: Int, test: String?, code: String)]
  {
    let lines = article.split(separator: "\n", omittingEmptySubsequences: false)
    let marker = "<!-- Snippet test: DocumentationSnippetTests."
    var snippets: [(line: Int, test: String?, code: String)] = []
    var index = 0
    while index < lines.count {
      guard lines[index] == "```swift" else {
        index += 1
        continue
      }
      var test: String?
      if index > 0, lines[index - 1].hasPrefix(marker), lines[index - 1].hasSuffix(" -->") {
        test = String(lines[index - 1].dropFirst(marker.count).dropLast(4))
      }
      let start = index + 1
      var end = start
      while end < lines.count && lines[end] != "```" { end += 1 }
      snippets.append((start, test, lines[start..<end].joined(separator: "\n")))
      index = end + 1
    }
    return snippets
  }
}

/// The application log of the articles: entry N is at 14:00:00 plus N
/// seconds, from one of three components in turn; entries 3, 8, 13... are
/// errors followed by a two-line stack trace, entries 4, 9, 14... warnings
/// ending in `took too long`, and the others requests that `took N ms`.
enum AppLog {
  static let components = ["api", "db", "payments"]

  /// The lines of `entries`, stack traces included.
  static func lines(_ entries: Range<Int>) -> [String] {
    entries.flatMap { entry -> [String] in
      let seconds = 14 * 3600 + entry
      let time = String(
        format: "2026-11-28T%02d:%02d:%02dZ", seconds / 3600, seconds / 60 % 60, seconds % 60)
      let component = components[entry % 3]
      switch entry % 5 {
      case 3:
        return [
          "\(time) ERROR \(component) request \(entry) failed",
          "  at Service.handle(Service.swift:\(entry))",
          "  at Server.run(Server.swift:7)",
        ]
      case 4:
        return ["\(time) WARN \(component) request \(entry) took too long"]
      default:
        return ["\(time) INFO \(component) request \(entry) took \((entry * 37 + 1) % 1500) ms"]
      }
    }
  }

  /// The file holding `lines`, each ended by a line feed.
  static func bytes(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
  }

  /// The duration of a request line, `nil` for any other line.
  static func milliseconds(in line: String) -> Int? {
    let words = line.split(separator: " ")
    guard words.count == 8, words[1] == "INFO" else { return nil }
    return Int(words[6])
  }
}

// MARK: Types and functions of the snippets

/// Collects a run's messages; Diagnostics may call it from any thread.
final class MessageLog: Sendable {
  private let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}

/// Passes on the requests that took at least `limit` milliseconds (the
/// number in field 7) and drops the others.
final class SlowRequests: Stage {
  private let next: any Stage
  private let limit: Double
  private var duration = FieldSelector(try! FieldList(parsing: "7"))

  init(atLeast limit: Double, next: any Stage) {
    self.limit = limit
    self.next = next
  }

  func process(_ record: Record) throws -> Flow {
    var milliseconds: Number?
    duration.forEachField(of: record) { milliseconds = NumberParser.parse($0) }
    guard let milliseconds else {
      throw RecordProblem(.notANumber, stage: "slow", detail: record.string)
    }
    return milliseconds.doubleValue >= limit ? try next.process(record) : .more
  }

  func finish() throws { try next.finish() }
}

/// Keeps copies of the `count` slowest requests (field 7) and passes them on
/// at the end, slowest first.
final class Slowest: Stage {
  private let next: any Stage
  private let count: Int
  private var duration = FieldSelector(try! FieldList(parsing: "7"))
  private var kept: [(milliseconds: Double, bytes: [UInt8])] = []

  init(_ count: Int, next: any Stage) {
    self.count = count
    self.next = next
  }

  func process(_ record: Record) throws -> Flow {
    var milliseconds: Double?
    duration.forEachField(of: record) { milliseconds = NumberParser.parse($0)?.doubleValue }
    guard let milliseconds else { return .more }
    let index = kept.firstIndex { $0.milliseconds < milliseconds } ?? kept.count
    guard index < count else { return .more }
    kept.insert((milliseconds, record.bytes), at: index)  // a copy
    if kept.count > count { kept.removeLast() }
    return .more
  }

  func finish() throws {
    var builder = RecordBuilder()
    for entry in kept {
      builder.reset()
      entry.bytes.withUnsafeBytes { builder.append($0) }
      if try next.process(builder.finish()) == .stop { break }
    }
    try next.finish()
  }
}

/// The end of a chain: keeps every record that reaches it, as text.
final class StringCollector: Stage {
  private(set) var strings: [String] = []

  func process(_ record: Record) throws -> Flow {
    strings.append(record.string)
    return .more
  }

  func finish() throws {}
}

/// Pushes the lines of `input` through `chain`, skipping the records a stage
/// cannot handle, then finishes the chain; returns how many were skipped.
func feed(_ input: Input, to chain: any Stage) throws -> Int {
  var skipped = 0
  try input.withLines { lines in
    for line in lines {
      do {
        if try chain.process(line) == .stop { break }
      } catch is RecordProblem {
        skipped += 1
      }
    }
  }
  try chain.finish()
  return skipped
}
