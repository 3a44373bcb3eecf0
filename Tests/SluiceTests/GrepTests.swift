import Sluice
import Testing

/// A record holding `bytes`.
private func grepRecord(_ bytes: [UInt8]) -> Record {
  var builder = RecordBuilder(capacity: bytes.count)
  bytes.withUnsafeBytes { builder.append($0) }
  return builder.finish()
}

/// A record holding the UTF-8 of `text`.
private func grepRecord(_ text: String) -> Record { grepRecord(Array(text.utf8)) }

/// Whether `needle` occurs in `haystack`, the obvious way (ASCII letters
/// folded when `ignoreCase`).
private func grepNaiveContains(_ haystack: [UInt8], _ needle: [UInt8], ignoreCase: Bool) -> Bool {
  func fold(_ byte: UInt8) -> UInt8 { ignoreCase && (65...90).contains(byte) ? byte + 32 : byte }
  guard needle.count <= haystack.count else { return false }
  return (0...(haystack.count - needle.count)).contains { start in
    needle.indices.allSatisfy { fold(haystack[start + $0]) == fold(needle[$0]) }
  }
}

/// A regular expression matching exactly `bytes`, each written as `\xHH`.
private func grepEscapedPattern(_ bytes: [UInt8]) -> String {
  bytes.map { "\\x" + String($0, radix: 16) }.joined()
}

/// The end of a test chain: keeps copies of the records it is given and
/// answers `flow`.
private final class GrepSink: Stage {
  var records: [[UInt8]] = []
  var finished = false
  var flow = Flow.more

  func process(_ record: Record) throws -> Flow {
    records.append(record.bytes)
    return flow
  }

  func finish() throws { finished = true }
}

@Suite struct GrepTests {
  // MARK: Literal search (-F)

  @Test func literalFindsTheNeedleAnywhere() {
    let matcher = RecordMatcher(literal: Array(" 500 ".utf8))
    for text in [
      " 500 ", " 500 at the start", "at the end 500 ", "in the 500 middle of a longer line",
      "1.2.3.4 - - [01/Mar/2024] \"GET / HTTP/1.1\" 500 1234 \"-\" \"curl/8.5.0\"",
    ] {
      #expect(matcher.matches(grepRecord(text)), "\(text)")
    }
    for text in [
      "", " 500", "500 ", " 5000 ", " 50 0 ", "x500 ", " 500x", "5 500", " 5 0 0 ",
      "no status here at all, even in a line longer than sixteen bytes",
      "ends with a partial needle 50", "ends with a partial needle  50",
    ] {
      #expect(!matcher.matches(grepRecord(text)), "\(text)")
    }
  }

