import Foundation
import Sluice
import Testing

// `-j N`: several files read at once must give exactly what one thread gives:
// the same bytes on stdout, the same messages on stderr in the same order, the
// same exit status. Every case runs the binary with -j 1, -j 2 and -j 4 over
// the same files (plain and gzip, odd lines, no final LF, an empty file) and
// compares the three runs; -j 1's output is also checked for substance, so
// that three equally empty answers cannot pass.

/// A set of input files, as bytes, written into a fresh directory per test.
private struct FileSet: Sendable {
  var files: [(name: String, bytes: [UInt8])]

  /// Writes the files into `dir` and returns their paths, in order.
  func write(in dir: TempDir) throws -> [String] {
    try files.map { try dir.write($0.name, $0.bytes) }
  }
}

/// One member per `part`, concatenated (a multi-member gzip file).
private func gzipMembers(_ parts: [[UInt8]]) throws -> [UInt8] {
  try parts.reduce(into: []) { $0 += try Reference.gzip($1) }
}

private let accessFiles: FileSet = {
  let a = LogGenerator.accessLog(seed: 501, lines: 3000)
  let b = LogGenerator.accessLog(seed: 502, lines: 4000, finalNewline: true)
  let c = LogGenerator.accessLog(seed: 503, lines: 2500)
  let d = LogGenerator.accessLog(seed: 504, lines: 60)
  let e = LogGenerator.accessLog(seed: 505, lines: 3500)
  let half = c.count / 2
  return FileSet(files: [
    ("a.log.gz", try! Reference.gzip(a)),
    ("b.log", b),
    ("c.log.gz", try! gzipMembers([Array(c[..<half]), Array(c[half...])])),
    ("d.log", d),
    ("empty.log", []),
    ("e.log.gz", try! Reference.gzip(e, level: 1)),
  ])
}()

/// What one run left behind, comparable between runs.
private struct Outcome: Equatable, CustomStringConvertible {
  var status: Int32
  var stdout: [UInt8]
  var stderr: String

  init(_ result: RunResult) {
    status = result.signaled ? -result.status : result.status
    stdout = result.stdout
    stderr = result.stderr
  }

  var description: String {
    "exit \(status), \(stdout.count) bytes on stdout, stderr: \(stderr.debugDescription)"
  }
}

/// Runs `sluice options -j N program files` for N = 1, 2 and 4, expects the
/// same outcome from each, and returns -j 1's.
@discardableResult
private func expectSameForAllJobs(
  _ program: String, options: [String] = [], files: [String], stdin: StandardInput = .null,
  sourceLocation: SourceLocation = #_sourceLocation
) throws -> Outcome {
  let one = try run(program, options: options + ["-j", "1"], files: files, stdin: stdin)
  for jobs in ["2", "4"] {
    let many = try run(program, options: options + ["--jobs", jobs], files: files, stdin: stdin)
    if many.stdout != one.stdout {
      expectBytes(
        many.stdout, equal: one.stdout, "\(program) -j \(jobs) vs -j 1 stdout",
        sourceLocation: sourceLocation)
    }
    #expect(
      many.stderr == one.stderr, "\(program): -j \(jobs) vs -j 1 stderr",
      sourceLocation: sourceLocation)
    #expect(
      many.status == one.status, "\(program): -j \(jobs) \(many) vs -j 1 \(one)",
      sourceLocation: sourceLocation)
  }
  return one
}

private func run(
  _ program: String, options: [String], files: [String], stdin: StandardInput = .null
) throws -> Outcome {
  let result = try Sluice.run(options + [program] + files, stdin: stdin, timeout: .seconds(300))
  #expect(!result.timedOut, "sluice \(options) \(program) timed out")
  return Outcome(result)
}

