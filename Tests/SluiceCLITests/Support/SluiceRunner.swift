// Running the built `sluice` binary (and the reference tools) as subprocesses,
// plus the expectations shared by the black-box tests.

import Foundation
import Sluice
import Testing

// MARK: - Results

/// What a finished subprocess left behind.
struct RunResult: Sendable, CustomStringConvertible {
  /// The exit status, or the signal number when `signaled` is true.
  var status: Int32
  var signaled: Bool
  var stdout: [UInt8]
  var stderr: String
  var timedOut: Bool
  var elapsed: Duration

  /// The non-empty lines written to standard error.
  var stderrLines: [String] {
    stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  var description: String {
    let how = signaled ? "signal \(status)" : "exit \(status)"
    let timeout = timedOut ? ", TIMED OUT" : ""
    return "\(how)\(timeout), \(stdout.count) bytes on stdout, stderr: \(stderr.debugDescription)"
  }
}

/// Where a subprocess reads its standard input from.
enum StandardInput: Sendable {
  /// `/dev/null`, so that nothing ever waits for a terminal.
  case null
  /// These bytes, written to a temporary file first (a regular file, not a pipe).
  case bytes([UInt8])
  /// This file, opened for reading.
  case file(String)
}

/// Where a subprocess writes its standard output.
enum StandardOutput: Sendable {
  /// Into a temporary file that is read back into ``RunResult/stdout``.
  case capture
  /// Into this path (for example `/dev/full`); nothing is captured.
  case path(String)
}

struct SubprocessError: Error, CustomStringConvertible {
  var description: String
}

// MARK: - Running a subprocess

/// Runs `executable` with `arguments` and waits for it, at most `timeout`;
/// a process still running then is terminated and reported as timed out.
///
/// Standard output and standard error go to temporary files, so a chatty child
/// can never block on a full pipe while the test waits for it.
func runProcess(
  _ executable: String,
  _ arguments: [String],
  stdin: StandardInput = .null,
  stdout: StandardOutput = .capture,
  timeout: Duration = .seconds(120)
) throws -> RunResult {
  let scratch = try TempDir(prefix: "sluice-run")
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments

  switch stdin {
  case .null:
    process.standardInput = try openForReading("/dev/null")
  case .bytes(let bytes):
    process.standardInput = try openForReading(try scratch.write("stdin", bytes))
  case .file(let path):
    process.standardInput = try openForReading(path)
  }

  let stdoutPath: String?
  switch stdout {
  case .capture:
    stdoutPath = try scratch.write("stdout", [])
    process.standardOutput = try openForWriting(stdoutPath!)
  case .path(let path):
    stdoutPath = nil
    process.standardOutput = try openForWriting(path)
  }
  let stderrPath = try scratch.write("stderr", [])
  process.standardError = try openForWriting(stderrPath)

  let (status, signaled, timedOut, elapsed) = try waitForExit(process, timeout: timeout)
  let out = try stdoutPath.map { try readBytes($0) } ?? []
  let err = String(decoding: try readBytes(stderrPath), as: UTF8.self)
  return RunResult(
    status: status, signaled: signaled, stdout: out, stderr: err, timedOut: timedOut,
    elapsed: elapsed)
}

/// Starts `process` and waits until it exits or `timeout` passes.
func waitForExit(_ process: Process, timeout: Duration) throws -> (
  status: Int32, signaled: Bool, timedOut: Bool, elapsed: Duration
) {
  let done = DispatchSemaphore(value: 0)
  process.terminationHandler = { _ in done.signal() }
  let clock = ContinuousClock()
  let start = clock.now
  try process.run()
  let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
  var timedOut = false
  if done.wait(timeout: .now() + seconds) == .timedOut {
    timedOut = true
    process.terminate()
    if done.wait(timeout: .now() + 5) == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      done.wait()
    }
  }
  process.waitUntilExit()
  let elapsed = clock.now - start
  return (
    process.terminationStatus, process.terminationReason == .uncaughtSignal, timedOut, elapsed
  )
}

