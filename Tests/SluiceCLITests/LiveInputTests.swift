import Foundation
import Sluice
import Testing

// Input that arrives a little at a time and then goes quiet, as from
// `tail -f app.log | sluice ...`: every record that is through the program
// reaches the output while the writer is quiet, not when a buffer fills or
// the input ends. The test holds both pipes and waits for each answer.

@Suite("live input")
struct LiveInputTests {
  private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test(arguments: ["1", "2"])
  func recordsComeOutWhileTheWriterIsQuiet(jobs: String) throws {
    let run = try LiveRun(["-j", jobs, "grep -F GET"])
    try run.send(Self.bytes("GET /a\nPOST /b\nGET /c\n"))
    #expect(run.receive(14) == Self.bytes("GET /a\nGET /c\n"))
    try run.send(Self.bytes("POST /d\nGET /e\n"))
    #expect(run.receive(7) == Self.bytes("GET /e\n"))
    let end = try run.finish()
    #expect(end.rest.isEmpty)
    #expect(end.ending == .success)
    #expect(end.stderr.isEmpty)
  }

  @Test func aLineComesOutOnceItsEndHasCome() throws {
    let run = try LiveRun(["fields 2"])
    try run.send(Self.bytes("a 1\nb 2"))
    #expect(run.receive(2) == Self.bytes("1\n"))
    try run.send(Self.bytes("\n"))
    #expect(run.receive(2) == Self.bytes("2\n"))
    let end = try run.finish()
    #expect(end.rest.isEmpty)
    #expect(end.ending == .success)
  }

  @Test func catAloneCopiesWhatHasCome() throws {
    let run = try LiveRun(["cat"])
    try run.send(Self.bytes("no line end yet"))
    #expect(run.receive(15) == Self.bytes("no line end yet"))
    let end = try run.finish()
    #expect(end.ending == .success)
  }

  /// A compressed stream written a member (or frame) at a time, as by a
  /// logger that compresses as it goes: each member's lines come out once
  /// it has come, decoded on one thread or ahead on a second.
  @Test(arguments: ["gzip", "bzip2", "xz", "zstd"], ["1", "2"])
  func compressedMembersComeOutAsTheyCome(format: String, jobs: String) throws {
    func compressed(_ text: String) throws -> [UInt8] {
      if format == "gzip" { return try Reference.gzip(Self.bytes(text)) }
      return try FormatTool(rawValue: format)!.compress(Self.bytes(text))
    }
    let run = try LiveRun(["-j", jobs, "lines | cat"])
    try run.send(try compressed("first\n"))
    #expect(run.receive(6) == Self.bytes("first\n"), "\(format) -j \(jobs): first member")
    try run.send(try compressed("second\n"))
    #expect(run.receive(7) == Self.bytes("second\n"), "\(format) -j \(jobs): second member")
    let end = try run.finish()
    #expect(end.rest.isEmpty)
    #expect(end.ending == .success, "\(format) -j \(jobs): \(end.stderr)")
    #expect(end.stderr.isEmpty)
  }

  /// `tail -f app.log | sluice 'grep x' | head -1`: once the reader has gone,
  /// sluice ends quietly with the next records, not at the end of an input
  /// that may never end.
  @Test func endsQuietlyWhenItsReaderGoesAway() throws {
    let run = try LiveRun(["grep -F x"])
    try run.send(Self.bytes("x 1\n"))
    #expect(run.receive(4) == Self.bytes("x 1\n"))
    try run.closeOutput()
    var sent = 0
    var ending: LiveRun.Ending?
    // A writer that is still writing: a line every 0.1 s, for up to 5 s.
    while sent < 50 {
      do {
        try run.send(Self.bytes("x \(sent + 2)\n"))
      } catch {
        break  // sluice has gone: its input is closed
      }
      sent += 1
      Thread.sleep(forTimeInterval: 0.1)
    }
    ending = run.waitForExit()
    #expect(sent < 10, "sluice read \(sent) more lines after its reader went away")
    #expect(ending == .success)
    #expect(try run.stderr().isEmpty)
  }
}
