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

  /// Runs sluice with `arguments` on a pipe, sends each piece in turn and
  /// expects its answer on the output before sending the next; then ends the
  /// input: nothing more comes out, and sluice ends with status 0 and
  /// nothing on standard error.
  private func expectAnswers(
    _ arguments: [String], _ exchanges: [(send: [UInt8], answer: String)],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let run = try LiveRun(arguments)
    for (index, exchange) in exchanges.enumerated() {
      try run.send(exchange.send)
      let answer = Self.bytes(exchange.answer)
      #expect(
        run.receive(answer.count) == answer, "\(arguments): answer \(index + 1)",
        sourceLocation: sourceLocation)
    }
    let end = try run.finish()
    #expect(end.rest.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
    #expect(end.ending == .success, "\(arguments)", sourceLocation: sourceLocation)
    #expect(end.stderr.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
  }

  @Test(arguments: ["1", "2"])
  func recordsComeOutWhileTheWriterIsQuiet(jobs: String) throws {
    try expectAnswers(
      ["-j", jobs, "grep -F GET"],
      [
        (Self.bytes("GET /a\nPOST /b\nGET /c\n"), "GET /a\nGET /c\n"),
        (Self.bytes("POST /d\nGET /e\n"), "GET /e\n"),
      ])
  }

  @Test func aLineComesOutOnceItsEndHasCome() throws {
    try expectAnswers(["fields 2"], [(Self.bytes("a 1\nb 2"), "1\n"), (Self.bytes("\n"), "2\n")])
  }

  @Test func catAloneCopiesWhatHasCome() throws {
    try expectAnswers(["cat"], [(Self.bytes("no line end yet"), "no line end yet")])
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
    try expectAnswers(
      ["-j", jobs, "lines | cat"],
      [(try compressed("first\n"), "first\n"), (try compressed("second\n"), "second\n")])
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
    let ending = run.waitForExit()
    #expect(sent < 10, "sluice read \(sent) more lines after its reader went away")
    #expect(ending == .success)
    #expect(try run.stderr().isEmpty)
  }
}
