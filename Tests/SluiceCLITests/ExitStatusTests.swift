import Foundation
import Sluice
import Testing

// Exit statuses (64 usage, 65 data, 66 cannot open, 74 I/O), the one-line
// messages, and several files where some are bad.

@Suite("exit statuses and messages")
struct ExitStatusTests {
  // MARK: Usage errors (64)

  /// Bad programs: sluice's own parser must say `sluice: ...`.
  static let badPrograms: [String] = [
    "frobnicate",
    "count extra",
    "cat extra",
    "records -s",
    "records -s ab",
    "records -s ''",
    #"records -s '\xZZ'"#,
    "records -x",
    "lines extra",
    "cat |",
    "| count",
    "cat || count",
    #"records -s "unterminated | count"#,
    "records -s 'unterminated | count",
  ]

  @Test(arguments: badPrograms)
  func badProgram(program: String) throws {
    let dir = try TempDir()
    let path = try dir.write("input", Array("a\nb\n".utf8))
    for arguments in [[program, path], [program]] {
      let result = try Sluice.run(arguments, stdin: .file(path), timeout: .seconds(20))
      #expect(result.status == 64 && !result.signaled, "\(arguments): \(result)")
      #expect(result.stdout.isEmpty, "\(arguments): nothing but data on stdout: \(result)")
      #expect(result.stderrLines.first?.hasPrefix("sluice: ") == true, "\(arguments): \(result)")
    }
  }

  /// Bad command lines around the program.
  static let badCommandLines: [[String]] = [
    [],
    ["--no-such-option", "cat"],
    ["--max-record", "abc", "cat"],
    ["--max-record", "1X", "cat"],
    ["--max-record", "-5", "cat"],
    ["--max-record", "", "cat"],
    ["cat", "--max-record"],
  ]

  @Test(arguments: badCommandLines)
  func badCommandLine(arguments: [String]) throws {
    let result = try Sluice.run(arguments, timeout: .seconds(20))
    #expect(result.status == 64 && !result.signaled, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(!result.stderr.isEmpty, "\(result)")
  }

