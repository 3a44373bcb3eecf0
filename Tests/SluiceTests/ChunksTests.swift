import Sluice
import Testing

@Suite struct ChunksTests {
  @Test(arguments: [1, 2, 10, 100, 4096])
  func fixedChunksHaveTheSizeAndConcatenateToTheInput(size: Int) throws {
    let scratch = try Scratch()
    var random = SeededRandom(seed: UInt64(size))
    let data = (0..<1234).map { _ in UInt8.random(in: 0...255, using: &random) }
    let path = try scratch.gzipFile("data.gz", data)
    let chunks = try Input(paths: [path], options: tinyBuffer(16)).withChunks(of: size) {
      $0.map(\.bytes)
    }
    #expect(Array(chunks.joined()) == data)
    #expect(chunks.dropLast().allSatisfy { $0.count == size })
    #expect((1...size).contains(chunks.last!.count))
  }

  @Test(arguments: [1, 10, 64, 500])
  func lineAlignedChunksEndAtLineEnds(size: Int) throws {
    let scratch = try Scratch()
    let text =
      (0..<300).map { String(repeating: "L", count: $0 % 37) }.joined(separator: "\n") + "\nend"
    let path = try scratch.file("lines", text)
    let chunks = try Input(paths: [path], options: tinyBuffer(8)).withChunks(
      of: size, lineAligned: true
    ) {
      $0.map(\.bytes)
    }
    #expect(Array(chunks.joined()) == Array(text.utf8))
    for chunk in chunks.dropLast() {
      #expect(chunk.last == 0x0A)
      #expect(chunk.count >= size)
      // Past the size mark, a chunk only runs on to the end of that line.
      #expect(!chunk[(size - 1)..<(chunk.count - 1)].contains(0x0A))
    }
  }

  @Test func chunksEndWithEachFile() throws {
    let scratch = try Scratch()
    let a = try scratch.file("a", "12345")
    let b = try scratch.file("b", "678")
    let chunks = try Input(paths: [a, b]).withChunks(of: 4) { $0.map(\.string) }
    #expect(chunks == ["1234", "5", "678"])
  }
}
