import Sluice
import Testing

@Suite struct FieldsTests {
  @Test func fieldListsParse() throws {
    #expect(try FieldList(parsing: "7").items == [.field(7)])
    #expect(try FieldList(parsing: "1,4").items == [.field(1), .field(4)])
    #expect(
      try FieldList(parsing: "2-5,3-,-1").items == [
        .range(from: 2, to: 5), .range(from: 3, to: nil), .field(-1),
      ])
    #expect(try FieldList(parsing: "1,4").highestField == 4)
    #expect(try FieldList(parsing: "2-5").highestField == 5)
    #expect(try FieldList(parsing: "-1").highestField == nil)
    for bad in ["", "0", "a", "1,", "5-2", "-", "1--2", "0-3", "1.5"] {
      #expect(throws: FieldListError.self, "\(bad)") { try FieldList(parsing: bad) }
    }
    // Field numbers stop at maxField, from either end, in ranges too.
    #expect(try FieldList(parsing: "65536,-65536,1-65536,65536-").items.count == 4)
    for tooHigh in ["65537", "-65537", "1-65537", "65537-", "1-99999999999", "3,99999999999"] {
      #expect(
        throws: FieldListError(
          list: tooHigh, part: String(tooHigh.split(separator: ",").last!), isTooHigh: true),
        "\(tooHigh)"
      ) {
        try FieldList(parsing: tooHigh)
      }
    }
  }

  @Test(arguments: [
    ("  a  b\tc ", "1-", ["a", "b", "c"]),
    ("a b c", "-1", ["c"]),
    ("a b c", "-3", ["a"]),
    ("a b c", "-4", [""]),
    ("a b c", "5", [""]),
    ("a b c", "3,1", ["c", "a"]),
    ("a b c", "2-4", ["b", "c", ""]),
    ("a b c", "5-", []),
    ("", "1", [""]),
    ("   ", "1-", []),
  ])
  func blankSeparatedFieldsAreAwkLike(record: String, list: String, expected: [String]) throws {
    #expect(try select(record, list, .blanks) == expected)
  }

  @Test func blankSplittingMatchesANaiveSplitAtEveryLengthAndLimit() throws {
    var random = SeededRandom(seed: 99)
    let alphabet: [UInt8] = [0x20, 0x20, 0x09, 0x61, 0x62, 0x0A, 0xFF, 0x00]
    for _ in 0..<3000 {
      let length = Int.random(in: 0...70, using: &random)
      let record = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
      let expected = record.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map(Array.init)
      for limit in [nil, 1, 3] {
        var splitter = FieldSplitter(.blanks)
        record.withUnsafeBytes { splitter.split($0, limit: limit) }
        let fields = splitter.fields.map { Array(record[$0]) }
        #expect(
          fields == Array(expected.prefix(limit ?? .max)),
          "\(record) limit \(String(describing: limit))")
      }
    }
  }

  @Test func delimitedFieldsKeepEmptyOnes() throws {
    #expect(try select("a,,c,", "1-", .bytes([0x2C])) == ["a", "", "c", ""])
    #expect(try select("a::b::::c", "1-", .bytes(Array("::".utf8))) == ["a", "b", "", "c"])
    #expect(try select("x", "2", .bytes([0x2C])) == [""])
  }

  @Test func fieldsStageJoinsWithTheSeparator() throws {
    let out = Collector()
    let stage = FieldsStage(
      FieldSelector(try FieldList(parsing: "3,1"), delimiter: .blanks), joinedBy: Array(" | ".utf8),
      next: out)
    try push(["a b c", "only", "1 2 3 4"], through: stage)
    #expect(out.records == ["c | a", " | only", "3 | 1"])
    #expect(out.finished)
  }

  @Test func fieldsSequenceIsALazyAdaptor() throws {
    let scratch = try Scratch()
    let path = try scratch.gzipFile(
      "log.gz", Array((1...1000).map { "host\($0) - GET /p/\($0) 200\n" }.joined().utf8))
    let paths = try Input(paths: [path]).withLines { lines in
      Array(
        lines.lazy.fields(try FieldList(parsing: "4,1"), joinedBy: [0x20]).prefix(3).map(\.string))
    }
    #expect(paths == ["/p/1 host1", "/p/2 host2", "/p/3 host3"])
    // Held elements stay valid: each keeps its own buffer.
    let all = try Input(paths: [path]).withLines { Array($0.fields(try FieldList(parsing: "-1"))) }
    #expect(all.count == 1000 && all.allSatisfy { $0.string == "200" })
  }

  private func select(_ record: String, _ list: String, _ delimiter: FieldSplitter.Delimiter) throws
    -> [String]
  {
    var selector = FieldSelector(try FieldList(parsing: list), delimiter: delimiter)
    var fields: [String] = []
    var builder = RecordBuilder()
    builder.append(record)
    selector.forEachField(of: builder.finish()) {
      fields.append(String(decoding: $0, as: UTF8.self))
    }
    return fields
  }
}
