import Foundation
import Testing

@Suite("split: parts that are whole files and add up to the input")
struct SplitTests {
  static let log = LogGenerator.accessLog(seed: 2026, lines: 12_000, finalNewline: true)

  /// The part files in `dir` made from `prefix`, in part order.
  private func parts(in dir: TempDir, prefix: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path)
      .filter { $0.hasPrefix(prefix) }.sorted().map { "\(dir.path)/\($0)" }
  }

  private func decoded(_ path: String) throws -> [UInt8] {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    guard path.hasSuffix(".gz") else { return bytes }
    let result = try Reference.gunzip(bytes)
    #expect(result.status == 0, "gzip -dc \(path): \(result)")
    return result.stdout
  }

  private func lineCount(_ bytes: [UInt8]) -> Int { bytes.count { $0 == 0x0A } }

  @Test(arguments: ["plain", "gzip"])
  func recordsPerPartAddUpToTheInput(inputKind: String) throws {
    let dir = try TempDir()
    let input =
      inputKind == "gzip"
      ? try dir.write("in.log.gz", try Reference.gzip(Self.log)) : try dir.write("in.log", Self.log)
    let template = "\(dir.path)/part-%03d.gz"
    let result = try Sluice.run(["split -n 5000 \(template)", input])
    let names = try parts(in: dir, prefix: "part-")
    #expect(
      names.map { ($0 as NSString).lastPathComponent } == [
        "part-001.gz", "part-002.gz", "part-003.gz",
      ])
    expectSuccess(result, stdout: Array(names.map { $0 + "\n" }.joined().utf8))
    let contents = try names.map(decoded)
    #expect(contents.map(lineCount) == [5000, 5000, 2000])
    expectBytes(Array(contents.joined()), equal: Self.log, "the parts, decoded and joined")
  }

  @Test func bytesPerPartStayUnderTheSizeAndEndAtLineEnds() throws {
    let dir = try TempDir()
    let input = try dir.write("in.log", Self.log)
    let result = try Sluice.run(["split -b 100K \(dir.path)/p-%d.log | count", input])
    let names = try parts(in: dir, prefix: "p-").sorted {
      $0.count == $1.count ? $0 < $1 : $0.count < $1.count
    }
    expectSuccess(result, stdout: Array("\(names.count)\n".utf8))
    let contents = try names.map(decoded)
    #expect(names.count >= Self.log.count / 102_400)
    for (name, bytes) in zip(names, contents) {
      // The generated log's one very long line is the only record allowed
      // to exceed the size, in a part of its own.
      #expect(bytes.count <= 102_400 || lineCount(bytes) == 1, "\(name): \(bytes.count) bytes")
      #expect(bytes.last == 0x0A, "\(name) ends inside a line")
    }
    expectBytes(Array(contents.joined()), equal: Self.log, "the parts joined")
  }

  @Test func severalFilesWithAnyJobsGiveTheSameParts() throws {
    var made: [[[UInt8]]] = []
    for jobs in ["1", "2"] {
      let dir = try TempDir()
      let a = try dir.write("a.log", Array(Self.log.prefix(200_000)))
      let b = try dir.write("b.log.gz", try Reference.gzip(Self.log))
      let result = try Sluice.run([
        "-j", jobs, "grep -F GET | split -n 3000 \(dir.path)/q-%02d.gz", a, b,
      ])
      #expect(result.status == 0, "\(result)")
      made.append(try parts(in: dir, prefix: "q-").map(decoded))
    }
    #expect(made[0].count > 1)
    #expect(made[0] == made[1])
  }

  @Test(arguments: [
    "split part-%d.gz", "split -n 0 part-%d.gz", "split -n 5 part.gz", "split -n 5 p-%d-%d.gz",
    "split -n 5 -b 1M part-%d.gz", "split -b 0 part-%d.gz", "split -n 5 -l 10 part-%d.gz",
    "split -n 5 part-%5d.gz",
  ])
  func badArgumentsAreUsageErrors(program: String) throws {
    let result = try Sluice.run([program, "/nonexistent"])
    #expect(result.status == 64, "\(program): \(result)")
    #expect(result.stderr.hasPrefix("sluice: split: "), "\(program): \(result)")
  }
}