private func openForReading(_ path: String) throws -> FileHandle {
  guard let handle = FileHandle(forReadingAtPath: path) else {
    throw SubprocessError(description: "cannot open \(path) for reading")
  }
  return handle
}

private func openForWriting(_ path: String) throws -> FileHandle {
  guard let handle = FileHandle(forWritingAtPath: path) else {
    throw SubprocessError(description: "cannot open \(path) for writing")
  }
  return handle
}

func readBytes(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

// MARK: - Temporary directories

/// A fresh directory under the system temporary directory, removed when the
/// value goes away.
final class TempDir {
  let path: String

  init(prefix: String = "sluice-test") throws {
    let base = FileManager.default.temporaryDirectory.path
    path = "\(base)/\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The path of `name` inside this directory.
  func file(_ name: String) -> String { "\(path)/\(name)" }

  /// Writes `bytes` to `name` inside this directory and returns its path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let target = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: target))
    return target
  }

  /// Makes a subdirectory and returns its path.
  func makeDirectory(_ name: String) throws -> String {
    let target = file(name)
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    return target
  }
}

// MARK: - The binary under test

enum Sluice {
  /// `$SLUICE_BIN`, else the `sluice` executable beside the running test
  /// binary (SwiftPM puts both in `.build/<triple>/<configuration>/`).
  static let path: String = {
    if let fromEnvironment = ProcessInfo.processInfo.environment["SLUICE_BIN"],
      !fromEnvironment.isEmpty
    {
      return fromEnvironment
    }
    let testBinary =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: testBinary).deletingLastPathComponent()
      .appendingPathComponent("sluice").path
  }()

  /// Runs `sluice` with these arguments.
  static func run(
    _ arguments: [String],
    stdin: StandardInput = .null,
    stdout: StandardOutput = .capture,
    timeout: Duration = .seconds(120)
  ) throws -> RunResult {
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw SubprocessError(
        description: "no sluice binary at \(path): build it first or set SLUICE_BIN")
    }
    return try runProcess(path, arguments, stdin: stdin, stdout: stdout, timeout: timeout)
  }

  /// Runs `sluice [options] program` on the file at `input`, handing the file
  /// over the way `mode` says.
  static func run(
    _ program: String,
    options: [String] = [],
    input: String,
    mode: InputMode,
    timeout: Duration = .seconds(120)
  ) throws -> RunResult {
    switch mode {
    case .fileArgument:
      return try run(options + [program, input], timeout: timeout)
    case .stdinFile:
      return try run(options + [program], stdin: .file(input), timeout: timeout)
    case .stdinPipe:
      // cat's own complaint when sluice stops reading early (tests run with
      // SIGPIPE ignored, so cat sees EPIPE) is not sluice's stderr.
      return try runShell(
        #"cat -- "$1" 2>/dev/null | "$2" "${@:3}""#,
        arguments: [input, path] + options + [program],
        timeout: timeout)
    }
  }

  /// Runs `bash -c script` with `arguments` as `$1`, `$2`, ...; `$SLUICE` is
  /// the binary under test.
  static func runShell(
    _ script: String, arguments: [String] = [], stdin: StandardInput = .null,
    timeout: Duration = .seconds(120)
  ) throws -> RunResult {
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw SubprocessError(
        description: "no sluice binary at \(path): build it first or set SLUICE_BIN")
    }
    return try runProcess(
      "/bin/bash", ["-c", "SLUICE=\(shellQuote(path))\n" + script, "bash"] + arguments,
      stdin: stdin, timeout: timeout)
  }
}

/// How a test hands an input file to `sluice`.
enum InputMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// `sluice PROGRAM path`
  case fileArgument
  /// `sluice PROGRAM < path`
  case stdinFile
  /// `cat path | sluice PROGRAM`
  case stdinPipe

  var testDescription: String { rawValue }

  /// The name sluice must use for the input in its messages.
  func displayName(for path: String) -> String {
    self == .fileArgument ? path : "<stdin>"
  }
}

