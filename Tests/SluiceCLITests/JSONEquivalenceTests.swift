import Foundation
import Sluice
import Testing

// The `json` stage against jq on generated JSON lines (plain and gzip).
//
// The reference is `jq -r` with a small library (``JSONEquivalenceTests/
// jqLibrary``) rather than `[.a, .b] | @tsv`: @tsv escapes TABs, newlines
// and backslashes inside strings, where sluice writes strings decoded, and jq
// cannot tell a missing key from a null one (`.a` is null for both), where
// sluice writes nothing for the first and `null` for the second. `col(PATH)`
// follows a path step by step and gives "" when a step is missing, the
// string itself for a string, `tojson` for the rest; the columns are joined
// with `join("\t")`, so the comparison is byte for byte.
//
// Deliberate differences, kept out of the generated data (and tested in
// Tests/SluiceTests/JSONTests.swift instead): sluice writes numbers and the
// strings inside objects and arrays as written in the record (jq reformats
// `1.50`, `1e2`, `\u00e9`, `\/`), keeps invalid UTF-8 as it is in compact
// JSON (jq writes U+FFFD), turns a lone high surrogate into U+FFFD (jq 1.6
// rejects the record; jq 1.7 does the same as sluice), and is strict where
// jq 1.6 is lax (`01`, `.5`, raw control characters in strings).

@Suite("json equivalent to jq")
struct JSONEquivalenceTests {
  /// Defines `col(PATH)`: one output column of sluice's `json`, see above.
  static let jqLibrary = #"""
    def present($k): (.v | type) as $t
      | ($t == "object" and ($k | type) == "string" and (.v | has($k)))
        or ($t == "array" and ($k | type) == "number" and $k < (.v | length));
    def get($p): reduce $p[] as $k ({v: ., ok: true};
      if .ok and present($k) then {v: .v[$k], ok: true} else {ok: false} end);
    def col($p): get($p) | if .ok then (.v | if type == "string" then . else tojson end) else "" end;

