import Testing

@testable import Sluice

/// The reader's search for lines containing a literal (the path taken when a
/// program starts with `grep -F`) against a plain filter over all lines.
@Suite struct LinePrefilterTests {
  @Test(arguments: [2, 3, 7, 64, 4096])
  func findsTheSameLinesWithTheirNumbers(bufferSize: Int) throws {
    let scratch = try Scratch()
    var random = SeededRandom(seed: UInt64(bufferSize) &* 31)
    let pieces = ["ab", "x", "", "aab", "ba", "AB", "\r", "b", "zz"]
    for round in 0..<30 {
      var text = (0..<Int.random(in: 0...60, using: &random)).map { _ in
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)!
        }
        .joined()
      }.joined(separator: "\n")
      if Bool.random(using: &random) { text += "\n" }
      let path = try scratch.file("r\(round)", text)
      let lines = Reference.split(Array(text.utf8), at: 0x0A)
      for (needle, ignoreCase) in [("ab", false), ("ab", true), ("b", false), ("", false)] {
        let expected = lines.enumerated()
          .filter { (_, line) in
            let haystack = ignoreCase ? line.map { $0 | 0x20 } : line
            return needle.isEmpty
              || haystack.indices.contains { haystack[$0...].starts(with: needle.utf8) }
          }
          .map { ($0.offset + 1, $0.element) }
        var reader = RecordReader(options: tinyBuffer(bufferSize))
        reader.begin(try DecodedInput(opening: .file(path)))
        let searcher = LiteralSearcher(needle.utf8, ignoringCase: ignoreCase)
        var found: [(Int, [UInt8])] = []
        while let record = try reader.nextLine(containing: searcher) {
          found.append((reader.recordNumber, record.bytes))
        }
        #expect(
          found.map(\.0) == expected.map(\.0) && found.map(\.1) == expected.map(\.1),
          "round \(round), buffer \(bufferSize), needle \"\(needle)\" ignoreCase \(ignoreCase)")
      }
    }
  }

  @Test func aLongLineWithoutTheNeedleIsStillTooLarge() throws {
    let scratch = try Scratch()
    let path = try scratch.file("long", "ab\nok\n" + String(repeating: "y", count: 100) + "\nab\n")
    var reader = RecordReader(options: ReadOptions(maxRecordSize: 50, bufferSize: 16))
    reader.begin(try DecodedInput(opening: .file(path)))
    let searcher = LiteralSearcher("ab".utf8, ignoringCase: false)
    #expect(try reader.nextLine(containing: searcher)?.string == "ab")
    #expect(throws: SluiceError.recordTooLarge(input: path, record: 3, limit: 50)) {
      try reader.nextLine(containing: searcher)
    }
  }
}
