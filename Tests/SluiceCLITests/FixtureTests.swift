// The static files in Fixtures/ (see Fixtures/README.md).

import Foundation
import Testing

enum Fixtures {
  /// `$SLUICE_FIXTURES`, else `Fixtures/` at the package root.
  static let directory: String = {
    if let fromEnvironment = ProcessInfo.processInfo.environment["SLUICE_FIXTURES"],
      !fromEnvironment.isEmpty
    {
      return fromEnvironment
    }
    return URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent()  // SluiceCLITests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()  // package root
      .appendingPathComponent("Fixtures").path
  }()

  static func path(_ name: String) -> String { "\(directory)/\(name)" }
}

@Suite("fixtures")
struct FixtureTests {
  private let log: [UInt8]

  init() throws {
    log = try readBytes(Fixtures.path("access.log"))
  }

  @Test func logIsAsDocumented() throws {
    #expect(log.count == 46_593)
    #expect(expectedLineCount(log) == 200)
    #expect(log.last == 0x0A)
  }

  @Test(arguments: ["access.log", "access.log.gz", "access-multi.log.gz"], InputMode.allCases)
  func decodesToTheLog(name: String, mode: InputMode) throws {
    let path = Fixtures.path(name)
    let oracle = try Reference.gunzip(try readBytes(path))
    #expect(oracle.status == 0)
    expectBytes(oracle.stdout, equal: log, "gzip -dc \(name)")
    expectSuccess(try Sluice.run("cat", input: path, mode: mode), stdout: log, "cat \(name)")
    expectSuccess(
      try Sluice.run("count", input: path, mode: mode), stdout: countOutput(200), "count \(name)")
    expectSuccess(
      try Sluice.run("lines | count", input: path, mode: mode), stdout: countOutput(200),
      "lines | count")
  }

  @Test(
    arguments: [
      ("access.log.bz2", FormatTool.bzip2), ("access.log.xz", .xz), ("access.log.zst", .zstd),
    ],
    InputMode.allCases)
  func otherFormatsDecodeToTheLog(fixture: (name: String, tool: FormatTool), mode: InputMode) throws
  {
    let path = Fixtures.path(fixture.name)
    let oracle = try fixture.tool.decompress(try readBytes(path))
    #expect(oracle.status == 0)
    expectBytes(oracle.stdout, equal: log, "\(fixture.tool) -dc \(fixture.name)")
    for variant in formatVariants {
      expectSuccess(
        try Sluice.run("cat", options: variant, input: path, mode: mode), stdout: log,
        "cat \(fixture.name) \(variant)")
      expectSuccess(
        try Sluice.run("lines | count", options: variant, input: path, mode: mode),
        stdout: countOutput(200), "lines | count \(fixture.name) \(variant)")
    }
  }

  @Test func everyFormatAtOnce() throws {
    let names = [
      "access.log", "access.log.gz", "access.log.bz2", "access.log.xz", "access.log.zst",
    ]
    for jobs in ["1", "2"] {
      expectSuccess(
        try Sluice.run(["-j", jobs, "cat"] + names.map(Fixtures.path)),
        stdout: Array(repeatElement(log, count: 5).joined()))
      expectSuccess(
        try Sluice.run(["-j", jobs, "count"] + names.map(Fixtures.path)), stdout: countOutput(1000))
    }
  }

  @Test func allThreeAtOnce() throws {
    let names = ["access.log", "access.log.gz", "access-multi.log.gz"].map(Fixtures.path)
    expectSuccess(try Sluice.run(["cat"] + names), stdout: log + log + log)
    expectSuccess(try Sluice.run(["count"] + names), stdout: countOutput(600))
  }

  @Test(arguments: InputMode.allCases)
  func truncated(mode: InputMode) throws {
    let path = Fixtures.path("access-truncated.log.gz")
    let oracle = try Reference.gunzip(try readBytes(path))
    #expect(oracle.status == 1)
    #expect(oracle.stdout.count == 15_402, "gzip's share, as documented")
    let result = try Sluice.run("cat", input: path, mode: mode)
    expectFailure(result, status: 65, naming: mode.displayName(for: path), byteOffsetAtMost: 3000)
    expectBytes(result.stdout, startWith: oracle.stdout, "at least what gzip delivers")
    expectBytes(log, startWith: result.stdout, "nothing but the log")
  }

  @Test(arguments: InputMode.allCases)
  func trailingGarbage(mode: InputMode) throws {
    let path = Fixtures.path("access-garbage.log.gz")
    let oracle = try Reference.gunzip(try readBytes(path))
    #expect(oracle.status == 2)
    let result = try Sluice.run("cat", input: path, mode: mode)
    #expect(result.status == 0, "\(result)")
    expectBytes(result.stdout, equal: log)
    #expect(result.stderrLines.count == 1, "\(result)")
    if let line = result.stderrLines.first {
      expectErrorLine(line, naming: mode.displayName(for: path))
    }
  }
}
