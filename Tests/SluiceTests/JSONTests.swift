import Sluice
import Testing

@Suite struct JSONTests {
  // MARK: - Paths

  @Test func pathsParse() throws {
    #expect(try JSONPath(parsing: ".").components == [])
    #expect(try JSONPath(parsing: ".status").components == [.key("status")])
    #expect(try JSONPath(parsing: ".user.id").components == [.key("user"), .key("id")])
    #expect(try JSONPath(parsing: ".tags[0]").components == [.key("tags"), .index(0)])
    #expect(try JSONPath(parsing: ".[3]").components == [.index(3)])
    #expect(try JSONPath(parsing: ".a[1][22]").components == [.key("a"), .index(1), .index(22)])
    #expect(try JSONPath(parsing: #"."a.b""#).components == [.key("a.b")])
    #expect(try JSONPath(parsing: #".["a b"]"#).components == [.key("a b")])
    #expect(
      try JSONPath(parsing: #".x["a,b"].y"#).components == [.key("x"), .key("a,b"), .key("y")])
    #expect(try JSONPath(parsing: #".x.["q"]"#).components == [.key("x"), .key("q")])
    #expect(try JSONPath(parsing: #"."caf\u00e9\"\\\n""#).components == [.key("café\"\\\n")])
    #expect(try JSONPath(parsing: #"."\ud83d\ude00""#).components == [.key("😀")])
    #expect(try JSONPath(parsing: "._a1").components == [.key("_a1")])
    #expect(try JSONPath(parsing: #"."""#).components == [.key("")])
  }

  @Test func pathListsSplitAtCommasOutsideQuotes() throws {
    let paths = try JSONPath.list(parsing: #".a,.b.c,."x,y",.["p,q"],.d[1]"#)
    #expect(
      paths.map(\.components) == [
        [.key("a")], [.key("b"), .key("c")], [.key("x,y")], [.key("p,q")], [.key("d"), .index(1)],
      ])
  }

  @Test(arguments: [
    "", "a", "..", ".a.", ".a..b", ".1a", ".[", ".[]", ".[-1]", ".a[x]", ".a[1", #"."abc"#,
    #"."a\x""#, #"."\u12""#, ".a b", ".a,", ",.a", ".a,,.b", ".a-b", ".[99999999999999999999]",
  ])
  func badPathsAreRefused(text: String) {
    #expect(throws: JSONPathError.self) { try JSONPath.list(parsing: text) }
  }

  @Test func pathDescriptionsParseBack() throws {
    for text in [".", ".a", ".a.b[0]", #".["a b"]"#, #".x["a.b"][2]"#, #".["\"q\""]"#, ".[0].z"] {
      let path = try JSONPath(parsing: text)
      #expect(try JSONPath(parsing: path.description) == path, "\(text) -> \(path)")
    }
    #expect(try JSONPath(parsing: #"."a b""#).description == #".["a b"]"#)
  }

  // MARK: - Values

  func values(_ paths: String, _ document: String) throws(JSONProblem) -> [String?] {
    var extractor = JSONExtractor(paths: try! JSONPath.list(parsing: paths))
    return try extractor.values(of: document)
  }

  func values(_ paths: String, _ document: [UInt8]) throws(JSONProblem) -> [String?] {
    var extractor = JSONExtractor(paths: try! JSONPath.list(parsing: paths))
    return try extractor.values(of: document)
  }

  func compact(_ document: String) throws(JSONProblem) -> String {
    var extractor = JSONExtractor(paths: [])
    return try extractor.values(of: document)[0]!
  }

  @Test func valuesComeOutAsJqRawPrintsThem() throws {
    let document = #"""
      {"s":"text","n":-12.50e+3,"t":true,"f":false,"z":null,"o":{ "a" : [1, "x y"] },
       "arr":[ ],"e":{}}
      """#
    #expect(
      try values(".s,.n,.t,.f,.z,.o,.arr,.e", document) == [
        "text", "-12.50e+3", "true", "false", "null", #"{"a":[1,"x y"]}"#, "[]", "{}",
      ])
  }

  @Test func missingValuesAreNil() throws {
    let document = #"{"a":{"b":1},"n":null,"list":[10,20]}"#
    #expect(try values(".x,.a.c,.n.deep,.list[2],.a.b", document) == [nil, nil, nil, nil, "1"])
    #expect(try values(".n.x.y[3]", document) == [nil])
  }

  @Test func nestingAndArrays() throws {
    let document = #"{"a":[{"b":[0,{"c":"deep"}]},{"b":"second"}],"k":[[1,2],[3,[4,5]]]}"#
    #expect(try values(".a[0].b[1].c", document) == ["deep"])
    #expect(try values(".a[1].b", document) == ["second"])
    #expect(try values(".k[1][1][0],.k[0]", document) == ["4", "[1,2]"])
    #expect(try values(".a[0].b", document) == [#"[0,{"c":"deep"}]"#])
    #expect(try values(".[0]", "[7,8]") == ["7"])
    #expect(try values(".", #""top""#) == ["top"])
    #expect(try values(".", " 42 ") == ["42"])
  }

  @Test func samePathTwiceAndPathsSharingAPrefix() throws {
    let document = #"{"u":{"id":5,"name":"n"},"x":1}"#
    #expect(
      try values(".u.id,.u.id,.u,.u.name,.x", document) == [
        "5", "5", #"{"id":5,"name":"n"}"#, "n", "1",
      ])
  }

  @Test func aRepeatedKeyTakesTheLastValueAsJqDoes() throws {
    #expect(try values(".a", #"{"a":1,"a":2}"#) == ["2"])
    #expect(try values(".a.b,.a.c", #"{"a":{"b":1},"a":{"c":2}}"#) == [nil, "2"])
    // The earlier value could not be indexed; the last one can.
    #expect(try values(".a.b", #"{"a":"s","a":{"b":3}}"#) == ["3"])
    #expect(throws: JSONProblem.self) { try values(".a.b", #"{"a":{"b":3},"a":"s"}"#) }
  }

  @Test func stringEscapesAreDecoded() throws {
    #expect(
      try values(".s", #"{"s":"a\"b\\c\/d\be\ff\ng\rh\ti"}"#) == ["a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"])
    #expect(try values(".s", #"{"s":"caf\u00e9 \u00E9 \u4e2d \u0041"}"#) == ["café é 中 A"])
    #expect(try values(".s", #"{"s":"\u0000x"}"#) == ["\u{0}x"])
    #expect(try values(".s", #"{"s":"raw é and 😀"}"#) == ["raw é and 😀"])
  }

  @Test func surrogatePairsBecomeOneCharacter() throws {
    #expect(try values(".s", #"{"s":"\ud83d\ude00!"}"#) == ["😀!"])
    #expect(try values(".s", #"{"s":"\uD834\uDD1E"}"#) == ["𝄞"])
    // Lone surrogates: U+FFFD, the escape after a lone high one kept.
    #expect(try values(".s", #"{"s":"\ud83dx"}"#) == ["\u{FFFD}x"])
    #expect(try values(".s", #"{"s":"\ude00"}"#) == ["\u{FFFD}"])
    #expect(try values(".s", #"{"s":"\ud83d\u0041"}"#) == ["\u{FFFD}A"])
    #expect(try values(".s", #"{"s":"\ud83d\ud83d\ude00"}"#) == ["\u{FFFD}😀"])
  }

  /// jq's own replacement rule, byte for byte (checked against jq 1.6).
  @Test(
    arguments: [
      ([0xFF, 0xFE, 0x71], "\u{FFFD}\u{FFFD}q"),
      ([0xE2, 0x61], "\u{FFFD}"),  // runs past the end: the rest goes
      ([0xE2, 0x61, 0x62], "\u{FFFD}ab"),
      ([0xE0, 0x80, 0x80, 0x7A], "\u{FFFD}z"),  // overlong: one U+FFFD
      ([0xED, 0xA0, 0x80, 0x71], "\u{FFFD}q"),  // an encoded surrogate
      ([0xF4, 0x90, 0x80, 0x80, 0x71], "\u{FFFD}q"),  // past U+10FFFF
      ([0x80, 0x41], "\u{FFFD}A"),
      ([0xC3, 0xA9], "é"),
    ] as [([UInt8], String)])
  func invalidUTF8IsReplacedAsJqDoes(body: [UInt8], expected: String) throws {
    let document = Array(#"{"s":""#.utf8) + body + Array(#""}"#.utf8)
    #expect(try values(".s", document) == [expected])
  }

  @Test func escapesCountInTheReplacementRule() throws {
    // A lead byte before an escape: the escape ends the sequence.
    let before = Array(#"{"s":""#.utf8) + [0xC3] + Array(#"\u00e9"}"#.utf8)
    #expect(try values(".s", before) == ["\u{FFFD}é"])
    // A sequence running into a decoded `\n` at the end swallows it, as in jq.
    let atEnd = Array(#"{"s":""#.utf8) + [0xE2] + Array(#"\n"}"#.utf8)
    #expect(try values(".s", atEnd) == ["\u{FFFD}"])
  }

  @Test func keysWithEscapesMatch() throws {
    #expect(try values(".user", #"{"us\u0065r":1}"#) == ["1"])
    #expect(try values(#"."a\"b""#, #"{"a\"b":2}"#) == ["2"])
    #expect(try values(#".["a b"],."é""#, #"{"a b":3,"\u00e9":4}"#) == ["3", "4"])
  }

  @Test func compactKeepsEverythingButWhitespace() throws {
    #expect(
      try compact(#"  { "a" :  [ 1 ,2.0e1, "x \" y" ] ,"b":{ } }  "#)
        == #"{"a":[1,2.0e1,"x \" y"],"b":{}}"#)
    #expect(try compact(#""s\u00e9""#) == #""s\u00e9""#)
    #expect(try compact("\t[\r\n]") == "[]")
  }

  @Test func aByteOrderMarkIsIgnored() throws {
    let document: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#" {"a" : 1}"#.utf8)
    #expect(try values(".a", document) == ["1"])
    var extractor = JSONExtractor(paths: [])
    #expect(try extractor.values(of: document) == [#"{"a":1}"#])
    #expect(throws: JSONProblem.invalid(reason: "expected ':' after a key", offset: 8)) {
      try values(".a", [0xEF, 0xBB, 0xBF] + Array(#"{"a" 1}"#.utf8))
    }
  }

  // MARK: - Problems

  @Test(arguments: [
    "", "   ", "{", "[", "{\"a\"", "{\"a\":", "{\"a\":1", "[1,2", "\"abc", "{\"a\":\"x",
    "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1}}",
    "[1]]", "{\"a\":[1}", "[{\"a\":1]", "{\"a\":1} x", "{\"a\":1}{\"b\":2}", "1 2",
    "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
    "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":\"\\x\"}",
    "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\", "{\"a\":\"tab\there\"}",
    "{\"a\":\"nl\nhere\"}", "\u{1}", "}", "]", ":", ",",
  ])
  func invalidJSONIsAProblem(document: String) {
    #expect {
      try compact(document)
    } throws: { error in
      guard case .invalid = error as? JSONProblem else { return false }
      return true
    }
    #expect(throws: JSONProblem.self, "with a path") { try values(".a", document) }
  }

  @Test func problemsSayWhereAndWhat() throws {
    #expect(throws: JSONProblem.invalid(reason: "expected ',' or '}'", offset: 7)) {
      try values(".a", #"{"a":1 "b":2}"#)
    }
    #expect(throws: JSONProblem.invalid(reason: "unexpected text after the JSON value", offset: 8))
    {
      try values(".a", #"{"a":1} x"#)
    }
    #expect(throws: JSONProblem.invalid(reason: "invalid escape in a string", offset: 6)) {
      try values(".a", #"{"a":"\q"}"#)
    }
    #expect(throws: JSONProblem.invalid(reason: "unexpected end of the record", offset: 6)) {
      try values(".a", #"{"a":1"#)
    }
    #expect(throws: JSONProblem.invalid(reason: "no JSON value in the record", offset: 0)) {
      try values(".a", " ")
    }
    let problem = JSONProblem.cannotIndex(
      path: try JSONPath(parsing: ".user.id"), step: 1, valueType: "string")
    #expect(throws: problem) { try values(".user.id", #"{"user":"bob"}"#) }
    #expect(problem.description == #".user.id: cannot index string with "id""#)
  }

  @Test func indexingTheWrongKindOfValueIsAProblem() throws {
    for (paths, document) in [
      (".a.b", #"{"a":5}"#), (".a.b", #"{"a":true}"#), (".a.b", #"{"a":[1]}"#),
      (".a[0]", #"{"a":{"0":1}}"#), (".a[0]", #"{"a":"s"}"#), (".x", "[1]"), (".x", #""s""#),
      (".[0]", "{}"), (".ok,.a.b", #"{"ok":1,"a":2}"#),
    ] {
      #expect(throws: JSONProblem.self, "\(paths) on \(document)") { try values(paths, document) }
    }
    // ...but not null, and not a path that is never reached.
    #expect(try values(".a.b", #"{"a":null}"#) == [nil])
    #expect(try values(".a.b.c", #"{"a":{"b":null}}"#) == [nil])
    #expect(try values(".b", #"{"a":5}"#) == [nil])
  }

  @Test func deepNestingNeitherCrashesNorRecurses() throws {
    let depth = 200_000
    let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(throws: JSONProblem.invalid(reason: "nesting deeper than 10000 levels", offset: 10_000))
    {
      try compact(deep)
    }
    let unbalanced = String(repeating: "{\"a\":", count: depth)
    #expect(throws: JSONProblem.self) { try values(".a.a", unbalanced) }
    let allowed = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(try compact(allowed) == allowed)
    let nested =
      String(repeating: #"{"a":"#, count: 5000) + "7" + String(repeating: "}", count: 5000)
    #expect(
      try values(".a.a.a.b,.a.a.a.a.a", nested) == [nil, String(nested.dropFirst(25).dropLast(5))])
  }

  /// Random damage to valid documents: never a crash, and whatever is
  /// accepted compacts to a document that is itself accepted.
  @Test func randomBytesNeverCrash() throws {
    var random = SeededRandom(seed: 6)
    let seed = Array(#"{"a":[1,-2.5e3,"x\"y\u00e9",{"b":null,"c":true}],"d":"é","e":{}}"#.utf8)
    let alphabet = Array(#"{}[]",:\0123456789-+.eEtrufalsn u"#.utf8) + [0x09, 0x0A, 0xC3, 0xFF]
    for _ in 0..<20_000 {
      var document = seed
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        let position = Int.random(in: 0..<document.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: document[position] = alphabet.randomElement(using: &random)!
        case 1: document.remove(at: position)
        default: document.insert(alphabet.randomElement(using: &random)!, at: position)
        }
      }
      var extractor = JSONExtractor(paths: [])
      if let text = try? extractor.values(of: document)[0] {
        #expect(try extractor.values(of: text) == [text])
      }
      var withPaths = JSONExtractor(paths: try JSONPath.list(parsing: ".a[3].c,.d,.a[2]"))
      _ = try? withPaths.values(of: document)
    }
  }

  // MARK: - Stage

  @Test func stageJoinsColumnsAndReportsBadRecords() throws {
    let collector = Collector()
    let stage = JsonStage(
      JSONExtractor(paths: try JSONPath.list(parsing: ".a,.b")), joinedBy: [0x2C], next: collector)
    try push([#"{"a":1,"b":"x"}"#, #"{"b":2}"#], through: stage)
    #expect(collector.records == ["1,x", ",2"])
    #expect(
      throws: RecordProblem(.invalidJSON, stage: "json", detail: "expected a JSON value at byte 6")
    ) {
      try push([#"{"a":}"#], through: stage)
    }
    #expect(
      throws: RecordProblem(
        .jsonCannotIndex, stage: "json", detail: #".a: cannot index array with "a""#)
    ) {
      try push(["[]"], through: stage)
    }
  }
}
