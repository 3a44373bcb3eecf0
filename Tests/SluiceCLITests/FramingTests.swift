import Foundation
import Sluice
import Testing

// Framing stages (`lines`, `records -s SEP`, `records -p`), how the program
// is split into stages and words, and `--max-record`.

/// A program run on one input with its expected output.
struct ProgramCase: Sendable, CustomTestStringConvertible {
  let program: String
  let input: [UInt8]
  let output: [UInt8]

  init(_ program: String, _ input: String, count: Int) {
    self.program = program
    self.input = Array(input.utf8)
    self.output = countOutput(count)
  }

  init(_ program: String, _ input: [UInt8], output: [UInt8]) {
    self.program = program
    self.input = input
    self.output = output
  }

  var testDescription: String {
    "\(program) on \(String(decoding: input.prefix(40), as: UTF8.self).debugDescription)"
  }
}

@Suite("framing stages")
struct FramingTests {
  static let separatorCases: [ProgramCase] = [
    ProgramCase(#"records -s '\0' | count"#, "a\0b\0c", count: 3),
    ProgramCase(#"records -s '\0' | count"#, "a\0b\0", count: 2),
    ProgramCase(#"records -s '\0' | count"#, "", count: 0),
    ProgramCase(#"records -s '\0' | count"#, "\0", count: 1),
    ProgramCase(#"records -s '\0' | count"#, "\0\0", count: 2),
    ProgramCase(#"records -s '\0' | count"#, "a\nb\0c\n", count: 2),
    ProgramCase(#"records -s '\x00' | count"#, "a\0b\0c", count: 3),
    ProgramCase("records -s , | count", "a,b,c\n", count: 3),
    ProgramCase("records -s ',' | count", "a,b,c,", count: 3),
    ProgramCase(#"records -s '\t' | count"#, "a\tb\tc", count: 3),
    ProgramCase(#"records -s '\x1e' | count"#, "a\u{1e}b", count: 2),
    ProgramCase(#"records -s '\x1E' | count"#, "a\u{1e}b\u{1e}", count: 2),
    ProgramCase(#"records -s '\n' | count"#, "one\ntwo\nthree", count: 3),
    ProgramCase(#"records -s '\n' | count"#, "one\ntwo\n", count: 2),
    ProgramCase("records -s x | count", "axbxc", count: 3),
    ProgramCase("records -s ' ' | count", "a b c", count: 3),
    ProgramCase("records -s '|' | count", "a|b|c", count: 3),
    ProgramCase(#"records -s "|" | count"#, "a|b|c|", count: 3),
    ProgramCase(#"records -s \| | count"#, "a|b", count: 2),
    ProgramCase(#"records -s "'" | count"#, "a'b'c", count: 3),
    ProgramCase("records -s , | cat", Array("a,b".utf8), output: Array("a,b,".utf8)),
    ProgramCase("records -s , | cat", Array("a,b,".utf8), output: Array("a,b,".utf8)),
    ProgramCase(
      #"records -s '\0' | cat"#, [0x61, 0x00, 0x0A, 0x62], output: [0x61, 0x00, 0x0A, 0x62, 0x00]),
    ProgramCase(
      #"records -s '\xff' | cat"#, [0x61, 0xFF, 0x62], output: [0x61, 0xFF, 0x62, 0xFF]),
    ProgramCase(#"records -s '\n' | cat"#, Array("a\nb".utf8), output: Array("a\nb\n".utf8)),
    ProgramCase("lines | cat", Array("a\r\nb".utf8), output: Array("a\r\nb\n".utf8)),
    ProgramCase("lines|count", "a\nb\nc", count: 3),
    ProgramCase("  lines   |   count  ", "a\nb\n", count: 2),
    ProgramCase("lines | count", "", count: 0),
  ]

  static let paragraphCases: [ProgramCase] = [
    ProgramCase("records -p | count", "a\nb\n\nc\n", count: 2),
    ProgramCase("records -p | count", "\n\na\n\n\n\nb\n\n", count: 2),
    ProgramCase("records -p | count", "", count: 0),
    ProgramCase("records -p | count", "\n", count: 0),
    ProgramCase("records -p | count", "\n\n\n", count: 0),
    ProgramCase("records -p | count", "a", count: 1),
    ProgramCase("records -p | count", "a\n", count: 1),
    ProgramCase("records -p | count", "a\n\nb", count: 2),
    ProgramCase("records -p | count", "a\nb\nc\n", count: 1),
    ProgramCase("records -p | count", "a\n\n\n\n\nb\n\n\nc", count: 3),
  ]

  @Test(arguments: separatorCases + paragraphCases, [Encoding.plain, .gzip])
  func program(_ testCase: ProgramCase, encoding: Encoding) throws {
    let dir = try TempDir()
    let path = try dir.write("input", try encoding.encode(testCase.input))
    for mode in InputMode.allCases {
      expectSuccess(
        try Sluice.run(testCase.program, input: path, mode: mode), stdout: testCase.output,
        "\(mode)")
    }
  }

  @Test func recordsAcrossFiles() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Array("x\0y".utf8))
    let b = try dir.write("b.gz", try Reference.gzip(Array("z\0".utf8)))
    let c = try dir.write("c", Array("\0".utf8))
    expectSuccess(try Sluice.run([#"records -s '\0' | count"#, a, b, c]), stdout: countOutput(4))
    expectSuccess(
      try Sluice.run([#"records -s '\0' | cat"#, a, b]), stdout: Array("x\0y\0z\0".utf8))
    let p1 = try dir.write("p1", Array("para one\n\n\npara two".utf8))
    let p2 = try dir.write("p2", Array("\npara three\n".utf8))
    expectSuccess(try Sluice.run(["records -p | count", p1, p2]), stdout: countOutput(3))
  }

  // MARK: --max-record

  /// Seven lines, the seventh `longLength` bytes long.
  private func seventhLineLong(_ longLength: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    for index in 1...6 { bytes += Array("line \(index)\n".utf8) }
    return bytes + [UInt8](repeating: 0x61, count: longLength) + [0x0A] + Array("after\n".utf8)
  }

  /// The error line names the input and record 7.
  private func expectRecordTooLarge(
    _ result: RunResult, input: String, record: Int, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    expectFailure(result, status: 65, naming: input, context, sourceLocation: sourceLocation)
    guard let line = result.stderrLines.first else { return }
    let withoutName = line.replacingOccurrences(of: input, with: "")
    let numbers = withoutName.split(whereSeparator: { !$0.isNumber }).map(String.init)
    #expect(
      numbers.contains("\(record)"), "\(context): no record number \(record) in \(line)",
      sourceLocation: sourceLocation)
  }

  @Test(
    arguments: ["lines | count", "lines | cat", #"records -s '\n' | count"#], InputMode.allCases)
  func maxRecordExceeded(program: String, mode: InputMode) throws {
    let dir = try TempDir()
    let path = try dir.write("long.txt", seventhLineLong(1100))
    let result = try Sluice.run(program, options: ["--max-record", "1K"], input: path, mode: mode)
    expectRecordTooLarge(
      result, input: mode.displayName(for: path), record: 7, "\(program), \(mode)")
  }

  @Test func maxRecordExceededInGzipAndParagraphs() throws {
    let dir = try TempDir()
    let gz = try dir.write("long.gz", try Reference.gzip(seventhLineLong(5000)))
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "1K", "lines | count", gz]), input: gz, record: 7, "gz")
    let paragraphs =
      Array("p1\n\np2\n\n".utf8) + [UInt8](repeating: 0x62, count: 3000) + Array("\n\np4\n".utf8)
    let para = try dir.write("para", paragraphs)
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "1K", "records -p | count", para]), input: para, record: 3,
      "paragraphs")
    let commas = try dir.write(
      "commas", Array("a,b,".utf8) + [UInt8](repeating: 0x63, count: 2000) + Array(",d".utf8))
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "1K", "records -s , | count", commas]), input: commas,
      record: 3, "commas")
  }

  @Test func maxRecordNotExceeded() throws {
    let dir = try TempDir()
    let bytes = seventhLineLong(1000)
    let path = try dir.write("ok.txt", bytes)
    expectSuccess(
      try Sluice.run(["--max-record", "1K", "lines | count", path]), stdout: countOutput(8))
    expectSuccess(try Sluice.run(["--max-record", "1K", "lines | cat", path]), stdout: bytes)
  }

  /// Assumes K = 1024 and that the limit is on the record without its
  /// terminator: 1024 bytes pass, 1025 do not.
  @Test func maxRecordBoundary() throws {
    let dir = try TempDir()
    let exact = try dir.write("exact", seventhLineLong(1024))
    expectSuccess(
      try Sluice.run(["--max-record", "1K", "lines | count", exact]), stdout: countOutput(8), "1024"
    )
    let over = try dir.write("over", seventhLineLong(1025))
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "1K", "lines | count", over]), input: over, record: 7, "1025")
    let unterminated = try dir.write("unterminated", [UInt8](repeating: 0x61, count: 1025))
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "1K", "lines | count", unterminated]), input: unterminated,
      record: 1,
      "unterminated 1025")
    let plainNumber = try dir.write("plain-number", seventhLineLong(101))
    expectRecordTooLarge(
      try Sluice.run(["--max-record", "100", "lines | count", plainNumber]), input: plainNumber,
      record: 7, "100")
  }

  static let tenMebibyteLine: [UInt8] = {
    var rng = SeededRandom(seed: 10)
    return TestData.lineContent(10 * 1024 * 1024, using: &rng)
  }()

  /// Plain `cat` and `count` never hold a whole line, so the limit does not
  /// apply to them.
  @Test(arguments: [Encoding.plain, .gzip], InputMode.allCases)
  func catAndCountIgnoreMaxRecord(encoding: Encoding, mode: InputMode) throws {
    let dir = try TempDir()
    let line = Self.tenMebibyteLine
    let path = try dir.write("one-line", try encoding.encode(line + [0x0A]))
    let options = ["--max-record", "1K"]
    expectSuccess(
      try Sluice.run("cat", options: options, input: path, mode: mode), stdout: line + [0x0A], "cat"
    )
    expectSuccess(
      try Sluice.run("count", options: options, input: path, mode: mode), stdout: countOutput(1),
      "count")
  }

  /// The default limit is 64M: a 2 MiB line passes, a 64 MiB + 1 line does not.
  @Test func defaultMaxRecord() throws {
    let dir = try TempDir()
    let small = try dir.write(
      "small.gz", try Reference.gzip([UInt8](repeating: 0x61, count: 2 << 20) + [0x0A], level: 1))
    expectSuccess(try Sluice.run(["lines | count", small]), stdout: countOutput(1))
    let huge = try dir.write(
      "huge.gz",
      try Reference.gzip(
        Array("x\n".utf8) + [UInt8](repeating: 0x61, count: (64 << 20) + 1), level: 1))
    expectRecordTooLarge(
      try Sluice.run(["lines | count", huge]), input: huge, record: 2, "64M + 1")
    expectSuccess(try Sluice.run(["count", huge]), stdout: countOutput(2))
  }

  @Test func maxRecordPerFileAndOthersStillProcessed() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Array("one\ntwo\n".utf8))
    let bad = try dir.write(
      "bad", Array("x\ny\n".utf8) + [UInt8](repeating: 0x7A, count: 2000) + [0x0A])
    let c = try dir.write("c", Array("three\n".utf8))
    let result = try Sluice.run(["--max-record", "1K", "lines | cat", a, bad, c])
    expectRecordTooLarge(result, input: bad, record: 3, "three files")
    expectBytes(result.stdout, startWith: Array("one\ntwo\n".utf8), "output of the first file")
    #expect(
      result.stdout.suffix(6).elementsEqual(Array("three\n".utf8)),
      "output of the last file: \(result)")
  }
}