  /// A mistyped option is named as such, with a suggestion, even when the
  /// words after it would make a (wrong) program.
  @Test func misspeltOptionIsNamed() throws {
    let result = try Sluice.run(["--jbos", "2", "count", "/dev/null"], timeout: .seconds(20))
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("Unknown option '--jbos'"), "\(result)")
    #expect(result.stderr.contains("'--jobs'"), "\(result)")
  }

  // MARK: Inputs that cannot be opened (66)

  @Test(arguments: ["cat", "count", "lines | count"])
  func missingFile(program: String) throws {
    let dir = try TempDir()
    let missing = dir.file("no-such-file.gz")
    let result = try Sluice.run([program, missing])
    expectFailure(result, status: 66, naming: missing, program)
    if program == "cat" { #expect(result.stdout.isEmpty, "\(result)") }
  }

  @Test(arguments: ["cat", "count"])
  func directory(program: String) throws {
    let dir = try TempDir()
    let sub = try dir.makeDirectory("a-directory")
    expectFailure(try Sluice.run([program, sub]), status: 66, naming: sub, program)
  }

  // MARK: Several files

  private static let good1 = Array("first file\nline two\n".utf8)
  private static let good2 = Array("last file\n".utf8)
  private static let middle = Array("middle data\nstill middle\n".utf8)

  @Test func missingAndCorruptInTheMiddle() throws {
    let dir = try TempDir()
    let a = try dir.write("a.gz", try Reference.gzip(Self.good1))
    let missing = dir.file("missing.gz")
    var corrupt = Gzip.member(Self.middle)
    corrupt[corrupt.count - 8] ^= 0x01  // bad CRC: all data, then the error
    let bad = try dir.write("corrupt.gz", corrupt)
    let b = try dir.write("b.txt", Self.good2)
    let result = try Sluice.run(["cat", a, missing, bad, b])
    #expect(result.status == 66, "the worst problem wins: \(result)")
    expectBytes(result.stdout, equal: Self.good1 + Self.middle + Self.good2)
    let lines = result.stderrLines
    #expect(lines.count == 2, "one line per problem: \(result)")
    let missingLines = lines.filter { $0.contains(missing) }
    let corruptLines = lines.filter { $0.contains(bad) }
    #expect(missingLines.count == 1 && corruptLines.count == 1, "\(result)")
    for line in missingLines { expectErrorLine(line, naming: missing) }
    for line in corruptLines { expectErrorLine(line, naming: bad, byteOffsetAtMost: corrupt.count) }
  }

  @Test func truncatedInTheMiddle() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Self.good1)
    let member = try Reference.gzip(Self.middle)
    let truncated = try dir.write("truncated.gz", Array(member.dropLast(5)))
    let b = try dir.write("b.gz", try Reference.gzip(Self.good2))
    let result = try Sluice.run(["cat", a, truncated, b])
    expectFailure(result, status: 65, naming: truncated, byteOffsetAtMost: member.count - 5)
    expectBytes(result.stdout, equal: Self.good1 + Self.middle + Self.good2, "all decodable data")
  }

  @Test func corruptBeforeMissingStillGivesWorstStatus() throws {
    let dir = try TempDir()
    let bad = try dir.write("bad.gz", [0x1F, 0x8B, 0x08])
    let missing = dir.file("missing")
    let good = try dir.write("good", Self.good2)
    let result = try Sluice.run(["cat", bad, good, missing])
    #expect(result.status == 66, "\(result)")
    expectBytes(result.stdout, equal: Self.good2)
    #expect(result.stderrLines.count == 2, "\(result)")
  }

  @Test func trailingGarbageAmongFiles() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Self.good1)
    let garbage = try dir.write("garbage.gz", Gzip.member(Self.middle) + Array("junk!".utf8))
    let b = try dir.write("b", Self.good2)
    let result = try Sluice.run(["cat", a, garbage, b])
    #expect(result.status == 0, "a warning is not an error: \(result)")
    expectBytes(result.stdout, equal: Self.good1 + Self.middle + Self.good2)
    #expect(result.stderrLines.count == 1, "\(result)")
    if let line = result.stderrLines.first { expectErrorLine(line, naming: garbage) }
  }

  @Test func dataErrorAndWarning() throws {
    let dir = try TempDir()
    let garbage = try dir.write("garbage.gz", Gzip.member(Self.good1) + Array("junk!".utf8))
    let bad = try dir.write("bad.gz", Array(Gzip.member(Self.good2).dropLast(1)))
    let result = try Sluice.run(["cat", garbage, bad])
    #expect(result.status == 65, "\(result)")
    #expect(result.stderrLines.count == 2, "\(result)")
    expectBytes(result.stdout, equal: Self.good1 + Self.good2)
  }

  @Test func countOfTheOthersWhenOneIsMissing() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Array("1\n2\n3".utf8))
    let missing = dir.file("missing")
    let result = try Sluice.run(["count", a, missing])
    expectFailure(result, status: 66, naming: missing)
    expectBytes(result.stdout, equal: countOutput(3), "count of the file that could be read")
  }

  /// Each input is closed when done: 300 files under `ulimit -n 64`.
  @Test func manyFilesWithFewDescriptors() throws {
    let dir = try TempDir()
    var names: [String] = []
    var expected: [UInt8] = []
    for index in 0..<300 {
      let line = Array("file \(index)\n".utf8)
      expected += line
      names.append(try dir.write("f\(index)", index % 2 == 0 ? line : try Reference.gzip(line)))
    }
    let script = #"ulimit -n 64 && exec "$SLUICE" "$@""#
    expectSuccess(try Sluice.runShell(script, arguments: ["cat"] + names), stdout: expected, "cat")
    expectSuccess(
      try Sluice.runShell(script, arguments: ["count"] + names), stdout: countOutput(300), "count")
    let withMissing = try Sluice.runShell(
      script, arguments: ["count"] + names + [dir.file("missing")])
    #expect(withMissing.status == 66, "\(withMissing)")
  }

  // MARK: Write errors (74)

  @Test(arguments: ["cat", "count", "lines | cat", "lines | count"], [false, true])
  func writingToDevFull(program: String, large: Bool) throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: 74)
    let data = large ? TestData.text(lines: 40_000, using: &rng) : Array("x\ny\n".utf8)
    let path = try dir.write("input.gz", try Reference.gzip(data))
    let result = try Sluice.run([program, path], stdout: .path("/dev/full"), timeout: .seconds(30))
    expectFailure(result, status: 74, "\(program) > /dev/full")
  }
}
