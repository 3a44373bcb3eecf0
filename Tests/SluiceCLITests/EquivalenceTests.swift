import Foundation
import Sluice
import Testing

// The transform stages against the tools they stand in for: every case runs
// the built binary on a generated log (plain and gzip) and the real GNU grep,
// mawk, head, tail, sort or uniq on the same plain file (LC_ALL=C, bytes), and
// wants the same bytes. Where no tool prints the same layout (sum, stats,
// sample), the reference is computed here from the same data.
//
// The inputs are generated from fixed seeds (`LogGenerator`). To look at
// them, or to rerun a failing case by hand:
//
//   SLUICE_EQUIV_DUMP=/tmp/equiv swift test --disable-xctest --filter 'EquivalenceTests/dumpCorpora'
//   sluice 'fields -2' /tmp/equiv/access.log | cmp - <(LC_ALL=C mawk '{print (NF > 1 ? $(NF - 1) : "")}' /tmp/equiv/access.log)

/// One comparison: a sluice program and the shell pipeline that must write the
/// same bytes. `reference` reads the corpus on standard input and runs under
/// bash with `LC_ALL=C`; it may use `countby` and `uniqc` (see
/// ``EquivalenceTests/prelude``). A missing LF at the end of its output is
/// added (sluice ends every record with one; head and tail copy the input's
/// unterminated last line as it is).
struct EquivalenceCase: Sendable, CustomTestStringConvertible {
  var program: String
  var reference: String
  var corpus: EquivalenceCorpus

  init(_ program: String, _ reference: String, on corpus: EquivalenceCorpus = .access) {
    self.program = program
    self.reference = reference
    self.corpus = corpus
  }

  var testDescription: String { "\(program) on \(corpus.fileName) ≡ \(reference)" }
}

/// The generated inputs.
enum EquivalenceCorpus: String, Sendable, CaseIterable {
  /// 4,000 lines of combined-format access log with odd lines, no final LF.
  case access
  /// 2,000 comma-separated rows with empty and missing fields.
  case csv
  /// 1,500 Java-style entries (a dated line, then 0-5 trace lines).
  case java
  /// The same kind, with two lines before the first entry and no final LF.
  case javaPreamble

  var bytes: [UInt8] {
    switch self {
    case .access: EquivalenceTests.accessLog
    case .csv: EquivalenceTests.csv
    case .java: EquivalenceTests.javaLog
    case .javaPreamble: EquivalenceTests.javaLogWithPreamble
    }
  }

  var fileName: String { "\(rawValue).log" }

  /// Writes the corpus and its `gzip -6` copy into `dir`: the plain path first.
  func write(in dir: TempDir) throws -> [String] {
    [
      try dir.write(fileName, bytes),
      try dir.write(fileName + ".gz", try Reference.gzip(bytes)),
    ]
  }
}

@Suite("stages equivalent to GNU grep, mawk, head, tail, sort, uniq")
struct EquivalenceTests {
  static let accessLog = LogGenerator.accessLog(seed: 20_240_301, lines: 4000)
  static let csv = LogGenerator.csv(seed: 20_240_302, lines: 2000)
  static let javaLog = LogGenerator.javaLog(seed: 20_240_303, entries: 1500, preamble: false)
  static let javaLogWithPreamble = LogGenerator.javaLog(
    seed: 20_240_304, entries: 1500, preamble: true, finalNewline: false)

  /// Put before every reference script. `countby` is what `count-by` prints
  /// (`COUNT<TAB>KEY`, count descending, ties by key bytewise); `uniqc` is
  /// `uniq -c` in sluice's layout, `COUNT<TAB>LINE` (no padding). `first N`
  /// is `head -n N` that reads all its input: the tests run with SIGPIPE
  /// ignored (and a shell cannot reset that), so a writer that `head` leaves
  /// behind would see EPIPE and complain on stderr.
  static let prelude = #"""
    export LC_ALL=C
    tab=$'\t'
    uniqc() { uniq -c | sed -E "s/^ *([0-9]+) /\1$tab/"; }
    countby() { sort | uniqc | sort -t "$tab" -k1,1nr -k2; }
    first() { sed -n "1,$1p"; }

