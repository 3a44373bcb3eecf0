import Foundation
import Sluice
import Testing

// Standard input and output as pipes: `-`, slow writers, and readers that go
// away early (broken pipe).

@Suite("pipes")
struct PipeTests {
  private static let text = Array("alpha\nbravo\ncharlie".utf8)

  @Test func dashMeansStdin() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Array("from a\n".utf8))
    let b = try dir.write("b.gz", try Reference.gzip(Array("from b".utf8)))
    let stdin = try dir.write("stdin.gz", try Reference.gzip(Self.text))
    let result = try Sluice.run(["cat", a, "-", b], stdin: .file(stdin))
    expectSuccess(result, stdout: Array("from a\n".utf8) + Self.text + Array("from b".utf8))
    let count = try Sluice.run(["count", a, "-", b], stdin: .file(stdin))
    expectSuccess(count, stdout: countOutput(1 + 3 + 1), "each file ends its own last line")
    let piped = try Sluice.runShell(#"gzip -c < "$1" | "$SLUICE" cat -"#, arguments: [a])
    expectSuccess(piped, stdout: Array("from a\n".utf8))
  }

  @Test func countOfSeveralFilesIsTheSum() throws {
    let dir = try TempDir()
    let a = try dir.write("a", Array("1\n2\n3".utf8))  // unterminated: 3 lines
    let b = try dir.write("b.gz", try Reference.gzip(Array("4\n5\n".utf8)))
    let c = try dir.write("c", [])
    let d = try dir.write("d", Array("6".utf8))
    expectSuccess(try Sluice.run(["count", a]), stdout: countOutput(3))
    expectSuccess(try Sluice.run(["count", a, b, c, d]), stdout: countOutput(6))
    expectSuccess(try Sluice.run(["lines | count", a, b, c, d]), stdout: countOutput(6))
    expectSuccess(
      try Sluice.run(["lines | cat", a, b, c, d]), stdout: Array("1\n2\n3\n4\n5\n6\n".utf8))
    expectSuccess(try Sluice.run(["cat", a, b, c, d]), stdout: Array("1\n2\n34\n5\n6".utf8))
    expectSuccess(try Sluice.run(["cat", a, a]), stdout: Array("1\n2\n31\n2\n3".utf8))
  }

  @Test func slowWriter() throws {
    let dir = try TempDir()
    var header = GzipHeader()
    header.name = Array("slow".utf8)
    let member = try Gzip.compressedMember(Self.text, header: header)
    let path = try dir.write("slow.gz", member)
    // Deliver the member in pieces: inside the magic, inside the name, inside
    // the trailer.
    let script = #"""
      { head -c 1 "$1"; sleep 0.2; head -c 12 "$1" | tail -c +2; sleep 0.2
        head -c -3 "$1" | tail -c +13; sleep 0.2; tail -c 3 "$1"; } | "$SLUICE" "$2"
      """#
    expectSuccess(try Sluice.runShell(script, arguments: [path, "cat"]), stdout: Self.text, "cat")
    expectSuccess(
      try Sluice.runShell(script, arguments: [path, "count"]), stdout: countOutput(3), "count")
    let plain = try Sluice.runShell(
      #"{ printf 'a\nb'; sleep 0.3; printf 'c\nd'; } | "$SLUICE" count"#)
    expectSuccess(plain, stdout: countOutput(3), "plain: a, bc, d")
  }

  @Test func outputIntoAPipe() throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: 5)
    let data = TestData.text(lines: 20_000, using: &rng)
    let path = try dir.write("data.gz", try Reference.gzip(data))
    let result = try Sluice.runShell(#""$SLUICE" cat "$1" | cat"#, arguments: [path])
    expectSuccess(result, stdout: data)
  }

  // MARK: Broken pipe

  /// About 40 MiB of decoded text as 40 gzip members of 1 MiB each.
  private static func bigInput(in dir: TempDir) throws -> String {
    var rng = SeededRandom(seed: 40)
    var chunk = TestData.text(lines: 1, using: &rng)
    while chunk.count < 1 << 20 { chunk += TestData.text(lines: 2000, using: &rng) }
    let member = try Reference.gzip(chunk, level: 1)
    var input: [UInt8] = []
    for _ in 0..<40 { input += member }
    return try dir.write("big.gz", input)
  }

  /// A status that is not an error report: 0, or death by SIGPIPE.
  private func isQuietEnd(_ status: Int32, signaled: Bool) -> Bool {
    signaled ? status == SIGPIPE : (status == 0 || status == 128 + SIGPIPE)
  }

  @Test(arguments: ["cat", "lines | cat"], [false, true])
  func brokenPipeInShell(program: String, ignoreSIGPIPE: Bool) throws {
    let dir = try TempDir()
    let big = try Self.bigInput(in: dir)
    let errors = dir.file("stderr")
    let trap = ignoreSIGPIPE ? "trap '' PIPE\n" : ""
    let script =
      trap + #""$SLUICE" "$1" "$2" 2> "$3" | head -c 1 > /dev/null; printf %s "${PIPESTATUS[0]}""#
    let result = try Sluice.runShell(
      script, arguments: [program, big, errors], timeout: .seconds(60))
    #expect(!result.timedOut, "sluice \(program) big.gz | head -c 1 hung")
    #expect(result.elapsed < .seconds(5), "took \(result.elapsed)")
    let status = Int32(String(decoding: result.stdout, as: UTF8.self)) ?? -1
    #expect(isQuietEnd(status, signaled: false), "sluice exited \(status)")
    let stderr = String(decoding: try readBytes(errors), as: UTF8.self)
    #expect(stderr.isEmpty, "sluice wrote to stderr: \(stderr.debugDescription)")
  }

  @Test(arguments: ["cat", "lines | cat"])
  func brokenPipeReaderCloses(program: String) throws {
    let dir = try TempDir()
    let big = try Self.bigInput(in: dir)
    let errors = dir.file("stderr")
    try dir.write("stderr", [])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Sluice.path)
    process.arguments = [program, big]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: errors)
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    let start = ContinuousClock.now
    try process.run()
    try? pipe.fileHandleForWriting.close()
    let firstBytes = [UInt8](try pipe.fileHandleForReading.read(upToCount: 4) ?? Data())
    try pipe.fileHandleForReading.close()
    let finished = done.wait(timeout: .now() + 20) == .success
    if !finished {
      process.terminate()
      done.wait()
    }
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    #expect(finished, "sluice kept running after its reader went away")
    #expect(elapsed < .seconds(5), "took \(elapsed)")
    #expect(firstBytes.count == 4)
    let signaled = process.terminationReason == .uncaughtSignal
    #expect(
      isQuietEnd(process.terminationStatus, signaled: signaled),
      "status \(process.terminationStatus), signaled \(signaled)")
    let stderr = String(decoding: try readBytes(errors), as: UTF8.self)
    #expect(stderr.isEmpty, "sluice wrote to stderr: \(stderr.debugDescription)")
  }
}
