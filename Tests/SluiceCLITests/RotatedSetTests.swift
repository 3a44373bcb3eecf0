import Foundation
import Testing

/// A rotation set on disk, each file holding one line that names it.
private func makeSet(in dir: TempDir, _ names: [String]) throws -> [String] {
  try names.map { name in
    let line = Array("\(name)\n".utf8)
    return try dir.write(name, name.hasSuffix(".gz") ? Reference.gzip(line, level: 6) : line)
  }
}

@Suite("rotated sets read oldest first")
struct RotatedSetTests {
  static let set = ["app.log", "app.log.1", "app.log.2.gz", "app.log.9.gz", "app.log.10.gz"]
  static let oldestFirst = [
    "app.log.10.gz", "app.log.9.gz", "app.log.2.gz", "app.log.1", "app.log",
  ]

  private func lines(_ result: RunResult) -> [String] {
    String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  @Test func oneSetIsOrderedWithoutBeingAsked() throws {
    let dir = try TempDir()
    let paths = try makeSet(in: dir, Self.set)
    let result = try Sluice.run(["cat"] + paths)
    expectSuccess(result, stdout: Array(Self.oldestFirst.map { $0 + "\n" }.joined().utf8))
    // With several threads the order is the same.
    let parallel = try Sluice.run(["-j", "4", "cat"] + paths.shuffled())
    #expect(lines(parallel) == Self.oldestFirst)
  }

  @Test func noRotatedKeepsTheGivenOrder() throws {
    let dir = try TempDir()
    let paths = try makeSet(in: dir, Self.set)
    #expect(lines(try Sluice.run(["--no-rotated", "cat"] + paths)) == Self.set)
  }

  @Test func splitPiecesAreLeftAloneUnlessAsked() throws {
    let dir = try TempDir()
    let paths = try makeSet(in: dir, ["part.2", "part.1"])
    #expect(lines(try Sluice.run(["cat"] + paths)) == ["part.2", "part.1"])
    #expect(lines(try Sluice.run(["--rotated", "cat"] + paths)) == ["part.2", "part.1"])
    #expect(
      lines(try Sluice.run(["--rotated", "cat"] + paths.reversed())) == ["part.2", "part.1"])
  }

  @Test func rotatedOrdersEachSetAmongOtherFiles() throws {
    let dir = try TempDir()
    let paths = try makeSet(
      in: dir, ["b.log", "notes.txt", "b.log.1", "a.log-20261129", "a.log-20261128.gz"])
    #expect(
      lines(try Sluice.run(["cat"] + paths)) == [
        "b.log", "notes.txt", "b.log.1", "a.log-20261129", "a.log-20261128.gz",
      ])
    #expect(
      lines(try Sluice.run(["--rotated", "cat"] + paths)) == [
        "b.log.1", "b.log", "notes.txt", "a.log-20261128.gz", "a.log-20261129",
      ])
  }
}