  @Test func literalAtEveryOffsetOfRecordsOfEveryLength() {
    // Lengths from 16 + needle length cross from the memchr scan to the
    // SIMD scan (16, then 32 positions a step, and an overlapping last block).
    for needle in ["q", "ab", " 500 ", "GET /api/v1/users/"] {
      let matcher = RecordMatcher(literal: Array(needle.utf8))
      for length in needle.utf8.count...(needle.utf8.count + 80) {
        for offset in 0...(length - needle.utf8.count) {
          var bytes = [UInt8](repeating: UInt8(ascii: "."), count: length)
          bytes.replaceSubrange(offset..<(offset + needle.utf8.count), with: needle.utf8)
          #expect(matcher.matches(grepRecord(bytes)), "\(needle) at \(offset) of \(length)")
          // The same record with the needle's last byte spoiled.
          bytes[offset + needle.utf8.count - 1] = UInt8(ascii: "#")
          #expect(
            !matcher.matches(grepRecord(bytes)), "\(needle) spoiled at \(offset) of \(length)")
        }
      }
    }
  }

  @Test func repeatedRareByteCandidates() {
    // Every `5` and every `50` is a candidate that fails the comparison.
    let matcher = RecordMatcher(literal: Array(" 500 ".utf8))
    let decoys =
      String(repeating: "5", count: 100) + String(repeating: "50", count: 50)
      + String(repeating: " 50", count: 40) + String(repeating: "500,", count: 30)
    #expect(!matcher.matches(grepRecord(decoys)))
    #expect(matcher.matches(grepRecord(decoys + " 500 ")))
    #expect(matcher.matches(grepRecord(" 500 " + decoys)))
    #expect(matcher.matches(grepRecord(decoys + " 500 " + decoys)))
    // A needle made of one byte only.
    let zeros = RecordMatcher(literal: Array("0000".utf8))
    #expect(!zeros.matches(grepRecord(String(repeating: "000 ", count: 50))))
    #expect(zeros.matches(grepRecord(String(repeating: "000 ", count: 50) + "0000")))
  }

  @Test func emptyNeedleMatchesEveryRecord() throws {
    for matcher in [
      RecordMatcher(literal: []), try RecordMatcher(pattern: "", literal: true),
      try RecordMatcher(pattern: ""), try RecordMatcher(pattern: "", ignoreCase: true),
    ] {
      #expect(matcher.matches(grepRecord("")))
      #expect(matcher.matches(grepRecord("anything")))
      #expect(matcher.matches(grepRecord([0xFF, 0x00])))
    }
  }

  @Test func needleLongerThanTheRecord() throws {
    for matcher in [
      try RecordMatcher(pattern: "abcdef", literal: true),
      try RecordMatcher(pattern: "abcdef", literal: true, ignoreCase: true),
      try RecordMatcher(pattern: "abcdef"),
    ] {
      #expect(!matcher.matches(grepRecord("abcde")))
      #expect(!matcher.matches(grepRecord("")))
      #expect(matcher.matches(grepRecord("abcdef")))
    }
  }

  @Test func nulAndHighBytes() throws {
    let bytes: [UInt8] = [0x61, 0x00, 0x62, 0xFF, 0xFE, 0x80, 0x0A, 0x63, 0xC3, 0xA9]
    let line = grepRecord(bytes)
    for needle: [UInt8] in [
      [0x00], [0x61, 0x00, 0x62], [0xFF, 0xFE], [0x80, 0x0A, 0x63], [0xC3, 0xA9],
    ] {
      #expect(RecordMatcher(literal: needle).matches(line))
      #expect(RecordMatcher(literal: needle, ignoreCase: true).matches(line))
      #expect(try RecordMatcher(pattern: grepEscapedPattern(needle)).matches(line))
    }
    #expect(!RecordMatcher(literal: [0x00, 0x00]).matches(line))
    #expect(!RecordMatcher(literal: [0xFE, 0xFF]).matches(line))
    // A NUL inside a pattern string is a pattern byte, not its end.
    #expect(try RecordMatcher(pattern: "a\u{0}b", literal: true).matches(line))
    #expect(try RecordMatcher(pattern: "a\u{0}b").matches(line))
    #expect(try !RecordMatcher(pattern: "a\u{0}c").matches(line))
    // The UTF-8 of é is searched for as its two bytes.
    #expect(try RecordMatcher(pattern: "é", literal: true).matches(line))
    #expect(try RecordMatcher(pattern: "é").matches(line))
  }

  @Test func regexOnInvalidUTF8NeverErrors() throws {
    let line = grepRecord([
      0x62, 0xFF, 0x64, 0x20, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x20, 0x35, 0x30, 0x30,
    ])
    for (pattern, expected) in [
      ("b.d", true), ("^b.d", true), (#"\xff"#, true), (#"[\x80-\xff]{3}"#, true),
      (#"\d+$"#, true), (#"\w\W\w"#, true), ("^.{13}$", true), ("^.{14}", false), ("bd", false),
      (#"(?i)B\xFFD"#, true),
    ] {
      let matcher = try RecordMatcher(pattern: pattern)
      #expect(try matcher.checkedMatches(line) == expected, "\(pattern)")
    }
  }

  @Test func patternsCannotTurnOnUTF() {
    #expect(throws: PatternError.self) { try RecordMatcher(pattern: "(*UTF)a") }
  }

  // MARK: Case

  @Test func ignoringCaseFoldsASCIILettersOnly() throws {
    for literal in [false, true] {
      let error = try RecordMatcher(pattern: "error", literal: literal, ignoreCase: true)
      #expect(error.matches(grepRecord("an ERROR here")))
      #expect(error.matches(grepRecord("an Error here, in a line long enough for the SIMD scan")))
      #expect(error.matches(grepRecord("eRrOr")))
      #expect(!error.matches(grepRecord("an err0r here")))
      let exact = try RecordMatcher(pattern: "error", literal: literal)
      #expect(!exact.matches(grepRecord("an ERROR here")))
      #expect(exact.matches(grepRecord("an error here")))
      // Bytes that differ from a letter by 0x20 but are not letters do not
      // fold: @ and `, [ and {, ^ and ~.
      for (needle, haystack) in [("`", "@"), ("{", "["), ("~", "^"), ("[x]", "{X}")] {
        let folded = try RecordMatcher(pattern: needle, literal: true, ignoreCase: true)
        #expect(!folded.matches(grepRecord(haystack)), "\(needle) in \(haystack)")
        #expect(!folded.matches(grepRecord(String(repeating: haystack, count: 40))))
      }
      // Non-ASCII bytes do not fold: É (C3 89) is not é (C3 A9).
      let accent = try RecordMatcher(pattern: "é", literal: literal, ignoreCase: true)
      #expect(!accent.matches(grepRecord("É")))
    }
    #expect(!RecordMatcher(literal: [0xE0], ignoreCase: true).matches(grepRecord([0xC0])))
  }

  @Test func regexSyntax() throws {
    let line = grepRecord(#"1.2.3.4 - - [01/Mar/2024] "GET /api/v1/users/4711 HTTP/1.1" 500 12"#)
    for (pattern, expected) in [
      (#"GET /api/v1/users/[0-9]+"#, true), (#"users/\d+ HTTP"#, true), (#"\b500\b"#, true),
      (#"\b50\b"#, false), ("POST|GET", true), ("(?i)get /API", true), ("^1\\.2", true),
      (#"12$"#, true), ("^GET", false), (#"\s500\s"#, true), ("users/(?!4711)", false),
    ] {
      #expect(try RecordMatcher(pattern: pattern).matches(line) == expected, "\(pattern)")
    }
  }

  @Test func multiLineRecordsMatchByLine() throws {
    let paragraph = grepRecord("first line\nERROR in the second\nthird")
    #expect(try RecordMatcher(pattern: "^ERROR").matches(paragraph))
    #expect(try RecordMatcher(pattern: "second$").matches(paragraph))
    #expect(try !RecordMatcher(pattern: "line.ERROR").matches(paragraph))
    #expect(try RecordMatcher(pattern: "(?s)line.ERROR").matches(paragraph))
    #expect(try RecordMatcher(pattern: "line\nERROR", literal: true).matches(paragraph))
  }

  // MARK: Randomized comparison with a naive search

  @Test func literalSearchAgreesWithNaiveSearch() throws {
    var random = SeededRandom(seed: 2024)
    // A small alphabet, so that candidates and near misses are everywhere.
    let alphabet: [UInt8] = Array("aAbB50 .".utf8) + [0x00, 0xFF, 0xC3]
    for round in 0..<4000 {
      let length = Int.random(in: 0...90, using: &random)
      let haystack = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
      var needle: [UInt8]
      if !haystack.isEmpty && Bool.random(using: &random) {
        // A piece of the haystack, sometimes with its case changed.
        let start = Int.random(in: 0..<haystack.count, using: &random)
        let end = Int.random(in: start...min(haystack.count, start + 8), using: &random)
        needle = Array(haystack[start..<end])
        if Bool.random(using: &random) {
          needle = needle.map { (65...90).contains($0) ? $0 + 32 : $0 }
        }
      } else {
        needle = (0..<Int.random(in: 0...6, using: &random)).map { _ in
          alphabet.randomElement(using: &random)!
        }
      }
      let line = grepRecord(haystack)
      for ignoreCase in [false, true] {
        let expected = grepNaiveContains(haystack, needle, ignoreCase: ignoreCase)
        let literal = RecordMatcher(literal: needle, ignoreCase: ignoreCase)
        #expect(
          literal.matches(line) == expected,
          "round \(round): \(needle) in \(haystack), ignoreCase \(ignoreCase)")
        if round % 4 == 0 {
          let regex = try RecordMatcher(pattern: grepEscapedPattern(needle), ignoreCase: ignoreCase)
          #expect(
            regex.matches(line) == expected,
            "round \(round): regex \(needle) in \(haystack), ignoreCase \(ignoreCase)")
        }
      }
    }
  }

  // MARK: The stage

  @Test func stageKeepsOrDropsWholeRecords() throws {
    let lines = ["GET /a 200", "GET /b 500", "POST /c 500", "get /d 404", ""]
    func run(_ matcher: RecordMatcher, inverted: Bool) throws -> [String] {
      let collector = GrepSink()
      let stage = GrepStage(matcher: matcher, inverted: inverted, next: collector)
      for line in lines { #expect(try stage.process(grepRecord(line)) == .more) }
      try stage.finish()
      #expect(collector.finished)
      return collector.records.map { String(decoding: $0 as [UInt8], as: UTF8.self) }
    }
    let fiveHundred = try RecordMatcher(pattern: " 500", literal: true)
    #expect(try run(fiveHundred, inverted: false) == ["GET /b 500", "POST /c 500"])
    #expect(try run(fiveHundred, inverted: true) == ["GET /a 200", "get /d 404", ""])
    let get = try RecordMatcher(pattern: "^get ", ignoreCase: true)
    #expect(try run(get, inverted: false) == ["GET /a 200", "GET /b 500", "get /d 404"])
    #expect(try run(get, inverted: true) == ["POST /c 500", ""])
  }

  @Test func stagePassesTheNextStagesAnswerOn() throws {
    let collector = GrepSink()
    collector.flow = .stop
    let stage = GrepStage(matcher: try RecordMatcher(pattern: "x"), next: collector)
    #expect(try stage.process(grepRecord("no")) == .more)
    #expect(try stage.process(grepRecord("x")) == .stop)
  }

  @Test func optionsInAnyOrder() throws {
    for program in [
      "grep -v -i -F x", "grep -F -i -v x", "grep x -v -F -i", "grep -i x -F -v",
      "grep --invert-match --ignore-case --fixed-strings x", "grep -- -v", "grep ''",
      "grep -F ''", "grep -5",
    ] {
      #expect(try Program(program).stageNames == ["grep"], "\(program)")
    }
  }

  @Test(arguments: [
    ("grep", "grep: missing PATTERN; usage: grep [-v] [-i] [-F] PATTERN\n  grep\n  ^"),
    ("grep -v -i", "grep: missing PATTERN; usage: grep [-v] [-i] [-F] PATTERN\n  grep -v -i\n  ^"),
    (
      "grep -vi x",
      "grep: unknown option '-vi'; usage: grep [-v] [-i] [-F] PATTERN\n  grep -vi x\n       ^"
    ),
    (
      "grep -vi",
      "grep: unknown option '-vi'; usage: grep [-v] [-i] [-F] PATTERN\n  grep -vi\n       ^"
    ),
    (
      "grep x y",
      "grep: unexpected argument 'y'; usage: grep [-v] [-i] [-F] PATTERN\n  grep x y\n         ^"
    ),
    (
      "cat | grep -F x '(ab'",
      "grep: unexpected argument '(ab'; usage: grep [-v] [-i] [-F] PATTERN\n  cat | grep -F x '(ab'\n                  ^"
    ),
    (
      "cat | grep '(ab'",
      "grep: invalid regular expression: missing closing parenthesis at offset 3 of the pattern\n"
        + "  cat | grep '(ab'\n             ^"
    ),
    (
      "grep -i 'a{2,1}'",
      "grep: invalid regular expression: numbers out of order in {} quantifier at offset 5 of the pattern\n"
        + "  grep -i 'a{2,1}'\n          ^"
    ),
  ])
  func badArgumentsAreUsageErrors(program: String, message: String) {
    #expect(throws: SluiceError.usage(message)) { try Program(program) }
  }

  @Test func invalidPatternsSayWhereAndWhy() {
    #expect(throws: PatternError.self) { try RecordMatcher(pattern: "(ab") }
    do {
      _ = try RecordMatcher(pattern: "ab[")
      Issue.record("no error")
    } catch {
      #expect(error.message == "missing terminating ] for character class")
      #expect(error.offset == 3)
      #expect(error.description == "missing terminating ] for character class at offset 3")
    }
    // Never for a literal.
    #expect(throws: Never.self) { try RecordMatcher(pattern: "(ab[", literal: true) }
  }

  // MARK: Limits

  @Test func catastrophicBacktrackingIsAnErrorNotAnAnswer() throws {
    let matcher = try RecordMatcher(pattern: "^(a|aa)+$")
    let line = grepRecord(String(repeating: "a", count: 60) + "b")
    #expect(throws: MatchFailure.self) { try matcher.checkedMatches(line) }
    #expect(!matcher.matches(line))
    let stage = GrepStage(matcher: matcher, next: GrepSink())
    #expect(throws: RecordProblem.self) { try stage.process(line) }
    // The matcher still works afterwards.
    #expect(try matcher.checkedMatches(grepRecord("aaaa")))
  }

  @Test func deepMatchesGoBeyondTheJITStack() throws {
    // Each repetition of a capturing group keeps a backtracking frame: 5,000
    // fit the JIT's stack; 100,000 need more than its 1 MiB, and the
    // interpreter (frames on the heap) finishes the match.
    let matcher = try RecordMatcher(pattern: "^(a|b)*c")
    for pairs in [5_000, 100_000] {
      let long = String(repeating: "ab", count: pairs)
      #expect(try matcher.checkedMatches(grepRecord(long + "c")))
      #expect(try !matcher.checkedMatches(grepRecord(long + "d")))
    }
  }

  @Test func longRecords() throws {
    let long = [UInt8](repeating: UInt8(ascii: "5"), count: 1 << 20) + Array(" 500 ".utf8)
    #expect(RecordMatcher(literal: Array(" 500 ".utf8)).matches(grepRecord(long)))
    #expect(try RecordMatcher(pattern: " 500 $").matches(grepRecord(long)))
    #expect(
      RecordMatcher(literal: Array(" 500 X".utf8), ignoreCase: true).matches(
        grepRecord(long + [0x78])))
  }

  @Test func sharedBetweenThreads() async throws {
    let matcher = try RecordMatcher(pattern: #"users/\d+ "#)
    let hits = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<8 {
        group.addTask {
          var count = 0
          for index in 0..<2000 where matcher.matches(grepRecord("GET /users/\(index) HTTP")) {
            count += 1
          }
          return count
        }
      }
      return try await group.reduce(0, +)
    }
    #expect(hits == 16000)
  }
}

extension GrepTests {
  @Test func matcherFiltersLazySequences() throws {
    let scratch = try Scratch()
    let path = try scratch.file(
      "access.log", "GET /api/v1/users/1 200\nGET /index.html 200\nget /API/V1/USERS/22 500\n")
    let matcher = try RecordMatcher(pattern: #"GET /api/v1/users/\d+"#, ignoreCase: true)
    let hits = try Input(paths: [path]).withLines { lines in
      Array(lines.lazy.filter(matcher.matches).map(\.string))
    }
    #expect(hits == ["GET /api/v1/users/1 200", "get /API/V1/USERS/22 500"])
  }
}