func shellQuote(_ word: String) -> String {
  "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

// MARK: - Reference tools

enum Reference {
  /// The oracle for decoding: `gzip -dc` for input starting with `1f 8b`,
  /// else `gzip -dcf` (which passes it through). Not `gzip -dcf` for both:
  /// with `-f`, gzip copies trailing non-gzip bytes after a member to the
  /// output instead of warning about them.
  static func gunzip(_ bytes: [UInt8]) throws -> RunResult {
    let isGzip = bytes.starts(with: [0x1F, 0x8B])
    return try runProcess("/usr/bin/env", ["gzip", isGzip ? "-dc" : "-dcf"], stdin: .bytes(bytes))
  }

  /// `gzip -c -n -LEVEL`: a single gzip member without name or time stamp.
  static func gzip(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
    let result = try runProcess(
      "/usr/bin/env", ["gzip", "-c", "-n", "-\(level)"], stdin: .bytes(bytes))
    guard result.status == 0, !result.signaled else {
      throw SubprocessError(description: "gzip failed: \(result)")
    }
    return result.stdout
  }

  /// `wc -l`: the number of LF bytes.
  static func wcLines(_ bytes: [UInt8]) throws -> Int {
    let result = try runProcess("/usr/bin/env", ["wc", "-l"], stdin: .bytes(bytes))
    let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(
      in: .whitespacesAndNewlines)
    guard result.status == 0, let count = Int(text) else {
      throw SubprocessError(description: "wc -l failed: \(result)")
    }
    return count
  }

  /// Whether `tool` is on the PATH.
  static func has(_ tool: String) -> Bool {
    (try? runProcess("/bin/sh", ["-c", "command -v \(tool)"]))?.status == 0
  }
}

// MARK: - Expected values

/// What `sluice count` prints for these decoded bytes: LF-terminated lines
/// plus one for an unterminated last line.
func expectedLineCount(_ bytes: [UInt8]) -> Int {
  let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  return newlines + (bytes.last.map { $0 != 0x0A ? 1 : 0 } ?? 0)
}

/// What `sluice 'lines | cat'` writes: the input with an LF added to an
/// unterminated last line.
func withFinalNewline(_ bytes: [UInt8]) -> [UInt8] {
  guard let last = bytes.last, last != 0x0A else { return bytes }
  return bytes + [0x0A]
}

func countOutput(_ count: Int) -> [UInt8] { Array("\(count)\n".utf8) }

// MARK: - Expectations

/// Compares bytes without dumping megabytes into the log on failure.
func expectBytes(
  _ actual: [UInt8], equal expected: [UInt8], _ what: @autoclosure () -> String = "output",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual != expected else { return }
  let common = zip(actual, expected).prefix { $0 == $1 }.count
  let message =
    "\(what()): \(actual.count) bytes, expected \(expected.count); first difference at byte \(common)"
    + " (got \(describe(actual, around: common)), expected \(describe(expected, around: common)))"
  Issue.record("\(message)", sourceLocation: sourceLocation)
}

/// Expects `actual` to start with `prefix`.
func expectBytes(
  _ actual: [UInt8], startWith prefix: [UInt8], _ what: @autoclosure () -> String = "output",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard !actual.starts(with: prefix) else { return }
  let common = zip(actual, prefix).prefix { $0 == $1 }.count
  let message =
    "\(what()): \(actual.count) bytes do not start with the expected \(prefix.count) bytes;"
    + " first difference at byte \(common)"
  Issue.record("\(message)", sourceLocation: sourceLocation)
}

private func describe(_ bytes: [UInt8], around offset: Int) -> String {
  let slice = bytes[min(offset, bytes.count)..<min(offset + 8, bytes.count)]
  return slice.isEmpty ? "end" : slice.map { String(format: "%02x", $0) }.joined(separator: " ")
}

/// A successful run: exit 0, exactly `stdout`, nothing on stderr.
func expectSuccess(
  _ result: RunResult, stdout expected: [UInt8], _ what: @autoclosure () -> String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let context = what()
  #expect(!result.timedOut, "\(context): timed out", sourceLocation: sourceLocation)
  #expect(
    result.status == 0 && !result.signaled, "\(context): \(result)", sourceLocation: sourceLocation)
  #expect(result.stderr.isEmpty, "\(context): \(result)", sourceLocation: sourceLocation)
  expectBytes(result.stdout, equal: expected, "\(context) stdout", sourceLocation: sourceLocation)
}

