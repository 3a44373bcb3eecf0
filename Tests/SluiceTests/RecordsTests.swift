import Sluice
import Testing

@Suite struct RecordsTests {
  @Test func separatorRecordsSplitAtTheSeparatorOnly() throws {
    let scratch = try Scratch()
    let path = try scratch.file("nul", Array("a\nb\0c\0\0last".utf8))
    let records = try Input(paths: [path]).collect(.separated(by: 0))
    #expect(records == bytes(["a\nb", "c", "", "last"]))
  }

  @Test func paragraphsAreSeparatedByOneOrMoreEmptyLines() throws {
    let scratch = try Scratch()
    let path = try scratch.file(
      "paragraphs", "\n\nfirst\nstill first\n\n\n\nsecond\n\nthird\nend\n\n\n")
    let records = try Input(paths: [path]).collect(.paragraphs)
    #expect(records == bytes(["first\nstill first", "second", "third\nend"]))
  }

  @Test func paragraphWithoutFinalNewline() throws {
    let scratch = try Scratch()
    let path = try scratch.file("p", "a\nb\n\nc")
    #expect(try Input(paths: [path]).collect(.paragraphs) == bytes(["a\nb", "c"]))
    #expect(try Input(paths: [try scratch.file("blank", "\n\n\n")]).collect(.paragraphs) == [])
  }

  @Test func stackTracesJoinTheLogLineAbove() throws {
    let scratch = try Scratch()
    let log = """
      preamble without a date
      2026-11-29 10:00:00 INFO started
      2026-11-29 10:00:01 ERROR boom
      java.lang.NullPointerException
      \tat Foo.bar(Foo.java:10)
      2026-11-29 10:00:02 INFO done
      """
    let path = try scratch.file("app.log", log)
    let framing = Framing.records(startingWhere: { $0.hasPrefix("2026-") })
    let records = try Input(paths: [path]).collect(framing)
    #expect(
      records
        == bytes([
          "preamble without a date",
          "2026-11-29 10:00:00 INFO started",
          "2026-11-29 10:00:01 ERROR boom\njava.lang.NullPointerException\n\tat Foo.bar(Foo.java:10)",
          "2026-11-29 10:00:02 INFO done",
        ]))
  }

  @Test(arguments: [3, 5, 16, 1024])
  func multiLineFramingsMatchTheReferenceWhateverTheBufferSize(bufferSize: Int) throws {
    let scratch = try Scratch()
    var random = SeededRandom(seed: 42 &+ UInt64(bufferSize))
    let words = ["S start", "  trace", "", "x", "S", "continued line", "\r"]
    for round in 0..<25 {
      let lineCount = Int.random(in: 0...80, using: &random)
      var text = (0..<lineCount).map { _ in words.randomElement(using: &random)! }.joined(
        separator: "\n")
      if Bool.random(using: &random) { text += "\n" }
      let data = Array(text.utf8)
      let path = try scratch.file("r\(round)", data)
      let input = Input(paths: [path], options: tinyBuffer(bufferSize))
      #expect(try input.collect(.paragraphs) == Reference.paragraphs(data), "round \(round)")
      let startsWithS = Framing.records(startingWhere: { $0.first == UInt8(ascii: "S") })
      #expect(
        try input.collect(startsWithS)
          == Reference.records(data, startingWhere: { $0.first == UInt8(ascii: "S") }),
        "round \(round)")
      #expect(
        try input.collect(.separated(by: 0x20)) == Reference.split(data, at: 0x20), "round \(round)"
      )
    }
  }
}
