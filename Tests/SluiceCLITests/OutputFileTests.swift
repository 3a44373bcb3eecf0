import Foundation
import Testing

/// The files in `dir` whose names start with a dot: where sluice's temporary
/// output files would be left behind.
private func leftovers(in dir: TempDir) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
}

private func contents(_ path: String) throws -> [UInt8] {
  Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

@Suite("-o FILE: plain or gzip output, complete or not there")
struct OutputFileTests {
  static let log = LogGenerator.accessLog(seed: 73, lines: 20_000, finalNewline: true)

  @Test(arguments: ["1", "2"])
  func gzipOutputDecodesToWhatStandardOutputGets(jobs: String) throws {
    let dir = try TempDir()
    let first = try dir.write("a.log", Self.log)
    let second = try dir.write("b.log.gz", try Reference.gzip(Self.log))
    let program = "grep -F GET | fields 1,7"
    let expected = try Sluice.run(["-j", jobs, program, first, second])
    let out = "\(dir.path)/out.gz"
    let result = try Sluice.run(["-j", jobs, "-o", out, program, first, second])
    expectSuccess(result, stdout: [])
    let decoded = try Reference.gunzip(try contents(out))
    #expect(decoded.status == 0, "gzip -dc: \(decoded)")
    expectBytes(decoded.stdout, equal: expected.stdout, "gzip -dc out.gz")
    #expect(expected.stdout.count > 100_000)
    #expect(try leftovers(in: dir).isEmpty)
  }

  @Test func plainOutputIsTheBytesOfStandardOutput() throws {
    let dir = try TempDir()
    let input = try dir.write("a.log", Self.log)
    let out = "\(dir.path)/out.txt"
    expectSuccess(try Sluice.run(["-o", out, "fields 9 | count-by", input]), stdout: [])
    let expected = try Sluice.run(["fields 9 | count-by", input])
    expectBytes(try contents(out), equal: expected.stdout, "out.txt")
  }

  @Test func levelsTradeSizeForSpeedAndDecodeAlike() throws {
    let dir = try TempDir()
    let input = try dir.write("a.log", Self.log)
    var sizes: [Int] = []
    for level in ["1", "9"] {
      let out = "\(dir.path)/out-\(level).gz"
      expectSuccess(try Sluice.run(["--level", level, "-o", out, "cat", input]), stdout: [])
      let bytes = try contents(out)
      expectBytes(try Reference.gunzip(bytes).stdout, equal: Self.log, "level \(level)")
      sizes.append(bytes.count)
    }
    #expect(sizes[1] < sizes[0], "level 9 \(sizes[1]) bytes, level 1 \(sizes[0])")
  }

  @Test func aDataErrorKeepsTheOutputUpToItInAValidFile() throws {
    let dir = try TempDir()
    var damaged = try Reference.gzip(Self.log)
    damaged.removeLast(damaged.count / 2)
    let input = try dir.write("cut.log.gz", damaged)
    let out = "\(dir.path)/out.gz"
    let result = try Sluice.run(["-o", out, "cat", input])
    expectFailure(result, status: 65, naming: input)
    let decoded = try Reference.gunzip(try contents(out))
    #expect(decoded.status == 0, "the output is a complete gzip file: \(decoded)")
    #expect(decoded.stdout.count > 10_000 && Self.log.starts(with: decoded.stdout))
    #expect(try leftovers(in: dir).isEmpty)
  }

  @Test func anExistingFileIsReplacedOnlyWhenTheNewOneIsComplete() throws {
    let dir = try TempDir()
    let input = try dir.write("a.log", Self.log)
    let out = try dir.write("out.txt", Array("old\n".utf8))
    // Reading the file it replaces is fine: it is renamed over at the end.
    expectSuccess(try Sluice.run(["-o", out, "cat", out, input]), stdout: [])
    expectBytes(try contents(out), equal: Array("old\n".utf8) + Self.log, "out.txt")
  }

  @Test func anOutputThatCannotBeCreatedIsExit73() throws {
    let dir = try TempDir()
    let input = try dir.write("a.log", Self.log)
    let out = "\(dir.path)/no/such/folder/out.gz"
    let result = try Sluice.run(["-o", out, "cat", input])
    expectFailure(result, status: 73, naming: out)
    #expect(result.stderr.contains("cannot create"))
  }

  @Test(arguments: [
    ["--level", "0", "-o", "x.gz"], ["--level", "10", "-o", "x.gz"],
    ["--level", "5", "-o", "x.txt"],
    ["--level", "5"],
  ])
  func levelIsCheckedBeforeAnythingIsRead(options: [String]) throws {
    let result = try Sluice.run(options + ["cat", "/nonexistent"])
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("--level"), "\(result)")
  }

  /// Ctrl-C, `kill` or a closed terminal in the middle of a run (the input
  /// here is a pipe that stays open): sluice ends by that signal, as it
  /// would have, and takes its temporary files with it: the `-o` file and
  /// the `split` part being written.
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP], ["-o", "split"])
  func aStoppingSignalLeavesNoTemporaryFile(signal: Int32, writer: String) throws {
    let dir = try TempDir()
    let arguments =
      writer == "-o"
      ? ["-o", dir.file("out.log.gz"), "grep -F GET"]
      : ["split -n 1000 \(dir.path)/part-%d.log"]
    let run = try LiveRun(arguments, receivingSignals: true)
    try run.send(Array("GET /a\nGET /b\n".utf8))
    let deadline = ContinuousClock.now + .seconds(10)
    while try leftovers(in: dir).isEmpty && ContinuousClock.now < deadline {
      Thread.sleep(forTimeInterval: 0.02)
    }
    try #require(try leftovers(in: dir).count == 1, "no temporary file was made")
    run.send(signal: signal)
    #expect(run.waitForExit() == .killed(by: signal))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }
}
