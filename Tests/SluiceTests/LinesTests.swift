import Sluice
import Testing

@Suite struct LinesTests {
  @Test func splitsAtLFOnlyAndKeepsEverythingElse() throws {
    let scratch = try Scratch()
    let data: [UInt8] =
      Array("a\r\nb\rc\n\0x\u{1}\n".utf8) + [0xFF, 0xFE, 0x0A] + Array("last".utf8)
    let path = try scratch.file("mixed", data)
    let lines = try Input(paths: [path]).collect()
    #expect(
      lines == [
        Array("a\r".utf8), Array("b\rc".utf8), [0, 0x78, 1], [0xFF, 0xFE], Array("last".utf8),
      ])
  }

  @Test func emptyInputHasNoLinesAndLoneLFHasOne() throws {
    let scratch = try Scratch()
    #expect(try Input(paths: [try scratch.file("empty", "")]).collect() == [])
    #expect(try Input(paths: [try scratch.file("lf", "\n")]).collect() == [[]])
    #expect(try Input(paths: [try scratch.file("lflf", "\n\n")]).collect() == [[], []])
  }

  @Test func strippingCRRemovesOnlyACRBeforeLF() throws {
    let scratch = try Scratch()
    let path = try scratch.file("crlf", "one\r\ntwo\rx\r\n\r\nlast\r")
    let lines = try Input(paths: [path]).collect(.linesStrippingCR)
    #expect(lines == bytes(["one", "two\rx", "", "last"]))
  }

  @Test(arguments: [2, 3, 7, 64, 4096])
  func matchesReferenceWhateverTheBufferSize(bufferSize: Int) throws {
    let scratch = try Scratch()
    var random = SeededRandom(seed: UInt64(bufferSize))
    for round in 0..<20 {
      var data: [UInt8] = []
      for _ in 0..<Int.random(in: 0...60, using: &random) {
        let length = Int.random(in: 0...(bufferSize * 3), using: &random)
        data += (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }.map {
          $0 == 10 ? 11 : $0
        }
        if Bool.random(using: &random) || data.isEmpty { data.append(0x0A) }
      }
      let path = try scratch.file("random-\(round)", data)
      let lines = try Input(paths: [path], options: tinyBuffer(bufferSize)).collect()
      #expect(lines == Reference.split(data, at: 0x0A), "buffer \(bufferSize), round \(round)")
    }
  }

  @Test func gzipInputGivesTheSameLines() throws {
    let scratch = try Scratch()
    let text = (0..<5000).map { "line \($0) " + String(repeating: "x", count: $0 % 300) }.joined(
      separator: "\n")
    let path = try scratch.gzipFile("lines.gz", Array(text.utf8))
    let lines = try Input(paths: [path]).collect()
    #expect(lines == Reference.split(Array(text.utf8), at: 0x0A))
  }

  @Test func eachFileEndsItsOwnLastLine() throws {
    let scratch = try Scratch()
    let first = try scratch.file("first", "a\nunterminated")
    let second = try scratch.gzipFile("second.gz", Array("b\nc\n".utf8))
    let lines = try Input(paths: [first, second, first]).collect()
    #expect(lines == bytes(["a", "unterminated", "b", "c", "a", "unterminated"]))
  }

  @Test func heldRecordsStayValidAfterTheReaderMovesOn() throws {
    let scratch = try Scratch()
    let expected = (0..<200).map { "record number \($0)" }
    let path = try scratch.file("held", expected.joined(separator: "\n"))
    var held: [Record] = []
    try Input(paths: [path], options: tinyBuffer(16)).forEachLine { held.append($0) }
    #expect(held.map(\.string) == expected)
  }

  @Test func recordLongerThanTheLimitIsAnErrorNamingFileAndRecord() throws {
    let scratch = try Scratch()
    let path = try scratch.file(
      "long", "short\nok\n" + String(repeating: "y", count: 100) + "\nafter\n")
    var seen: [String] = []
    #expect(throws: SluiceError.recordTooLarge(input: path, record: 3, limit: 50)) {
      try Input(paths: [path], options: ReadOptions(maxRecordSize: 50, bufferSize: 16)).forEachLine
      {
        seen.append($0.string)
      }
    }
    #expect(seen == ["short", "ok"])
  }

  @Test func recordOfExactlyTheLimitIsAccepted() throws {
    let scratch = try Scratch()
    let path = try scratch.file(
      "exact", String(repeating: "z", count: 50) + "\n" + String(repeating: "w", count: 50))
    let lines = try Input(paths: [path], options: ReadOptions(maxRecordSize: 50, bufferSize: 8))
      .collect()
    #expect(lines.map(\.count) == [50, 50])
  }
}