@Suite("Jobs: -j N gives the output of -j 1")
struct JobsTests {
  /// Programs over the access logs, with the options before them.
  static let programs: [(options: [String], program: String)] = [
    ([], "cat"),
    ([], "count"),
    ([], "lines | count"),
    ([], "lines | cat"),
    ([], #"grep -F " 500 ""#),
    ([], #"grep -F " 500 " | count"#),
    ([], #"grep -F " 500 " | fields 7"#),
    ([], "grep -v GET"),
    ([], #"grep "POST /[a-z]+/" | fields 1,9"#),
    ([], "grep -i -F mozilla | fields -1 | count-by | head 4"),
    ([], "fields 7"),
    ([], "fields 9 | count-by"),
    ([], "count-by 1"),
    ([], "distinct 1"),
    ([], "fields 7 | distinct | head 20"),
    ([], "fields 1 | distinct | count"),
    (["--on-error", "skip"], "sum 10"),
    (["--on-error", "skip"], "grep -F GET | stats 10"),
    (["--on-error", "skip"], "sum 9,10 | cat"),
    ([], "fields 9 | uniq -c"),
    ([], "uniq"),
    ([], "head 10"),
    ([], "grep -F GET | head 25"),
    ([], "tail 7"),
    ([], "fields 1 | tail 3"),
    ([], "skip 9000 | count"),
    ([], #"grep -F " 404 " | skip 100"#),
    ([], "fields 1 | sample 0.05 --seed 3"),
    ([], "grep -F GET | sample -n 10 --seed 9"),
    ([], "records -p | count"),
    ([], "records -p | cat"),
    ([], "records -p | grep -F 500 | head 3"),
    ([], "records -s '\"' | fields 1 | count-by | head 5"),
    ([], "records -s ' ' | count"),
    ([], #"records --start "^1" | grep -F POST | count"#),
    ([], "chunks 1000 | count"),
    ([], "chunks 64K --lines | cat"),
    ([], "lines --strip-cr | fields 1 | distinct"),
    (["--max-record", "2K", "--on-error", "skip"], "fields 7 | count"),
    (["--max-record", "2K"], "fields 1"),
  ]

  @Test(arguments: programs.indices)
  func sameOutput(index: Int) throws {
    let (options, program) = Self.programs[index]
    let dir = try TempDir(prefix: "sluice-jobs")
    let files = try accessFiles.write(in: dir)
    let one = try expectSameForAllJobs(program, options: options, files: files)
    #expect(!one.stdout.isEmpty, "\(program): -j 1 wrote nothing: \(one)")
  }

  /// The whole output of the simplest programs, against what it must be.
  @Test func catAndCountAreRight() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let files = try accessFiles.write(in: dir)
    let decoded = try accessFiles.files.map { try Reference.gunzip($0.bytes).stdout }
    let cat = try run("cat", options: ["-j", "3"], files: files)
    expectBytes(cat.stdout, equal: decoded.reduce([], +), "cat -j 3")
    let count = try run("count", options: ["-j", "3"], files: files)
    #expect(count.stdout == countOutput(decoded.map(expectedLineCount).reduce(0, +)))
    let lines = try run("lines | cat", options: ["-j", "3"], files: files)
    expectBytes(lines.stdout, equal: decoded.map(withFinalNewline).reduce([], +), "lines | cat")
  }

  /// One plain file of 20 MB, more than two of the 8 MiB pieces a run with
  /// threads to spare cuts it into: the same as -j 1, with a record too long
  /// for `--max-record 1K` (record 110,001) in the last piece named by its
  /// number in the file.
  @Test func oneBigPlainFileInPieces() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    var bytes = LogGenerator.accessLog(
      seed: 509, lines: 110_000, oddLines: false, finalNewline: true)
    #expect(bytes.count > 2 * (8 << 20) + (2 << 20), "big enough for pieces: \(bytes.count)")
    bytes += Array((String(repeating: "y", count: 2000) + "\n").utf8)
    bytes += LogGenerator.accessLog(seed: 510, lines: 1000)
    let big = try dir.write("big.log", bytes)
    for program in [
      "cat", "count", #"grep -F " 500 " | count"#, "fields 9 | count-by", "fields 1 | head 3",
      #"grep -F " 404 " | fields 7 | distinct"#,
    ] {
      let one = try expectSameForAllJobs(program, files: [big])
      #expect(one.status == 0 && !one.stdout.isEmpty, "\(program): \(one)")
    }
    let one = try expectSameForAllJobs("fields 1", options: ["--max-record", "1K"], files: [big])
    #expect(
      one.status == 65
        && one.stderr
          == "sluice: \(big): record 110001 is longer than the maximum record size of 1024 bytes (see --max-record)\n",
      "\(one)")
  }

  // MARK: Problems with inputs

  /// A missing file, a truncated gzip file and one with trailing garbage
  /// among good ones: reported where -j 1 reports them, the rest still read.
  @Test(arguments: [
    "cat", "count", #"grep -F " 500 " | fields 7"#, "fields 9 | count-by", "tail 3",
    "fields 1 | head 5", "distinct 9", "records -p | cat",
  ])
  func badInputsInTheMiddle(program: String) throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let good = try accessFiles.write(in: dir)
    let full = try Reference.gzip(LogGenerator.accessLog(seed: 506, lines: 3000))
    let truncated = try dir.write("truncated.gz", Array(full.prefix(full.count * 2 / 3)))
    let garbage = try dir.write(
      "garbage.gz",
      try Reference.gzip(LogGenerator.accessLog(seed: 507, lines: 500)) + Array("junk".utf8))
    let files = [good[0], dir.file("missing.log"), truncated, good[1], garbage, good[2]]
    let one = try expectSameForAllJobs(program, files: files)
    if program == "fields 1 | head 5" {
      // Done within the first file: the others are never reported.
      #expect(one.status == 0 && one.stderr.isEmpty, "\(program): \(one)")
    } else {
      #expect(one.status == 66, "\(program): \(one)")
      let lines = one.stderr.split(separator: "\n").map(String.init)
      #expect(lines.count == 3, "\(program): \(one)")
      #expect(lines.first?.hasPrefix("sluice: \(dir.file("missing.log")): cannot open") == true)
      #expect(lines.dropFirst().first?.contains("truncated.gz: unexpected end of file") == true)
      #expect(lines.last?.contains("garbage.gz: decompression OK, trailing garbage") == true)
    }
  }

  /// A record `grep` cannot decide (catastrophic backtracking) in the second
  /// of three files: with --on-error fail, the matches before it are written
  /// and the run ends there; with skip, it is counted and the third file read.
  @Test func badRecordInTheMiddle() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    var rng = SeededRandom(seed: 508)
    func lines(_ prefix: String) -> [UInt8] {
      var text = TestData.text(lines: 4000, using: &rng)
      text += Array("\(prefix) last a\n".utf8)
      return text
    }
    let first = try dir.write("first.log", lines("first"))
    var middle = lines("middle")
    middle += Array((String(repeating: "a", count: 40) + "!\n").utf8) + lines("after")
    let second = try dir.write("second.log.gz", try Reference.gzip(middle))
    let third = try dir.write("third.log", lines("third"))
    let program = #"grep "(a+)+$""#
    let failed = try expectSameForAllJobs(program, files: [first, second, third])
    #expect(failed.status == 65, "\(failed)")
    #expect(
      failed.stderr
        == "sluice: \(second): record 4002: grep: regular expression limit exceeded: the regular expression backtracked more than 10000000 steps (PCRE2 match limit) (--on-error skip leaves such records out)\n"
    )
    let text = String(decoding: failed.stdout, as: UTF8.self)
    #expect(text.hasSuffix("middle last a\n"), "the matches before the bad record are written")
    #expect(!text.contains("after") && !text.contains("third"))

    let skipped = try expectSameForAllJobs(
      program, options: ["--on-error", "skip"], files: [first, second, third])
    #expect(skipped.status == 0, "\(skipped)")
    #expect(String(decoding: skipped.stdout, as: UTF8.self).hasSuffix("third last a\n"))
    #expect(
      skipped.stderr.hasPrefix(
        "sluice: skipped 1 record: regular expression limit exceeded (first: \(second) record 4002: grep:"
      ), "\(skipped)")
  }

  /// Records skipped before `head` has what it needs are reported, the ones
  /// after it are not, as with one thread.
  @Test func skippedBeforeAnEarlyStop() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    var lines = (1...40).map { "line \($0)" }
    lines[2] = String(repeating: "x", count: 3000)
    lines[30] = lines[2]
    let text = Array((lines.joined(separator: "\n") + "\n").utf8)
    let first = try dir.write("first.log", text)
    let second = try dir.write("second.log.gz", try Reference.gzip(text))
    let options = ["--on-error", "skip", "--max-record", "1K"]
    let early = try expectSameForAllJobs(
      "fields 1 | head 5", options: options, files: [first, second, first])
    #expect(
      early.stderr == "sluice: skipped 1 record: record too large (first: \(first) record 3)\n")
    // 38 records of the first file, 7 of the second: its record 31 is not reached.
    let later = try expectSameForAllJobs(
      "fields 1 | head 45", options: options, files: [first, second, first])
    #expect(
      later.stderr == "sluice: skipped 3 records: record too large (first: \(first) record 3)\n")
    let all = try expectSameForAllJobs("fields 1", options: options, files: [first, second, first])
    #expect(
      all.stderr == "sluice: skipped 6 records: record too large (first: \(first) record 3)\n")
  }

  /// Numbers with bad fields in several files: the first bad one fails the
  /// run; skipping counts all of them and names the first in file order.
  @Test func badNumbers() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    var files: [String] = []
    for index in 0..<5 {
      var text = ""
      for line in 0..<3000 {
        let bad = index >= 2 && line % 700 == 699
        text += bad ? "n/a\n" : "\(line % 97).\(index * 7 + line % 10) \(line)\n"
      }
      let bytes = Array(text.utf8)
      files.append(
        try dir.write(
          "numbers\(index)\(index % 2 == 0 ? ".gz" : "")",
          index % 2 == 0 ? try Reference.gzip(bytes) : bytes))
    }
    let failed = try expectSameForAllJobs("sum 1,2", files: files)
    #expect(failed.status == 65 && failed.stdout.isEmpty, "\(failed)")
    #expect(failed.stderr.hasPrefix("sluice: \(files[2]): record 700: sum: not a number"))
    for program in ["sum 1,2", "stats 1", "grep -v zzz | stats -1"] {
      let skipped = try expectSameForAllJobs(
        program, options: ["--on-error", "skip"], files: files)
      #expect(skipped.status == 0 && !skipped.stdout.isEmpty, "\(program): \(skipped)")
      #expect(
        skipped.stderr.hasPrefix(
          "sluice: skipped 12 records: not a number (first: \(files[2]) record 700:"),
        "\(program): \(skipped)")
    }
    // Decimal sums: the same digits whatever -j.
    try expectSameForAllJobs("grep -v n/a | sum 1", files: files)
    try expectSameForAllJobs("grep -v n/a | stats 1", files: files)
  }

  /// Standard input among the files, once and twice (twice is read on one
  /// thread, as the second `-` finds it at its end).
  @Test func standardInputAmongFiles() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let files = try accessFiles.write(in: dir)
    let stdin = StandardInput.file(files[0])
    for program in ["cat", "fields 9 | count-by", "grep -F GET | fields 1"] {
      let once = try expectSameForAllJobs(program, files: [files[1], "-", files[3]], stdin: stdin)
      #expect(once.status == 0 && !once.stdout.isEmpty, "\(program): \(once)")
      try expectSameForAllJobs(program, files: [files[1], "-", files[3], "-"], stdin: stdin)
    }
  }

  // MARK: Stopping early

  /// Four gzip files of about 12 MiB each, decoded.
  private static func bigFiles(in dir: TempDir) throws -> [String] {
    var rng = SeededRandom(seed: 509)
    var chunk = TestData.text(lines: 1, using: &rng)
    while chunk.count < 1 << 20 { chunk += TestData.text(lines: 2000, using: &rng) }
    let member = try Reference.gzip(chunk, level: 1)
    return try (0..<4).map { index in
      try dir.write("big\(index).gz", Array(repeating: member, count: 12).flatMap { $0 })
    }
  }

  /// The reader of the output goes away after one byte: sluice ends quietly,
  /// at once, while workers are writing or waiting for their turn (tests run
  /// with SIGPIPE ignored, so sluice sees EPIPE).
  @Test(arguments: ["cat", "lines | cat", "grep -F e | fields 1", "fields 2 | uniq"])
  func readerGoesAway(program: String) throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let big = try Self.bigFiles(in: dir)
    let errors = dir.file("stderr")
    let script =
      #"trap '' PIPE; "$SLUICE" -j 4 "$1" "${@:3}" 2> "$2" | head -c 1 > /dev/null; printf %s "${PIPESTATUS[0]}""#
    let result = try Sluice.runShell(
      script, arguments: [program, errors] + big, timeout: .seconds(120))
    #expect(!result.timedOut, "sluice -j 4 \(program) | head -c 1 hung")
    #expect(String(decoding: result.stdout, as: UTF8.self) == "0", "exit status \(result)")
    let stderr = String(decoding: try readBytes(errors), as: UTF8.self)
    #expect(stderr.isEmpty, "sluice wrote to stderr: \(stderr.debugDescription)")
  }

  /// `head` after stages the workers run: the main thread stops after a few
  /// records of the first file while the other workers wait for their turn
  /// with full buffers; the output is -j 1's.
  @Test(arguments: ["fields 1 | head 5", "grep -F 9 | head 3000", "fields 2 | uniq -c | head 2"])
  func headStopsTheWorkers(program: String) throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let big = try Self.bigFiles(in: dir)
    let one = try expectSameForAllJobs(program, files: big)
    #expect(one.status == 0 && !one.stdout.isEmpty && one.stderr.isEmpty, "\(one)")
  }

  // MARK: The option

  @Test(arguments: [["-j", "0"], ["--jobs", "-2"], ["-j", "many"], ["--jobs"]])
  func badJobCounts(arguments: [String]) throws {
    let result = try Sluice.run(arguments + ["count", "/dev/null"])
    #expect(result.status == 64 && result.stdout.isEmpty, "\(arguments): \(result)")
    #expect(!result.stderr.isEmpty)
  }

  @Test func oneJobAndOneFile() throws {
    let dir = try TempDir(prefix: "sluice-jobs")
    let files = try accessFiles.write(in: dir)
    for program in ["cat", "count", "fields 9 | count-by"] {
      try expectSameForAllJobs(program, files: [files[0]])
      try expectSameForAllJobs(program, files: [files[1]])
    }
  }
}