    """#

  // MARK: - Running both sides

  /// Runs `script` (after ``prelude``) with `input` on standard input and
  /// returns its output with a final LF. Exit 1 is accepted (grep found
  /// nothing); any other failure is a broken test, not a sluice bug.
  static func reference(_ script: String, input: String) throws -> [UInt8] {
    let result = try runProcess("/bin/bash", ["-c", prelude + script], stdin: .file(input))
    // An upstream command of `| head` may complain of the closed pipe.
    let complaints = result.stderrLines.filter { !$0.contains("Broken pipe") }
    guard !result.signaled, !result.timedOut, result.status <= 1, complaints.isEmpty else {
      throw SubprocessError(description: "reference `\(script)` failed: \(result)")
    }
    return withFinalNewline(result.stdout)
  }

  /// The command that reproduces a sluice run, for failure messages.
  static func command(_ options: [String], _ program: String, _ files: [String]) -> String {
    (["sluice"] + options.map(shellQuote) + [shellQuote(program)]
      + files.map {
        URL(fileURLWithPath: $0).lastPathComponent
      }).joined(separator: " ")
  }

  /// Runs the case on the plain corpus and its gzip copy and expects exactly
  /// the reference's output, exit 0 and nothing on stderr.
  static func check(_ testCase: EquivalenceCase, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = try testCase.corpus.write(in: dir)
    let expected = try reference(testCase.reference, input: paths[0])
    for path in paths {
      let result = try Sluice.run([testCase.program, path])
      expectSuccess(
        result, stdout: expected,
        "\(command([], testCase.program, [path])) vs `\(testCase.reference)`",
        sourceLocation: sourceLocation)
    }
  }

  // MARK: - grep

  static let grepCases = [
    EquivalenceCase(#"grep -F ' 500 '"#, #"grep -a -F ' 500 '"#),
    EquivalenceCase(#"grep -F '" 404 '"#, #"grep -a -F '" 404 '"#),
    EquivalenceCase("grep -v GET", "grep -a -v GET"),
    EquivalenceCase("grep -i googlebot", "grep -a -i googlebot"),
    EquivalenceCase(#"grep -i -F 'MOZILLA/5.0 (X11'"#, #"grep -a -i -F 'MOZILLA/5.0 (X11'"#),
    EquivalenceCase("grep -v -i -F http/1.1", "grep -a -v -i -F http/1.1"),
    EquivalenceCase("grep -F '['", "grep -a -F '['"),
    EquivalenceCase("grep -F caf", "grep -a -F caf"),
    EquivalenceCase(#"grep ' (404|500|503) [0-9]+ '"#, #"grep -a -E ' (404|500|503) [0-9]+ '"#),
    EquivalenceCase(#"grep '^10\.0\.'"#, #"grep -a -E '^10\.0\.'"#),
    EquivalenceCase(#"grep -v '"$'"#, #"grep -a -v -E '"$'"#),
    EquivalenceCase("grep '^$'", "grep -a -E '^$'"),
    EquivalenceCase(
      "grep 'POST /api/v1/(users|orders)/[0-9]+ '",
      "grep -a -E 'POST /api/v1/(users|orders)/[0-9]+ '"
    ),
    EquivalenceCase(#"grep -i 'http/2\.0" 30[0-9]'"#, #"grep -a -i -E 'http/2\.0" 30[0-9]'"#),
    EquivalenceCase(#"grep 'Chrome/12.\.'"#, #"grep -a -E 'Chrome/12.\.'"#),
    // PCRE beyond the common subset: GNU grep -P is the reference.
    EquivalenceCase(#"grep '\d{3} \d+ "-"'"#, #"grep -a -P '\d{3} \d+ "-"'"#),
    EquivalenceCase(#"grep -v '\bGET\b'"#, #"grep -a -v -P '\bGET\b'"#),
    // Nothing matched: no output, exit 0 (grep says 1).
    EquivalenceCase("grep -F nosuchthing", "grep -a -F nosuchthing"),
    EquivalenceCase("grep -v ''", "grep -a -v ''"),
  ]

  @Test(arguments: EquivalenceTests.grepCases)
  func grep(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - fields

  static let fieldCases = [
    EquivalenceCase("fields 7", "mawk '{print $7}'"),
    EquivalenceCase("fields 1,4", #"mawk '{print $1 "\t" $4}'"#),
    EquivalenceCase("fields 9,1", #"mawk '{print $9 "\t" $1}'"#),
    // A range is shorthand for its numbers: `2-5` is `2,3,4,5`, each field
    // empty where the record lacks it (only an open range, `9-`, follows NF).
    EquivalenceCase("fields 2,3,4,5", #"mawk '{print $2 "\t" $3 "\t" $4 "\t" $5}'"#),
    EquivalenceCase("fields 2-5", #"mawk '{print $2 "\t" $3 "\t" $4 "\t" $5}'"#),
    EquivalenceCase(
      "fields 9-",
      #"mawk '{s = ""; for (i = 9; i <= NF; i++) s = s (i > 9 ? "\t" : "") $i; print s}'"#),
    EquivalenceCase("fields -1", #"mawk '{print (NF ? $NF : "")}'"#),
    EquivalenceCase("fields -2", #"mawk '{print (NF > 1 ? $(NF - 1) : "")}'"#),
    EquivalenceCase("fields 1,-1", #"mawk '{print $1 "\t" (NF ? $NF : "")}'"#),
    EquivalenceCase("fields -o ' ' 9,10", #"mawk '{print $9 " " $10}'"#),
    EquivalenceCase("fields -o , 1,7,9", #"mawk '{print $1 "," $7 "," $9}'"#),
    EquivalenceCase("fields 40", "mawk '{print $40}'"),
    EquivalenceCase("fields -d : 1", "mawk -F: '{print $1}'"),
    EquivalenceCase("fields -d ' ' 3", "mawk -F'[ ]' '{print $3}'"),
    EquivalenceCase(#"fields -d '" "' 2"#, #"mawk -F'" "' '{print $2}'"#),
    EquivalenceCase(#"fields -d '\t' 3"#, #"mawk -F'\t' '{print $3}'"#),
    EquivalenceCase("fields -d , 2", "mawk -F, '{print $2}'", on: .csv),
    EquivalenceCase("fields -d , 1,3", #"mawk -F, '{print $1 "\t" $3}'"#, on: .csv),
    EquivalenceCase("fields -d , -o , 3,1", #"mawk -F, '{print $3 "," $1}'"#, on: .csv),
    EquivalenceCase("fields -d , -1", "mawk -F, '{print $NF}'", on: .csv),
    EquivalenceCase("fields -d , -2", #"mawk -F, '{print (NF > 1 ? $(NF - 1) : "")}'"#, on: .csv),
    EquivalenceCase("fields -d , 2-4", #"mawk -F, '{print $2 "\t" $3 "\t" $4}'"#, on: .csv),
    EquivalenceCase(
      "fields -d , 5-",
      #"mawk -F, '{s = ""; for (i = 5; i <= NF; i++) s = s (i > 5 ? "\t" : "") $i; print s}'"#,
      on: .csv),
  ]

  @Test(arguments: EquivalenceTests.fieldCases)
  func fields(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - head, tail, skip

  static let slicingCases = [
    EquivalenceCase("head 10", "head -n 10"),
    EquivalenceCase("head 1", "head -n 1"),
    EquivalenceCase("head 100000", "head -n 100000"),
    EquivalenceCase("tail 10", "tail -n 10"),
    EquivalenceCase("tail 1", "tail -n 1"),
    EquivalenceCase("tail 100000", "tail -n 100000"),
    EquivalenceCase("skip 5", "tail -n +6"),
    EquivalenceCase("skip 0", "cat"),
    EquivalenceCase("skip 3999", "tail -n +4000"),
    EquivalenceCase("skip 100000", "tail -n +100001"),
    EquivalenceCase("skip 5 | tail 10", "tail -n +6 | tail -n 10"),
    EquivalenceCase("tail 100 | head 3", "tail -n 100 | first 3"),
    EquivalenceCase("skip 1 | head 5", "tail -n +2 | first 5", on: .csv),
  ]

  @Test(arguments: EquivalenceTests.slicingCases)
  func slicing(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - uniq, distinct

  static let uniqCases = [
    EquivalenceCase("uniq", "uniq"),
    EquivalenceCase("uniq -c", "uniqc"),
    EquivalenceCase("fields 9 | uniq", "mawk '{print $9}' | uniq"),
    EquivalenceCase("fields 9 | uniq -c", "mawk '{print $9}' | uniqc"),
    EquivalenceCase(
      "grep -F GET | fields 6 | uniq -c", "grep -a -F GET | mawk '{print $6}' | uniqc"),
    EquivalenceCase("distinct", "mawk '!seen[$0]++'"),
    EquivalenceCase("distinct 9", "mawk '!seen[$9]++'"),
    EquivalenceCase("distinct 1,9", #"mawk '!seen[$1 "\t" $9]++'"#),
    EquivalenceCase("distinct -1", #"mawk '!seen[NF ? $NF : ""]++'"#),
    EquivalenceCase(
      "fields 7 | distinct | count", "mawk '{print $7}' | mawk '!seen[$0]++' | wc -l"),
    EquivalenceCase("distinct -d , 3", "mawk -F, '!seen[$3]++'", on: .csv),
    EquivalenceCase(
      "fields -d , 3 | distinct", "mawk -F, '{print $3}' | mawk '!seen[$0]++'", on: .csv),
  ]

  @Test(arguments: EquivalenceTests.uniqCases)
  func uniqAndDistinct(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - count, count-by

  static let countCases = [
    EquivalenceCase("count", "grep -a -c ''"),
    EquivalenceCase("grep -F ' 200 ' | count", "grep -a -c -F ' 200 '"),
    EquivalenceCase("grep -F nosuchthing | count", "grep -a -c -F nosuchthing"),
    EquivalenceCase("count-by", "countby"),
    EquivalenceCase("count-by 9", "mawk '{print $9}' | countby"),
    EquivalenceCase("count-by 1,9", #"mawk '{print $1 "\t" $9}' | countby"#),
    EquivalenceCase("count-by 6", "mawk '{print $6}' | countby"),
    EquivalenceCase("count-by -1", #"mawk '{print (NF ? $NF : "")}' | countby"#),
    EquivalenceCase("fields 7 | count-by | head 10", "mawk '{print $7}' | countby | first 10"),
    EquivalenceCase(
      #"grep -F '" 404 ' | count-by 7 | head 5"#,
      #"grep -a -F '" 404 ' | mawk '{print $7}' | countby | first 5"#),
    EquivalenceCase("grep -F nosuchthing | count-by", "grep -a -F nosuchthing | countby"),
    EquivalenceCase("count-by -d , 3", "mawk -F, '{print $3}' | countby", on: .csv),
    EquivalenceCase("fields -d , 3 | count-by", "mawk -F, '{print $3}' | countby", on: .csv),
  ]

  @Test(arguments: EquivalenceTests.countCases)
  func countAndCountBy(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - Pipelines of several stages

  static let pipelineCases = [
    EquivalenceCase(
      #"grep -F ' 500 ' | fields 7 | count-by | head 10"#,
      #"grep -a -F ' 500 ' | mawk '{print $7}' | countby | first 10"#),
    EquivalenceCase(#"grep -F ' 404 ' | head 5"#, #"grep -a -F ' 404 ' | first 5"#),
    EquivalenceCase("grep -v -F GET | count", "grep -a -c -v -F GET"),
    EquivalenceCase("fields 9 | grep '^5' | count", "mawk '{print $9}' | grep -c -E '^5'"),
    EquivalenceCase(
      "skip 100 | grep -F POST | tail 5", "tail -n +101 | grep -a -F POST | tail -n 5"),
    EquivalenceCase(
      "grep -F GET | fields 1 | distinct | head 20",
      "grep -a -F GET | mawk '{print $1}' | mawk '!seen[$0]++' | first 20"),
    EquivalenceCase(
      "grep -i -v bot | fields 9,7 | uniq -c | head 50",
      #"grep -a -i -v bot | mawk '{print $9 "\t" $7}' | uniqc | first 50"#),
    EquivalenceCase(
      "fields -o ' ' 6,7 | grep -F '\"POST' | count-by",
      #"mawk '{print $6 " " $7}' | grep -a -F '"POST' | countby"#),
  ]

  @Test(arguments: EquivalenceTests.pipelineCases)
  func pipelines(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  // MARK: - records --start

  /// An awk program that gathers the records that `records --start
  /// '^\d{4}-'` makes (lines before the first start line are a record of
  /// their own) and, for each record `r` where `filter` holds, runs `action`.
  static func awkRecords(_ filter: String, _ action: String = "print r", end: String = "")
    -> String
  {
    """
    mawk 'function take() { if (have && (\(filter))) { \(action) } }
    /^[0-9][0-9][0-9][0-9]-/ { take(); r = $0; have = 1; next }
    { if (have) r = r "\\n" $0; else { r = $0; have = 1 } }
    END { take(); \(end) }'
    """
  }

  static let start = #"records --start '^\d{4}-'"#

  static let recordCases: [EquivalenceCase] = [EquivalenceCorpus.java, .javaPreamble].flatMap {
    corpus -> [EquivalenceCase] in
    [
      EquivalenceCase("\(start) | count", awkRecords("1", "n++", end: "print n + 0"), on: corpus),
      EquivalenceCase("\(start) | cat", awkRecords("1"), on: corpus),
      EquivalenceCase(
        "\(start) | grep NullPointerException", awkRecords("r ~ /NullPointerException/"), on: corpus
      ),
      EquivalenceCase(
        "\(start) | grep -F 'at com.example.db.'", awkRecords(#"index(r, "at com.example.db.")"#),
        on: corpus),
      EquivalenceCase(
        "\(start) | grep 'SQLException|SocketTimeoutException'",
        awkRecords("r ~ /SQLException|SocketTimeoutException/"), on: corpus),
      EquivalenceCase(
        "\(start) | grep -i 'caused by: java'", awkRecords(#"tolower(r) ~ /caused by: java/"#),
        on: corpus),
      EquivalenceCase(
        "\(start) | grep -v -F Exception | count",
        awkRecords(#"!index(r, "Exception")"#, "n++", end: "print n + 0"), on: corpus),
      EquivalenceCase(
        "\(start) | grep ERROR | head 3", awkRecords("r ~ /ERROR/", "if (++k <= 3) print r"),
        on: corpus),
      EquivalenceCase(
        #"\#(start) | grep -F 'Pool.java:88' | tail 2"#,
        awkRecords(
          #"index(r, "Pool.java:88")"#, "a = b; b = r; n++",
          end: #"if (n > 1) print a; if (n) print b"#),
        on: corpus),
      EquivalenceCase(
        "\(start) | skip 3 | head 2", awkRecords("1", "if (++k > 3 && k <= 5) print r"), on: corpus),
      // A real TAB in the pattern (in single quotes, as a shell would pass it).
      EquivalenceCase(
        "\(start) | grep -F '\tat com.example.api' | count",
        awkRecords(#"index(r, "\tat com.example.api")"#, "n++", end: "print n + 0"), on: corpus),
    ]
  }

  @Test(arguments: EquivalenceTests.recordCases)
  func records(_ testCase: EquivalenceCase) throws { try Self.check(testCase) }

  /// Without lines before the first entry, there are as many records as
  /// start lines.
  @Test func recordsAreStartLines() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = try EquivalenceCorpus.java.write(in: dir)
    let starts = try Self.reference(#"grep -a -c -E '^[0-9]{4}-'"#, input: paths[0])
    #expect(starts == countOutput(1500), "the generator's start lines")
    for path in paths {
      expectSuccess(
        try Sluice.run(["\(Self.start) | count", path]), stdout: starts,
        Self.command([], "\(Self.start) | count", [path]))
    }
  }

  // MARK: - Several files

  @Test func severalFiles() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let first = LogGenerator.accessLog(seed: 5, lines: 1500, finalNewline: true)
    let second = LogGenerator.accessLog(seed: 6, lines: 1500, finalNewline: true)
    let a = try dir.write("a.log", first)
    let b = try dir.write("b.log.gz", try Reference.gzip(second))
    let both = try dir.write("both.log", first + second)
    for (program, script) in [
      ("count-by 9", "mawk '{print $9}' | countby"),
      (#"grep -F ' 500 '"#, #"grep -a -F ' 500 '"#),
      ("distinct 1 | count", "mawk '!seen[$1]++' | wc -l"),
      ("tail 3", "tail -n 3"),
    ] {
      expectSuccess(
        try Sluice.run([program, a, b]), stdout: try Self.reference(script, input: both),
        "\(Self.command([], program, [a, b])) vs `\(script)` on both")
    }
  }

  // MARK: - Empty input, nothing matched

  @Test func emptyInput() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = [try dir.write("empty.log", []), try dir.write("empty.log.gz", Reference.gzip([]))]
    let quiet = [
      "grep -F x", "grep -v x", "fields 1", "head 3", "tail 3", "skip 1", "uniq", "uniq -c",
      "distinct", "distinct 1", "count-by", "count-by 2", "sample 0.5 --seed 1",
      "sample -n 3 --seed 1", "\(Self.start) | cat",
    ]
    for path in paths {
      for program in quiet {
        expectSuccess(
          try Sluice.run([program, path]), stdout: [], Self.command([], program, [path]))
      }
      for program in ["count", "grep -F x | count", "\(Self.start) | count"] {
        expectSuccess(
          try Sluice.run([program, path]), stdout: countOutput(0), Self.command([], program, [path])
        )
      }
      let stats = try Sluice.run(["stats", path])
      #expect(stats.status == 0 && stats.stderr.isEmpty, "stats on empty input: \(stats)")
      #expect(
        String(decoding: stats.stdout, as: UTF8.self).hasPrefix("count\t0\n"),
        "stats on empty input: \(String(decoding: stats.stdout, as: UTF8.self).debugDescription)")
    }
  }

  @Test func nothingMatched() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    for path in try EquivalenceCorpus.access.write(in: dir) {
      for program in [
        "grep -F nosuchthing", "grep -F nosuchthing | fields 7 | count-by | head 10",
        "grep -F nosuchthing | distinct", "grep -F nosuchthing | tail 5",
        "grep -F nosuchthing | sample 0.5 --seed 3",
      ] {
        expectSuccess(
          try Sluice.run([program, path]), stdout: [], Self.command([], program, [path]))
      }
      expectSuccess(
        try Sluice.run(["grep -F nosuchthing | count", path]), stdout: countOutput(0),
        Self.command([], "grep -F nosuchthing | count", [path]))
    }
  }

  // MARK: - sum

  /// Rows `A B<TAB>C` with blanks around: A an integer in ±10^6, B a
  /// non-negative integer up to 10^9, C a decimal (`-3.5`, `1e3`, `0.125`...).
  struct NumberTable {
    var text: [UInt8] = []
    var a: [Int] = []
    var b: [Int] = []
    var c: [String] = []

    init(seed: UInt64, rows: Int) {
      var rng = SeededRandom(seed: seed)
      for _ in 0..<rows {
        let a = Int.random(in: -1_000_000...1_000_000, using: &rng)
        let digits = Int.random(in: 0...9, using: &rng)
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        let b = Int.random(in: 0...limit, using: &rng)
        let whole = Int.random(in: -500...500, using: &rng)
        let c: String
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: c = "\(whole).5"
        case 1: c = "\(Int.random(in: 1...9, using: &rng))e\(Int.random(in: 0...4, using: &rng))"
        case 2: c = "\(whole).125"
        case 3: c = "-\(Int.random(in: 1...99, using: &rng))e-\(Int.random(in: 1...3, using: &rng))"
        case 4: c = "\(whole)"
        default: c = "\(whole).\(LogGenerator.pad(Int.random(in: 0...99, using: &rng), 2))"
        }
        let lead = ["", " ", "\t", "  "].randomElement(using: &rng)!
        let gap = [" ", "\t", "   ", " \t "].randomElement(using: &rng)!
        text += Array("\(lead)\(a)\(gap)\(b)\t\(c)\n".utf8)
        self.a.append(a)
        self.b.append(b)
        self.c.append(c)
      }
    }
  }

  static func numbers(_ output: [UInt8]) -> [Double]? {
    let text = String(decoding: output, as: UTF8.self)
    guard text.hasSuffix("\n") else { return nil }
    let values = text.dropLast().split(separator: "\t", omittingEmptySubsequences: false).map {
      Double($0)
    }
    return values.contains(nil) ? nil : values.map { $0! }
  }

  static func close(_ x: Double, _ y: Double, relative: Double = 1e-9) -> Bool {
    abs(x - y) <= relative * max(abs(x), abs(y), 1e-9)
  }

  @Test func sumOfIntegersAndDecimals() throws {
    let table = NumberTable(seed: 41, rows: 3000)
    let dir = try TempDir(prefix: "sluice-equiv")
    let plain = try dir.write("numbers.txt", table.text)
    let paths = [plain, try dir.write("numbers.txt.gz", Reference.gzip(table.text))]
    // Integers: exact; mawk's %.0f is exact below 2^53, and agrees with Swift.
    let sumA = table.a.reduce(0, +)
    let sumB = table.b.reduce(0, +)
    for (program, script, swift) in [
      ("sum", #"mawk '{s += $1} END {printf "%.0f\n", s}'"#, "\(sumA)\n"),
      ("sum 1", #"mawk '{s += $1} END {printf "%.0f\n", s}'"#, "\(sumA)\n"),
      ("sum 2", #"mawk '{s += $2} END {printf "%.0f\n", s}'"#, "\(sumB)\n"),
      (
        "sum 2,1", #"mawk '{s += $2; t += $1} END {printf "%.0f\t%.0f\n", s, t}'"#,
        "\(sumB)\t\(sumA)\n"
      ),
    ] {
      let expected = try Self.reference(script, input: plain)
      expectBytes(expected, equal: Array(swift.utf8), "mawk vs Swift for \(program)")
      for path in paths {
        expectSuccess(
          try Sluice.run([program, path]), stdout: expected,
          "\(Self.command([], program, [path])) vs `\(script)`")
      }
    }
    // Decimals: the same number, whatever the layout.
    let decimalSum = table.c.reduce(0.0) { $0 + Double($1)! }
    let awkSum = try Self.numbers(
      Self.reference(#"mawk '{s += $3} END {printf "%.17g\n", s}'"#, input: plain))
    #expect(
      awkSum.map { Self.close($0[0], decimalSum) } == true, "mawk: \(String(describing: awkSum))")
    for path in paths {
      for program in ["sum 3", "sum 3,1"] {
        let result = try Sluice.run([program, path])
        let context = Self.command([], program, [path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(context): \(result)")
        let got = Self.numbers(result.stdout)
        let want = program == "sum 3" ? [decimalSum] : [decimalSum, Double(table.a.reduce(0, +))]
        #expect(
          got?.count == want.count && zip(got ?? [], want).allSatisfy { Self.close($0, $1) },
          "\(context): \(String(decoding: result.stdout, as: UTF8.self).debugDescription), want \(want)"
        )
      }
    }
    // Filtered access log: sizes of the 200 responses (all numeric).
    let dirLog = try TempDir(prefix: "sluice-equiv")
    for path in try EquivalenceCorpus.access.write(in: dirLog) {
      let script = #"grep -a -F '" 200 ' | mawk '{s += $10} END {printf "%.0f\n", s}'"#
      let program = #"grep -F '" 200 ' | sum 10"#
      expectSuccess(
        try Sluice.run(["--on-error", "fail", program, path]),
        stdout: try Self.reference(script, input: dirLog.file(EquivalenceCorpus.access.fileName)),
        "\(Self.command(["--on-error", "fail"], program, [path])) vs `\(script)`")
    }
  }

  /// 10^6 values around 10^12: the sum (about 10^18) is past a double's exact
  /// range (2^53), so awk cannot be the reference; Swift's Int is.
  @Test func sumStaysExact() throws {
    var rng = SeededRandom(seed: 43)
    var text: [UInt8] = []
    text.reserveCapacity(15_000_000)
    var total = 0
    for _ in 0..<1_000_000 {
      let value = 1_000_000_000_000 + Int.random(in: -999_999_999...999_999_999, using: &rng)
      total += value
      text += Array("\(value)\n".utf8)
    }
    let dir = try TempDir(prefix: "sluice-equiv")
    let path = try dir.write("big-numbers.txt", text)
    expectSuccess(
      try Sluice.run(["sum", path], timeout: .seconds(300)), stdout: Array("\(total)\n".utf8),
      Self.command([], "sum", [path]))
  }

  /// Non-numbers at records 17, 230 and 231 of 300.
  static func numbersWithErrors() -> (text: [UInt8], goodSum: Int) {
    var text: [UInt8] = []
    var sum = 0
    for record in 1...300 {
      switch record {
      case 17: text += Array("abc\n".utf8)
      case 230: text += Array("-\n".utf8)
      case 231: text += Array("12x\n".utf8)
      default:
        let value = record * 7 - 1000
        sum += value
        text += Array("\(value)\n".utf8)
      }
    }
    return (text, sum)
  }

  @Test(arguments: [InputMode.fileArgument, .stdinFile])
  func sumErrorFails(mode: InputMode) throws {
    let (text, _) = Self.numbersWithErrors()
    let dir = try TempDir(prefix: "sluice-equiv")
    for path in [try dir.write("bad.txt", text), try dir.write("bad.txt.gz", Reference.gzip(text))]
    {
      let result = try Sluice.run("sum", options: ["--on-error", "fail"], input: path, mode: mode)
      let context = "\(Self.command(["--on-error", "fail"], "sum", [path])) (\(mode))"
      expectFailure(result, status: 65, naming: mode.displayName(for: path), context)
      #expect(
        result.stderr.contains(/\b17\b/), "\(context): record 17 not named: \(result.stderr)")
    }
  }

  @Test(arguments: [InputMode.fileArgument, .stdinFile])
  func sumErrorSkips(mode: InputMode) throws {
    let (text, goodSum) = Self.numbersWithErrors()
    let dir = try TempDir(prefix: "sluice-equiv")
    for path in [try dir.write("bad.txt", text), try dir.write("bad.txt.gz", Reference.gzip(text))]
    {
      for program in ["sum", "fields 1 | sum"] {
        let result = try Sluice.run(
          program, options: ["--on-error", "skip"], input: path, mode: mode)
        let context = "\(Self.command(["--on-error", "skip"], program, [path])) (\(mode))"
        #expect(result.status == 0 && !result.signaled, "\(context): \(result)")
        expectBytes(result.stdout, equal: Array("\(goodSum)\n".utf8), "\(context) stdout")
        let lines = result.stderrLines
        #expect(lines.count == 1, "\(context): one line expected on stderr: \(result)")
        if let line = lines.first {
          expectErrorLine(line, naming: mode.displayName(for: path), context)
          #expect(line.contains(/\b3\b/), "\(context): how many (3) not said: \(line)")
          #expect(line.contains(/\b17\b/), "\(context): first (record 17) not named: \(line)")
        }
      }
    }
  }

  /// The access log as it is: field 10 is `-` for 304s and missing on the
  /// odd lines. `--on-error skip` sums the rest and says how many it skipped
  /// and where the first was; mawk counts the same.
  @Test func sumAndStatsSkipOnAccessLog() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = try EquivalenceCorpus.access.write(in: dir)
    let facts = try Self.reference(
      #"mawk '$10 ~ /^[0-9]+$/ {s += $10; print $10; next} {n++; if (!first) first = NR} END {printf "%.0f %d %d\n", s, n, first}'"#,
      input: paths[0])
    var lines = String(decoding: facts, as: UTF8.self).split(separator: "\n")
    let summary = lines.removeLast().split(separator: " ").map { Int($0)! }
    let values = lines.map { Double($0)! }
    let (sum, skipped, first) = (summary[0], summary[1], summary[2])
    try #require(skipped > 10 && first > 1, "the corpus has non-numbers in field 10")
    for path in paths {
      for program in ["sum 10", "stats 10"] {
        var result = try Sluice.run(["--on-error", "skip", program, path])
        let context = Self.command(["--on-error", "skip"], program, [path])
        let lines = result.stderrLines
        #expect(lines.count == 1, "\(context): one line expected on stderr: \(result)")
        if let line = lines.first {
          expectErrorLine(line, naming: path, context)
          #expect(
            line.contains(try Regex("\\b\(skipped)\\b")), "\(context): \(skipped) skipped? \(line)")
          #expect(
            line.contains(try Regex("\\b\(first)\\b")), "\(context): first at \(first)? \(line)")
        }
        if program == "sum 10" {
          #expect(result.status == 0, "\(context): \(result)")
          expectBytes(result.stdout, equal: Array("\(sum)\n".utf8), "\(context) stdout")
        } else {
          result.stderr = ""
          Self.expectStats(result, of: values, context)
        }
      }
    }
  }

  // MARK: - stats

  static let statNames = ["count", "sum", "min", "max", "mean", "p50", "p90", "p99"]

  /// Holds `stats` output to `values`: count, sum, min, max exact (sum as a
  /// number: exact for integers below 2^53), mean to 1e-9, and each pXX
  /// within 1% of the values at ranks ceil(p*n)-1 ... ceil(p*n)+1.
  static func expectStats(
    _ result: RunResult, of values: [Double], _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      result.status == 0 && !result.signaled && result.stderr.isEmpty, "\(context): \(result)",
      sourceLocation: sourceLocation)
    let text = String(decoding: result.stdout, as: UTF8.self)
    let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
      $0.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    }
    let names = rows.map { $0.first ?? "" }
    #expect(
      names == statNames && text.hasSuffix("\n"), "\(context): \(text.debugDescription)",
      sourceLocation: sourceLocation)
    var got: [String: Double] = [:]
    for row in rows where row.count == 2 { got[row[0]] = Double(row[1]) }

    let sorted = values.sorted()
    let n = sorted.count
    let sum = values.reduce(0, +)
    func check(_ name: String, _ ok: (Double) -> Bool, _ want: String) {
      guard let value = got[name] else {
        Issue.record(
          "\(context): no number for \(name) in \(text.debugDescription)",
          sourceLocation: sourceLocation)
        return
      }
      #expect(
        ok(value), "\(context): \(name) = \(value), want \(want)", sourceLocation: sourceLocation)
    }
    check("count", { $0 == Double(n) }, "\(n)")
    check("sum", { close($0, sum, relative: 1e-12) }, "\(sum)")
    check("min", { $0 == sorted[0] }, "\(sorted[0])")
    check("max", { $0 == sorted[n - 1] }, "\(sorted[n - 1])")
    check("mean", { close($0, sum / Double(n)) }, "\(sum / Double(n))")
    for percent in [50, 90, 99] {
      let rank = max(1, (percent * n + 99) / 100)  // ceil(p * n), 1-based
      let low = sorted[max(rank - 2, 0)]
      let high = sorted[min(rank, n - 1)]
      check(
        "p\(percent)", { $0 >= low - 0.01 * abs(low) && $0 <= high + 0.01 * abs(high) },
        "\(sorted[rank - 1]) (rank \(rank) of \(n)), within 1% of [\(low), \(high)]")
    }
  }

  @Test func statsOfNumberTable() throws {
    let table = NumberTable(seed: 47, rows: 5000)
    let dir = try TempDir(prefix: "sluice-equiv")
    let plain = try dir.write("numbers.txt", table.text)
    for path in [plain, try dir.write("numbers.txt.gz", Reference.gzip(table.text))] {
      // The columns as mawk sees them (checks the generator and field 1 default).
      let column1 = try Self.reference("mawk '{print $1}'", input: plain)
      #expect(column1 == Array(table.a.map { "\($0)\n" }.joined().utf8))
      let a = table.a.map(Double.init)
      Self.expectStats(try Sluice.run(["stats", path]), of: a, Self.command([], "stats", [path]))
      Self.expectStats(
        try Sluice.run(["stats 1", path]), of: a, Self.command([], "stats 1", [path]))
      Self.expectStats(
        try Sluice.run(["stats 2", path]), of: table.b.map(Double.init),
        Self.command([], "stats 2", [path]))
      Self.expectStats(
        try Sluice.run(["stats 3", path]), of: table.c.map { Double($0)! },
        Self.command([], "stats 3", [path]))
    }
  }

  @Test func statsOfAccessLogSizes() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = try EquivalenceCorpus.access.write(in: dir)
    let sizes = try Self.reference(#"grep -a -F '" 200 ' | mawk '{print $10}'"#, input: paths[0])
    let values = String(decoding: sizes, as: UTF8.self).split(separator: "\n").map { Double($0) }
    try #require(!values.isEmpty && !values.contains(nil))
    for path in paths {
      let program = #"grep -F '" 200 ' | stats 10"#
      Self.expectStats(
        try Sluice.run([program, path]), of: values.map { $0! }, Self.command([], program, [path]))
    }
  }

  /// 100,000 values spread log-uniformly over 1 ... 10^9 (with repeats), then
  /// negative decimals: percentiles of a long tail.
  @Test func statsPercentilesOfLongTail() throws {
    var rng = SeededRandom(seed: 53)
    var positive: [Double] = []
    var mixed: [Double] = []
    for _ in 0..<100_000 {
      positive.append(Double(Int(pow(10, Double.random(in: 0..<9, using: &rng)))))
      mixed.append(Double(Int.random(in: -200_000...50_000, using: &rng)) / 4)
    }
    let dir = try TempDir(prefix: "sluice-equiv")
    let text = Array(zip(positive, mixed).map { "\(Int($0)) \($1)\n" }.joined().utf8)
    let path = try dir.write("tail.txt", text)
    Self.expectStats(
      try Sluice.run(["stats 1", path]), of: positive, Self.command([], "stats 1", [path]))
    Self.expectStats(
      try Sluice.run(["stats 2", path]), of: mixed, Self.command([], "stats 2", [path]))
  }

  // MARK: - sample

  static let numberedLines: [UInt8] = Array((1...100_000).map { "\($0)\n" }.joined().utf8)

  /// The numbers of the output lines; nil unless they are increasing line
  /// numbers of `numberedLines` (so each is an input line, in input order).
  static func sampledNumbers(_ output: [UInt8]) -> [Int]? {
    let numbers = String(decoding: output, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).dropLast().map { Int($0) }
    guard output.isEmpty || output.last == 0x0A, !numbers.contains(nil) else { return nil }
    let values = numbers.map { $0! }
    guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }),
      values.allSatisfy({ (1...100_000).contains($0) })
    else { return nil }
    return values
  }

  @Test(arguments: [0.01, 0.1, 0.5, 0.9])
  func sampleFraction(probability: Double) throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let plain = try dir.write("numbered.txt", Self.numberedLines)
    let gz = try dir.write("numbered.txt.gz", Reference.gzip(Self.numberedLines))
    let program = "sample \(probability) --seed 42"
    let first = try Sluice.run([program, plain])
    let context = Self.command([], program, [plain])
    #expect(first.status == 0 && first.stderr.isEmpty, "\(context): \(first)")
    let kept = Self.sampledNumbers(first.stdout)
    #expect(kept != nil, "\(context): output is not a subsequence of the input")
    let n = 100_000.0
    let sigma = (n * probability * (1 - probability)).squareRoot()
    let count = Double(kept?.count ?? 0)
    #expect(
      abs(count - n * probability) <= 5 * sigma,
      "\(context): kept \(Int(count)) of 100000, expected \(n * probability) ± \(5 * sigma)")
    // The same seed: the same records, whatever the run and the encoding.
    expectSuccess(try Sluice.run([program, plain]), stdout: first.stdout, "\(context), again")
    expectSuccess(try Sluice.run([program, gz]), stdout: first.stdout, "\(context), .gz")
    expectSuccess(
      try Sluice.run(program, input: gz, mode: .stdinPipe), stdout: first.stdout,
      "\(context), stdin")
    // Another seed: another sample.
    let other = try Sluice.run(["sample \(probability) --seed 43", plain])
    #expect(
      other.status == 0 && other.stdout != first.stdout, "\(context): --seed 43 gave the same")
    // Without a seed: still the right fraction.
    let unseeded = try Sluice.run(["sample \(probability)", plain])
    let unseededCount = Double(Self.sampledNumbers(unseeded.stdout)?.count ?? -1)
    #expect(
      unseeded.status == 0 && abs(unseededCount - n * probability) <= 5 * sigma,
      "sample \(probability) without a seed: \(unseeded)")
  }

  @Test func sampleAll() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let plain = try dir.write("numbered.txt", Self.numberedLines)
    expectSuccess(
      try Sluice.run(["sample 1 --seed 9", plain]), stdout: Self.numberedLines, "sample 1 --seed 9")
    expectSuccess(
      try Sluice.run(["sample -n 200000 --seed 9", plain]), stdout: Self.numberedLines,
      "sample -n 200000 --seed 9 (more than there are)")
    expectSuccess(
      try Sluice.run(["sample -n 100000 --seed 9", plain]), stdout: Self.numberedLines,
      "sample -n 100000 --seed 9 (exactly as many)")
  }

  @Test(arguments: [1, 100, 1000, 99_999])
  func sampleExactly(size: Int) throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let plain = try dir.write("numbered.txt", Self.numberedLines)
    let gz = try dir.write("numbered.txt.gz", Reference.gzip(Self.numberedLines))
    let program = "sample -n \(size) --seed 7"
    let first = try Sluice.run([program, plain])
    let context = Self.command([], program, [plain])
    #expect(first.status == 0 && first.stderr.isEmpty, "\(context): \(first)")
    let kept = Self.sampledNumbers(first.stdout)
    #expect(
      kept?.count == size, "\(context): \(kept?.count ?? -1) increasing input lines, want \(size)")
    if let kept, size >= 100 {
      // Uniform over the input: the mean line number is 50000.5 ± 5 sigma
      // (sigma of a mean of `size` draws without replacement, rounded up).
      let mean = Double(kept.reduce(0, +)) / Double(size)
      let sigma = 100_000 / (12 * Double(size)).squareRoot()
      #expect(abs(mean - 50_000.5) <= 5 * sigma, "\(context): mean line \(mean)")
    }
    expectSuccess(try Sluice.run([program, plain]), stdout: first.stdout, "\(context), again")
    expectSuccess(try Sluice.run([program, gz]), stdout: first.stdout, "\(context), .gz")
  }

  /// On the access log (odd lines, duplicates, no final LF): every sampled
  /// record is an input line, in input order.
  @Test func sampleOfAccessLog() throws {
    let dir = try TempDir(prefix: "sluice-equiv")
    let paths = try EquivalenceCorpus.access.write(in: dir)
    let lines = Self.accessLog.split(separator: 0x0A, omittingEmptySubsequences: false).map(
      Array.init)
    for program in [
      "sample -n 500 --seed 11", "sample 0.25 --seed 11", "grep -F GET | sample 0.5 --seed 2",
    ] {
      var outputs: [[UInt8]] = []
      for path in paths {
        let result = try Sluice.run([program, path])
        let context = Self.command([], program, [path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(context): \(result)")
        outputs.append(result.stdout)
        var sampled = result.stdout.split(separator: 0x0A, omittingEmptySubsequences: false).map(
          Array.init)
        #expect(sampled.last == [], "\(context): output does not end with LF")
        sampled.removeLast()
        var input = lines.makeIterator()
        let inOrder = sampled.allSatisfy { record in
          while let line = input.next() { if line == record { return true } }
          return false
        }
        #expect(inOrder, "\(context): output is not a subsequence of the input lines")
        if program.hasPrefix("sample -n") {
          #expect(sampled.count == 500, "\(context): \(sampled.count) records")
        }
      }
      expectBytes(outputs[1], equal: outputs[0], "\(program): .gz vs plain")
    }
  }

  // MARK: - The inputs, for a look or a rerun by hand

  @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_EQUIV_DUMP"] != nil))
  func dumpCorpora() throws {
    let target = ProcessInfo.processInfo.environment["SLUICE_EQUIV_DUMP"]!
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    for corpus in EquivalenceCorpus.allCases {
      let path = "\(target)/\(corpus.fileName)"
      try Data(corpus.bytes).write(to: URL(fileURLWithPath: path))
      try Data(Reference.gzip(corpus.bytes)).write(to: URL(fileURLWithPath: path + ".gz"))
    }
    try Data(NumberTable(seed: 41, rows: 3000).text).write(
      to: URL(fileURLWithPath: "\(target)/numbers-41.txt"))
    try Data(NumberTable(seed: 47, rows: 5000).text).write(
      to: URL(fileURLWithPath: "\(target)/numbers-47.txt"))
    try Data(Self.numbersWithErrors().text).write(to: URL(fileURLWithPath: "\(target)/bad.txt"))
    try Data(Self.numberedLines).write(to: URL(fileURLWithPath: "\(target)/numbered.txt"))
    print("equivalence corpora written to \(target)")
  }
}
