import Foundation
import Sluice
import Testing

@Suite("chunks framing")
struct ChunksStageTests {
  @Test(arguments: ["1", "100", "4K", "1M"])
  func chunksGiveTheInputBackUnchanged(size: String) throws {
    let dir = try TempDir()
    var random = SeededRandom(seed: 11)
    let data = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &random) }
    let plain = try dir.write("data", data)
    let gz = try dir.write("data.gz", try Reference.gzip(data, level: 6))
    for path in [plain, gz] {
      expectSuccess(try Sluice.run(["chunks \(size) | cat", path]), stdout: data, "chunks \(size)")
      expectSuccess(
        try Sluice.run(["chunks \(size) --lines | cat", path]), stdout: data,
        "chunks \(size) --lines")
    }
  }

  @Test func chunkCountsFollowTheSize() throws {
    let dir = try TempDir()
    let text = Array((0..<1000).map { "line \($0)\n" }.joined().utf8)  // 8890 bytes
    let path = try dir.write("lines", text)
    expectSuccess(try Sluice.run(["chunks 1K | count", path]), stdout: Array("9\n".utf8))
    // Line-aligned blocks cover at least 1K each, and no line is split.
    let blocks = try Sluice.run(["chunks 1K --lines | count", path])
    expectSuccess(blocks, stdout: Array("9\n".utf8))
  }

  @Test func aBadSizeIsAUsageError() throws {
    let result = try Sluice.run(["chunks 0 | count", "/dev/null"])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("sluice: chunks: '0' is not a size"))
  }
}
