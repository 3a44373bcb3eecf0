// The progress line: shown on standard error for runs longer than a second,
// when it is a terminal or --progress says so; erased at the end; never mixed
// with messages; never on standard output.

import Foundation
import Testing

@Suite(.serialized) struct ProgressTests {
  /// A log of about 3 MB, and a shell loop that feeds it to sluice six times
  /// over about two seconds, so the run lasts long enough to show progress.
  static func slowFeed(in folder: TempDir) throws -> (log: String, feed: String) {
    let log = try folder.write(
      "access.log",
      LogGenerator.accessLog(seed: 5, lines: 15_000, oddLines: false, finalNewline: true))
    let feed = #"for i in 1 2 3 4 5 6; do cat "$1"; sleep 0.35; done"#
    return (log, feed)
  }

  @Test func forcedOnAFileItIsDrawnAndErased() throws {
    let folder = try TempDir()
    let (log, feed) = try Self.slowFeed(in: folder)
    let result = try Sluice.runShell(
      feed + #" | "$SLUICE" --progress 'grep -F GET | count'"#, arguments: [log])
    #expect(result.status == 0)
    let lines = try #require(Int(String(decoding: result.stdout, as: UTF8.self).dropLast()))
    #expect(lines > 0)
    // Several updates, each starting over the last with a carriage return.
    let updates = result.stderr.split(separator: "\r").filter { $0.hasPrefix("sluice: ") }
    #expect(updates.count >= 2, "\(result.stderr.debugDescription)")
    #expect(updates.allSatisfy { $0.contains(" read, ") && $0.contains("/s") })
    #expect(updates.contains { $0.contains(" records") })
    // Erased at the end: a carriage return, blanks, a carriage return.
    #expect(result.stderr.hasSuffix("\r"))
    #expect(result.stderr.split(separator: "\r").last?.allSatisfy { $0 == " " } == true)
  }

  @Test func notOnAFileUnlessAsked() throws {
    let folder = try TempDir()
    let (log, feed) = try Self.slowFeed(in: folder)
    let result = try Sluice.runShell(
      feed + #" | "$SLUICE" 'grep -F GET | count'"#, arguments: [log])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
  }

  @Test func messagesNeverShareItsLine() throws {
    let folder = try TempDir()
    let (log, feed) = try Self.slowFeed(in: folder)
    let missing = folder.file("missing.log")
    let result = try Sluice.runShell(
      feed + #" | "$SLUICE" --progress 'count' - "$2""#, arguments: [log, missing])
    #expect(result.status == 66)
    // The message starts a line of its own: after the erasing carriage
    // return, or at the very start.
    let message = "sluice: \(missing): cannot open"
    let segments = result.stderr.split(separator: "\r", omittingEmptySubsequences: false)
    #expect(segments.contains { $0.hasPrefix(message) }, "\(result.stderr.debugDescription)")
  }

  /// The real thing: sluice in a terminal (tmux), the pane captured while it
  /// runs and after it ends.
  @Test func inATerminalItUpdatesThenDisappears() throws {
    let (during, after) = try Self.runInTerminal(options: "")
    #expect(Set(during).count >= 2, "the line did not update: \(during)")
    #expect(during.allSatisfy { $0.contains(" read, ") })
    #expect(!after.contains("sluice: "), "the line was left behind:\n\(after)")
    let counted = after.split(separator: "\n").first { Int($0) != nil }
    #expect(counted != nil, "no count in:\n\(after)")
  }

  @Test func noProgressKeepsTheTerminalQuiet() throws {
    let (during, after) = try Self.runInTerminal(options: "--no-progress")
    #expect(during.isEmpty, "\(during)")
    #expect(after.split(separator: "\n").contains { Int($0) != nil }, "no count in:\n\(after)")
  }

  /// Runs the slow feed into `sluice OPTIONS 'grep -F GET | count'` in a tmux
  /// pane and returns the progress lines seen while it ran and the pane
  /// after it ended.
  static func runInTerminal(options: String) throws -> (during: [String], after: String) {
    let folder = try TempDir()
    let (log, feed) = try Self.slowFeed(in: folder)
    let session = "sluice-progress-\(getpid())-\(options.isEmpty ? "default" : "off")"
    let script = folder.file("run.sh")
    try Array(
      """
      \(feed) | "\(Sluice.path)" \(options) 'grep -F GET | count'
      echo finished
      sleep 30

      """.utf8
    ).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: script)) }
    // tmux runs through bash with every descriptor but the standard ones
    // closed: the server it starts outlives the call, and must not hold on to
    // the pipes the test harness watches.
    func tmux(_ arguments: String...) throws -> String {
      let result = try Sluice.runShell(
        #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; "#
          + #"exec /usr/bin/tmux "$@""#, arguments: arguments, timeout: .seconds(10))
      return String(decoding: result.stdout, as: UTF8.self) + result.stderr
    }
    let started = try tmux(
      "new-session", "-d", "-s", session, "-x", "120", "-y", "10", "bash", script, log)
    defer { _ = try? tmux("kill-session", "-t", session) }
    var during: [String] = []
    var last = ""
    for _ in 0..<60 {
      Thread.sleep(forTimeInterval: 0.1)
      let pane = try tmux("capture-pane", "-p", "-t", session)
      last = pane
      if pane.contains("finished") { return (during, pane) }
      if let line = pane.split(separator: "\n").first(where: { $0.hasPrefix("sluice: ") }) {
        during.append(String(line))
      }
    }
    Issue.record("the run did not finish in 6 s; \(started); the pane:\n\(last)")
    return (during, "")
  }
}
