// A sluice that runs while a test talks to it: its standard input and output
// are pipes the test holds, for input that comes a little at a time and for
// signals sent in the middle of a run.

import Foundation
import Testing

/// A running sluice whose standard input and output are pipes held here.
final class LiveRun {
  /// How the process ended.
  struct Ending: Equatable, CustomStringConvertible {
    var status: Int32
    var signaled: Bool

    static let success = Ending(status: 0, signaled: false)
    static func killed(by signal: Int32) -> Ending { Ending(status: signal, signaled: true) }

    var description: String { signaled ? "killed by signal \(status)" : "exit \(status)" }
  }

  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let done = DispatchSemaphore(value: 0)
  private let errors: TempDir

  /// Starts sluice with `arguments`. With `receivingSignals`, the signals a
  /// test thread blocks (and a process started from it would inherit
  /// blocked) are unblocked first, so that ``send(signal:)`` reaches it.
  init(_ arguments: [String], receivingSignals: Bool = false) throws {
    signal(SIGPIPE, SIG_IGN)  // writing to a sluice that has ended is EPIPE, not death
    errors = try TempDir(prefix: "sluice-live")
    try errors.write("stderr", [])
    if receivingSignals {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments =
        [
          "python3", "-c",
          "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execv(sys.argv[1], sys.argv[1:])",
          Sluice.path,
        ] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: Sluice.path)
      process.arguments = arguments
    }
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

  /// Sends `signal` to sluice.
  func send(signal: Int32) {
    kill(process.processIdentifier, signal)
  }

  /// Ends the input, then returns the rest of the output and how sluice
  /// ended (nil when it was still running 10 s later).
  func finish() throws -> (rest: [UInt8], ending: Ending?, stderr: String) {
    try input.fileHandleForWriting.close()
    let rest = output.fileHandleForReading.readDataToEndOfFile()
    return ([UInt8](rest), waitForExit(), try stderr())
  }

  /// How sluice ended, within 10 s; nil if it was still running.
  func waitForExit() -> Ending? {
    guard done.wait(timeout: .now() + 10) == .success else { return nil }
    process.waitUntilExit()
    return Ending(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal)
  }

  func stderr() throws -> String {
    String(decoding: try readBytes(errors.file("stderr")), as: UTF8.self)
  }
}