    """#

  // MARK: - Generated JSON lines

  /// JSON lines with what real ones have: escapes of every kind, unicode
  /// escapes and surrogate pairs, raw UTF-8, invalid UTF-8 in strings,
  /// nested objects, arrays, null and missing keys, keys with odd
  /// characters, whitespace between tokens now and then. Numbers are written
  /// as jq writes them back, and strings inside objects and arrays with only
  /// the escapes jq writes (so `tojson` gives the same text). `canonical`
  /// documents are written entirely as `jq -c` writes them (no invalid
  /// UTF-8, no other escapes, no repeated keys), but for the whitespace.
  static func jsonLines(seed: UInt64, lines: Int, canonical: Bool = false) -> [UInt8] {
    var rng = SeededRandom(seed: seed)
    let words = ["GET", "login", "café", "中文", "naïve", "a\"b", "x/y", "tab", "50%", "😀", "ok"]
    let escapes = [
      #"\n"#, #"\t"#, #"\""#, #"\\"#, #"\/"#, #"\u00e9"#, #"\u00E9"#, #"\u4e2d"#, #"\ud83d\ude00"#,
      #"\uD834\uDD1E"#, #"\u0001"#, #"\r"#, #"\b"#, #"\f"#, #"\u0041"#,
    ]
    func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    /// A top-level string value: anything goes.
    func looseString() -> [UInt8] {
      var text: [UInt8] = [0x22]
      for _ in 0..<Int.random(in: 0...6, using: &rng) {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4: text += Array(pick(words).replacingOccurrences(of: "\"", with: "\\\"").utf8)
        case 4..<8: text += Array(pick(escapes).utf8)
        case 8:
          text +=
            chance(30) ? pick(Self.invalidUTF8) : [0x20]
        default: text.append(0x20)
        }
      }
      return text + [0x22]
    }
    /// A string inside an object or array: escapes as jq writes them.
    func canonicalString() -> String {
      var text = "\""
      for _ in 0..<Int.random(in: 0...3, using: &rng) {
        text += pick(["abc", "café", "😀", #"\""#, #"\\"#, #"\n"#, #"\t"#, " ", "中", #"\u0001"#])
      }
      return text + "\""
    }
    func number() -> String {
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: "\(Int.random(in: -1000...100_000, using: &rng))"
      case 1: "\(Int.random(in: -50...50, using: &rng))\(pick([".5", ".25", ".75", ".125"]))"
      case 2: "0"
      default: "\(Int.random(in: 0...(1 << 40), using: &rng))"
      }
    }
    func space() -> String { chance(15) ? pick([" ", "  ", "\t", " \t "]) : "" }

    var out: [UInt8] = []
    for line in 0..<lines {
      var members: [[UInt8]] = []
      func add(_ key: String, _ value: [UInt8]) {
        members.append(
          Array("\(space())\"\(key)\"\(space()):\(space())".utf8) + value + Array(space().utf8))
      }
      func add(_ key: String, _ value: String) { add(key, Array(value.utf8)) }
      add("id", "\(line)")
      if !chance(5) { add("level", pick(["\"INFO\"", "\"WARN\"", "\"ERROR\"", "null"])) }
      if !chance(10) { add("msg", canonical ? Array(canonicalString().utf8) : looseString()) }
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: add("user", "null")
      case 1: break
      case 2: add("user", "{}")
      default:
        var user = "{\"id\":\(Int.random(in: 1...99_999, using: &rng))"
        if chance(60) { user += ",\(space())\"name\":\(space())\(canonicalString())" }
        if chance(20) { user += ",\"roles\":[\(canonicalString()),\(space())\(canonicalString())]" }
        add("user", user + "}")
      }
      if chance(80) {
        let tags = (0..<Int.random(in: 0...3, using: &rng)).map { _ in canonicalString() }
        add("tags", "[\(space())" + tags.joined(separator: ",\(space())") + "]")
      }
      if chance(70) { add("n", number()) }
      if chance(50) { add("ok", pick(["true", "false"])) }
      if chance(40) {
        add("nested", "{\"a\":{\"b\":[\(number()),{\"c\":\(canonicalString())}]},\"z\":null}")
      }
      if chance(30) { add("a b", canonicalString()) }
      if chance(30) { add("a.b", number()) }
      if !canonical && chance(10) { add("level", "\"LAST\"") }  // a repeated key: the last counts
      if chance(5) { members.shuffle(using: &rng) }
      out +=
        Array(space().utf8) + [0x7B] + Array(members.joined(separator: [0x2C])) + [0x7D]
        + Array(space().utf8)
      out.append(0x0A)
    }
    return out
  }

  /// Invalid UTF-8 put into strings: stray bytes, cut sequences, overlong
  /// forms, encoded surrogates, past U+10FFFF (jq's replacement rule
  /// treats each differently).
  static let invalidUTF8: [[UInt8]] = [
    [0xFF], [0xC3], [0xE2, 0x82], [0x80], [0xE0, 0x80, 0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
    [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xFE, 0xBF],
  ]

  static let corpus = jsonLines(seed: 20_261_129, lines: 3000)
  static let canonicalCorpus = jsonLines(seed: 20_261_130, lines: 1500, canonical: true)

  // MARK: - Running both sides

  /// `jq -r FILTER` on `input` (with ``jqLibrary``); any failure is a broken
  /// test, not a sluice bug.
  static func jq(_ filter: String, input: String, raw: Bool = true) throws -> [UInt8] {
    let result = try runProcess(
      "/usr/bin/env", ["jq", raw ? "-r" : "-c", jqLibrary + filter], stdin: .file(input))
    guard result.status == 0, !result.signaled, result.stderr.isEmpty else {
      throw SubprocessError(description: "jq `\(filter)` failed: \(result)")
    }
    return result.stdout
  }

  /// Writes `bytes` as NAME and NAME.gz in `dir`: the plain path first.
  static func write(_ bytes: [UInt8], as name: String, in dir: TempDir) throws -> [String] {
    [try dir.write(name, bytes), try dir.write(name + ".gz", try Reference.gzip(bytes))]
  }

  /// sluice programs and the jq filters that print the same.
  static let cases: [(program: String, filter: String)] = [
    ("json .id", #"[col(["id"])] | join("\t")"#),
    ("json .level,.msg", #"[col(["level"]), col(["msg"])] | join("\t")"#),
    ("json .msg", #"col(["msg"])"#),
    (
      "json .user.id,.user.name,.user",
      #"[col(["user","id"]), col(["user","name"]), col(["user"])] | join("\t")"#
    ),
    (
      "json .tags[0] .tags[2] .tags",
      #"[col(["tags",0]), col(["tags",2]), col(["tags"])] | join("\t")"#
    ),
    ("json .n,.ok,.missing", #"[col(["n"]), col(["ok"]), col(["missing"])] | join("\t")"#),
    (
      "json .nested.a.b[1].c,.nested.a.b[0],.nested.z,.nested",
      #"[col(["nested","a","b",1,"c"]), col(["nested","a","b",0]), col(["nested","z"]), col(["nested"])] | join("\t")"#
    ),
    (
      #"json '."a b"' '.["a.b"]' .user.roles[1]"#,
      #"[col(["a b"]), col(["a.b"]), col(["user","roles",1])] | join("\t")"#
    ),
    ("json -o , .id,.level", #"[col(["id"]), col(["level"])] | join(",")"#),
    ("json .level | count-by", #"col(["level"])"#),
  ]

  @Test(arguments: cases.indices)
  func pathsMatchJq(index: Int) throws {
    try #require(Reference.has("jq"), "jq is needed (apt-get install jq)")
    let (program, filter) = Self.cases[index]
    let dir = try TempDir(prefix: "sluice-json")
    let paths = try Self.write(Self.corpus, as: "app.jsonl", in: dir)
    var expected = try Self.jq(filter, input: paths[0])
    if program.hasSuffix("count-by") {
      expected = try EquivalenceTests.reference("countby", input: dir.write("levels", expected))
    }
    try #require(
      expected.count > (program.hasSuffix("count-by") ? 20 : 3000), "jq printed something")
    for path in paths {
      expectSuccess(
        try Sluice.run([program, path]), stdout: expected,
        "\(EquivalenceTests.command([], program, [path])) vs jq -r '\(filter)'")
    }
    let both = try Sluice.run(["-j", "2", program] + paths)
    if program.hasSuffix("count-by") {
      #expect(both.status == 0, "\(both)")
    } else {
      expectSuccess(both, stdout: expected + expected, "-j 2 \(program) on plain + gz")
    }
  }

  /// `json` alone is `jq -c .` on documents written the way jq writes them.
  @Test func compactMatchesJqC() throws {
    try #require(Reference.has("jq"), "jq is needed (apt-get install jq)")
    let dir = try TempDir(prefix: "sluice-json")
    let paths = try Self.write(Self.canonicalCorpus, as: "canonical.jsonl", in: dir)
    let expected = try Self.jq(".", input: paths[0], raw: false)
    for path in paths {
      expectSuccess(
        try Sluice.run(["json", path]), stdout: expected, "sluice json \(path) vs jq -c .")
    }
  }

  // MARK: - Bad records

  /// Lines jq refuses too, each a kind of broken JSON, and one line where
  /// `.user.id` steps into a string.
  static let badLines: [String] = [
    #"{"id":1"#, #"{"id":1} x"#, #"{"id":"\x"}"#, "[1,2", #"{"id":1,}"#, "", #"{"id":[1}"#,
    #"{"id":1}}"#, "nope", #"{"id":tru}"#, #"{"id":"abc"#, #"{"a":1}{"b":2}"#, "   ",
    #"{"id":1 "b":2}"#, #"{"id":"\u12"}"#,
  ]

  /// The corpus with the bad lines spread through it: the lines, and which
  /// are bad.
  static func corpusWithBadLines() -> (lines: [[UInt8]], bad: [Bool]) {
    var lines = Array(
      corpus.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().prefix(600)
    ).map { Array($0) }
    var bad = [Bool](repeating: false, count: lines.count)
    for (number, line) in badLines.enumerated().reversed() {
      let at = 7 + number * 37
      lines.insert(Array(line.utf8), at: at)
      bad.insert(true, at: at)
    }
    return (lines, bad)
  }

  @Test func jqAgreesTheBadLinesAreBad() throws {
    try #require(Reference.has("jq"), "jq is needed (apt-get install jq)")
    let (lines, bad) = Self.corpusWithBadLines()
    let dir = try TempDir(prefix: "sluice-json")
    let path = try dir.write("mixed.jsonl", Array(lines.joined(separator: [0x0A])) + [0x0A])
    let result = try runProcess(
      "/usr/bin/env", ["jq", "-R", "-r", #"try (fromjson | "ok") catch "bad""#], stdin: .file(path))
    let verdicts = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
    #expect(verdicts == bad.map { $0 ? "bad" : "ok" })
  }

  @Test(arguments: ["json .id,.level", "json"])
  func invalidRecordsAreSkippedAndCounted(program: String) throws {
    try #require(Reference.has("jq"), "jq is needed (apt-get install jq)")
    let (lines, bad) = Self.corpusWithBadLines()
    let dir = try TempDir(prefix: "sluice-json")
    let text = Array(lines.joined(separator: [0x0A])) + [0x0A]
    let good = Array(zip(lines, bad).filter { !$0.1 }.map(\.0).joined(separator: [0x0A])) + [0x0A]
    let goodPath = try dir.write("good.jsonl", good)
    let expected =
      program == "json"
      ? try Sluice.run(["json", goodPath]).stdout
      : try Self.jq(#"[col(["id"]), col(["level"])] | join("\t")"#, input: goodPath)
    let firstBad = bad.firstIndex(of: true)! + 1
    for path in try Self.write(text, as: "mixed.jsonl", in: dir) {
      let skipped = try Sluice.run(["--on-error", "skip", program, path])
      let context = EquivalenceTests.command(["--on-error", "skip"], program, [path])
      #expect(skipped.status == 0, "\(context): \(skipped)")
      expectBytes(skipped.stdout, equal: expected, "\(context) stdout")
      #expect(skipped.stderrLines.count == 1, "\(context): \(skipped)")
      if let line = skipped.stderrLines.first {
        expectErrorLine(line, naming: path, context)
        #expect(
          line.contains("skipped \(Self.badLines.count) records: invalid JSON"),
          "\(context): \(line)")
        #expect(line.contains("record \(firstBad):"), "\(context): \(line)")
      }

      let failed = try Sluice.run(["--on-error", "fail", program, path])
      expectFailure(failed, status: 65, naming: path, "\(program) --on-error fail")
      #expect(failed.stderr.contains("record \(firstBad): json: invalid JSON"), "\(failed)")
      let before = expected.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(
        firstBad - 1)
      expectBytes(
        failed.stdout, equal: Array(before.joined(separator: [0x0A])) + [0x0A],
        "output before the bad record")
    }
  }

  @Test func pathsIntoStringsAreCountedApart() throws {
    let dir = try TempDir(prefix: "sluice-json")
    let text = #"""
      {"user":{"id":1}}
      {"user":"bob"}
      {"user":null}
      {"user":[1]}
      {"user":{"id":2}}
      {broken

      """#
    let path = try dir.write("users.jsonl", Array(text.utf8))
    let result = try Sluice.run(["--on-error", "skip", "json .user.id", path])
    #expect(result.status == 0, "\(result)")
    expectBytes(result.stdout, equal: Array("1\n\n2\n".utf8))
    #expect(
      result.stderrLines == [
        "sluice: skipped 1 record: invalid JSON (first: \(path) record 6: json: expected a quoted key at byte 2)",
        "sluice: skipped 2 records: JSON value cannot be indexed (first: \(path) record 2: json: .user.id: cannot index string with \"id\")",
      ], "\(result)")
  }

  @Test func badPathsAreUsageErrors() throws {
    for program in ["json .a.", "json a", "json '.[-1]'", "json .a,,.b", "json -x .a"] {
      let result = try Sluice.run([program, "/dev/null"])
      #expect(result.status == 64 && result.stderrLines.count >= 1, "\(program): \(result)")
    }
  }
}
