import Foundation
import Sluice

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
