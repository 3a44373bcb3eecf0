import Foundation

@testable import Sluice

/// A fresh temporary folder for one test, removed when the value goes away.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `bytes` to a file named `name` and returns its path.
  @discardableResult
  func file(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = url.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `text` to a file named `name` and returns its path.
  @discardableResult
  func file(_ name: String, _ text: String) throws -> String {
    try file(name, Array(text.utf8))
  }

  /// Writes `bytes` gzip-compressed (by the system's gzip) to `name`.
  @discardableResult
  func gzipFile(_ name: String, _ bytes: [UInt8], level: Int = 6) throws -> String {
    let path = url.appendingPathComponent(name).path
    try Data(try gzip(bytes, level: level)).write(to: URL(fileURLWithPath: path))
    return path
  }
}

/// `bytes` compressed by the system's `gzip` as one member.
func gzip(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["gzip", "-c", "-n", "-\(level)"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  // Write on another thread so a large input cannot deadlock on a full pipe.
  let writer = Thread {
    input.fileHandleForWriting.write(Data(bytes))
    try? input.fileHandleForWriting.close()
  }
  writer.start()
  let compressed = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Array(compressed)
}

extension Input {
  /// All records under `framing`, as owned byte arrays.
  func collect(_ framing: Framing = .lines) throws -> [[UInt8]] {
    try withRecords(framing) { records in records.map(\.bytes) }
  }
}

/// Options with a tiny buffer, so records straddle reads all the time.
func tinyBuffer(_ size: Int = 7, maxRecord: Int = 1 << 20) -> ReadOptions {
  ReadOptions(maxRecordSize: maxRecord, bufferSize: size)
}

/// The byte arrays of `strings`.
func bytes(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

/// Collects values from several threads.
final class Results<Value: Sendable>: Sendable {
  private let values = Monitor<[Value]>([])
  func append(_ value: Value) { values.update { $0.append(value) } }
  var all: [Value] { values.update { $0 } }
}

/// What a run in process left behind: comparable between runs.
struct RunOutcome: Equatable {
  var status: Sluice.ExitStatus
  var output: [UInt8]
  var messages: [String]
}

/// Runs `program` over `paths` in process, with `jobs` threads, the policy
/// and read options given, and big plain files cut into pieces of
/// `pieceSize` bytes when threads would otherwise sit idle.
func runInProcess(
  _ program: String, on paths: [String], jobs: Int, onError policy: RecordErrorPolicy = .fail,
  options: ReadOptions = ReadOptions(), pieceSize: Int? = nil, in scratch: Scratch
) throws -> RunOutcome {
  let outputPath = scratch.url.appendingPathComponent("out-\(UUID().uuidString)").path
  let output = try Descriptor.create(outputPath)
  let messages = Results<String>()
  var runner = Runner(
    program: try Program(program), input: Input(paths: paths, options: options),
    onError: policy, jobs: jobs, diagnostics: Diagnostics { messages.append($0) },
    output: output)
  if let pieceSize { runner.pieceSize = pieceSize }
  let status = runner.run()
  try output.close()
  let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: outputPath)))
  try FileManager.default.removeItem(atPath: outputPath)
  return RunOutcome(status: status, output: bytes, messages: messages.all)
}
