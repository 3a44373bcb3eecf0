import Sluice
import Testing

@Suite struct FieldsTests {
  @Test func fieldListsParse() throws {
    #expect(try FieldList(parsing: "7").items == [.field(7)])
    #expect(try FieldList(parsing: "1,4").items == [.field(1), .field(4)])
    #expect(try FieldList(parsing: "2-5,3-,-1").items == [.range(from: 2, to: 5), .range(from: 3, to: nil), .field(-1)])
    #expect(try FieldList(parsing: "1,4").highestField == 4)
    #expect(try FieldList(parsing: "2-5").highestField == 5)
    #expect(try FieldList(parsing: "-1").highestField == nil)
    for bad in ["", "0", "a", "1,", "5-2", "-", "1--2", "0-3", "1.5"] {
      #expect(throws: FieldListError.self, "\(bad)") { try FieldList(parsing: bad) }
    }
  }

  @Test(arguments: [
    ("  a  b\tc ", "1-", ["a", "b", "c"]),
    ("a b c", "-1", ["c"]),
    ("a b c", "-3", ["a"]),
    ("a b c", "-4", [""]),
    ("a b c", "5", [""]),
    ("a b c", "3,1", ["c", "a"]),
    ("a b c", "2-9", ["b", "c"]),
    ("", "1", [""]),
    ("   ", "1-", []),
  ])
  func blankSeparatedFieldsAreAwkLike(record: String, list: String, expected: [String]) throws {
    #expect(try select(record, list, .blanks) == expected)
  }

  @Test func delimitedFieldsKeepEmptyOnes() throws {
    #expect(try select("a,,c,", "1-", .bytes([0x2C])) == ["a", "", "c", ""])
    #expect(try select("a::b::::c", "1-", .bytes(Array("::".utf8))) == ["a", "b", "", "c"])
    #expect(try select("x", "2", .bytes([0x2C])) == [""])
  }

  @Test func fieldsStageJoinsWithTheSeparator() throws {
    let out = Collector()
    let stage = FieldsStage(
      FieldSelector(try FieldList(parsing: "3,1"), delimiter: .blanks), joinedBy: Array(" | ".utf8), next: out)
    try push(["a b c", "only", "1 2 3 4"], through: stage)
    #expect(out.records == ["c | a", " | only", "3 | 1"])
    #expect(out.finished)
  }

  private func select(_ record: String, _ list: String, _ delimiter: FieldSplitter.Delimiter) throws -> [String] {
    var selector = FieldSelector(try FieldList(parsing: list), delimiter: delimiter)
    var fields: [String] = []
    var builder = RecordBuilder()
    builder.append(record)
    selector.forEachField(of: builder.finish()) { fields.append(String(decoding: $0, as: UTF8.self)) }
    return fields
  }
}
