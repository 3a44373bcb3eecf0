import Foundation
import Sluice
import Testing

// Input that arrives a little at a time and then goes quiet, as from
// `tail -f app.log | sluice ...`: every record that is through the program
// reaches the output while the writer is quiet, not when a buffer fills or
// the input ends. The test holds both pipes and waits for each answer.

@Suite("live input")
struct LiveInputTests {
  /// A running sluice whose standard input and output are pipes held here.
  final class LiveRun {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let done = DispatchSemaphore(value: 0)
    private let errors: TempDir

    init(_ arguments: [String]) throws {
      signal(SIGPIPE, SIG_IGN)  // writing to a sluice that has ended is EPIPE, not death
      errors = try TempDir(prefix: "sluice-live")
      try errors.write("stderr", [])
      process.executableURL = URL(fileURLWithPath: Sluice.path)
      process.arguments = arguments
      process.standardInput = input
      process.standardOutput = output
      process.standardError = FileHandle(forWritingAtPath: errors.file("stderr"))
      process.terminationHandler = { [done] _ in done.signal() }
      try process.run()
      // Only sluice holds these ends now, so closing ours is seen by it.
      try input.fileHandleForReading.close()
      try output.fileHandleForWriting.close()
    }

    deinit {
      if process.isRunning { process.terminate() }
    }

    /// Writes `bytes` to sluice's standard input, and keeps it open.
    func send(_ bytes: [UInt8]) throws {
      try input.fileHandleForWriting.write(contentsOf: bytes)
    }

    /// What sluice writes until `count` bytes have come, or 10 s pass.
    func receive(_ count: Int) -> [UInt8] {
      var received: [UInt8] = []
      let deadline = ContinuousClock.now + .seconds(10)
      let descriptor = output.fileHandleForReading.fileDescriptor
      while received.count < count && ContinuousClock.now < deadline {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, 100) > 0 else { continue }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if got <= 0 { break }
        received += chunk[..<got]
      }
      return received
    }

    /// Stops reading sluice's output, as `| head` does once it has enough.
    func closeOutput() throws {
      try output.fileHandleForReading.close()
    }

    /// Ends the input, then returns the rest of the output and how sluice
    /// ended (nil when it was still running 10 s later).
    func finish() throws -> (rest: [UInt8], status: Int32?, stderr: String) {
      try input.fileHandleForWriting.close()
      let rest = output.fileHandleForReading.readDataToEndOfFile()
      return ([UInt8](rest), waitForExit(), try stderr())
    }

    /// How sluice ended, within 10 s; nil if it was still running.
    func waitForExit() -> Int32? {
      guard done.wait(timeout: .now() + 10) == .success else { return nil }
      process.waitUntilExit()
      return process.terminationReason == .uncaughtSignal ? -1 : process.terminationStatus
    }

    func stderr() throws -> String {
      String(decoding: try readBytes(errors.file("stderr")), as: UTF8.self)
    }
  }

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
    #expect(end.status == 0)
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
    #expect(end.status == 0)
  }

  @Test func catAloneCopiesWhatHasCome() throws {
    let run = try LiveRun(["cat"])
    try run.send(Self.bytes("no line end yet"))
    #expect(run.receive(15) == Self.bytes("no line end yet"))
    let end = try run.finish()
    #expect(end.status == 0)
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
    #expect(end.status == 0, "\(format) -j \(jobs): \(end.stderr)")
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
    var status: Int32?
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
    status = run.waitForExit()
    #expect(sent < 10, "sluice read \(sent) more lines after its reader went away")
    #expect(status == 0)
    #expect(try run.stderr().isEmpty)
  }
}