/// A run that failed with `status` and said so in exactly one line on stderr,
/// starting `sluice: ` and naming `input`. For data errors (`byteOffsetAtMost`
/// given) the line must contain `byte N` with N no larger than that.
func expectFailure(
  _ result: RunResult, status: Int32, naming input: String? = nil, byteOffsetAtMost: Int? = nil,
  _ what: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  let context = what()
  #expect(!result.timedOut, "\(context): timed out", sourceLocation: sourceLocation)
  #expect(
    result.status == status && !result.signaled, "\(context): expected exit \(status), \(result)",
    sourceLocation: sourceLocation)
  let lines = result.stderrLines
  #expect(
    lines.count == 1, "\(context): expected one line on stderr, \(result)",
    sourceLocation: sourceLocation)
  guard let line = lines.first else { return }
  expectErrorLine(
    line, naming: input, byteOffsetAtMost: byteOffsetAtMost, context, sourceLocation: sourceLocation
  )
}

/// One message line: starts `sluice: `, names `input`, and for data errors has
/// `byte N` with `0 <= N <= byteOffsetAtMost`.
func expectErrorLine(
  _ line: String, naming input: String? = nil, byteOffsetAtMost: Int? = nil, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    line.hasPrefix("sluice: "), "\(context): \(line.debugDescription)",
    sourceLocation: sourceLocation)
  if let input {
    #expect(
      line.contains(input), "\(context): \(line.debugDescription) does not name \(input)",
      sourceLocation: sourceLocation)
  }
  if let limit = byteOffsetAtMost {
    if let match = line.firstMatch(of: /byte ([0-9]+)/), let offset = Int(match.1) {
      #expect(
        offset <= limit, "\(context): offset \(offset) is past the input's \(limit) bytes: \(line)",
        sourceLocation: sourceLocation)
    } else {
      Issue.record(
        "\(context): no `byte N` in \(line.debugDescription)", sourceLocation: sourceLocation)
    }
  }
}

/// The ways sluice can be told to decode gzip, each held to the same oracle
/// and to each other: every inflate backend this build has, on the reading
/// thread (`-j 1`) and decoding ahead on a second one (`-j 2`).
let decoderVariants: [[String]] = InflateBackend.allCases.filter(\.isAvailable).flatMap {
  backend in
  [["--inflate", backend.rawValue, "-j", "1"], ["--inflate", backend.rawValue, "-j", "2"]]
}

/// Runs `sluice cat` and `sluice count` on `input` (written to a file in `dir`)
/// with each of the ``decoderVariants`` and holds them to
/// ``Reference/gunzip(_:)``:
///
/// - gzip succeeds (exit 0): identical output, exit 0, silent;
/// - gzip warns (exit 2, trailing garbage): identical output, exit 0, one
///   `sluice: ` line naming the input;
/// - gzip fails (exit 1): exit 65, one data-error line, and gzip's output is a
///   prefix of sluice's (which, when `original` is known, is itself a prefix
///   of `original`).
///
/// Every variant must also give exactly what the first one gives: the same
/// bytes before a fault, the same message, the same status.
func expectMatchesGzip(
  _ input: [UInt8], name: String = "input.gz", in dir: TempDir,
  modes: [InputMode] = InputMode.allCases,
  original: [UInt8]? = nil, checkCount: Bool = true,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let path = try dir.write(name, input)
  let oracle = try Reference.gunzip(input)
  for mode in modes {
    var first: [String: RunResult] = [:]
    for variant in decoderVariants {
      for program in checkCount ? ["cat", "count"] : ["cat"] {
        let result = try Sluice.run(program, options: variant, input: path, mode: mode)
        let context =
          "\(program) \(variant.joined(separator: " ")), \(mode.rawValue), gzip said \(oracle.description)"
        expectMatchesOracle(
          result, program: program, oracle: oracle, shownName: mode.displayName(for: path),
          inputSize: input.count, original: original, context, sourceLocation: sourceLocation)
        if let reference = first[program] {
          expectSameResult(
            result, reference, program: program,
            "\(context): differs from \(decoderVariants[0].joined(separator: " "))",
            sourceLocation: sourceLocation)
        } else {
          first[program] = result
        }
      }
    }
  }
}

/// Holds a run with one decoder variant to the run with another: the same
/// status, output and messages. At the cut of a truncated stream ISA-L will
/// not decode the last few symbols (zlib does), so there the output may be a
/// shorter prefix and the message's decoded offset smaller; the oracle
/// check still holds both to at least what `gzip -dc` delivers.
private func expectSameResult(
  _ result: RunResult, _ reference: RunResult, program: String, _ context: String,
  sourceLocation: SourceLocation
) {
  let truncated = "unexpected end of file at byte "
  guard result.stderr.contains(truncated) && reference.stderr.contains(truncated) else {
    #expect(
      result.status == reference.status && result.stdout == reference.stdout
        && result.stderr == reference.stderr,
      "\(context): \(result) vs \(reference)", sourceLocation: sourceLocation)
    return
  }
  let withoutDecodedOffset = { (text: String) in
    text.replacing(/\s\(decoded byte \d+\)/, with: "")
  }
  #expect(result.status == reference.status, "\(context)", sourceLocation: sourceLocation)
  #expect(
    withoutDecodedOffset(result.stderr) == withoutDecodedOffset(reference.stderr),
    "\(context): \(result.stderr) vs \(reference.stderr)", sourceLocation: sourceLocation)
  if program == "cat" {
    expectBytes(
      reference.stdout, startWith: result.stdout, "\(context) stdout",
      sourceLocation: sourceLocation)
  }
}

/// Holds one run of `cat` or `count` to what `gzip -dc` did.
private func expectMatchesOracle(
  _ result: RunResult, program: String, oracle: RunResult, shownName: String, inputSize: Int,
  original: [UInt8]?, _ context: String, sourceLocation: SourceLocation
) {
  let expected =
    program == "cat" ? oracle.stdout : countOutput(expectedLineCount(oracle.stdout))
  switch oracle.status {
  case 0:
    expectSuccess(result, stdout: expected, context, sourceLocation: sourceLocation)
  case 2:
    #expect(
      result.status == 0 && !result.signaled, "\(context): \(result)",
      sourceLocation: sourceLocation)
    expectBytes(result.stdout, equal: expected, "\(context) stdout", sourceLocation: sourceLocation)
    #expect(
      result.stderrLines.count == 1, "\(context): one warning expected, \(result)",
      sourceLocation: sourceLocation)
    if let line = result.stderrLines.first {
      expectErrorLine(line, naming: shownName, context, sourceLocation: sourceLocation)
    }
  default:
    expectFailure(
      result, status: 65, naming: shownName, byteOffsetAtMost: inputSize, context,
      sourceLocation: sourceLocation)
    guard program == "cat" else { return }
    expectBytes(
      result.stdout, startWith: oracle.stdout, "\(context) stdout vs gzip's",
      sourceLocation: sourceLocation)
    if let original {
      expectBytes(
        original, startWith: result.stdout, "\(context) original vs stdout",
        sourceLocation: sourceLocation)
    }
  }
}
