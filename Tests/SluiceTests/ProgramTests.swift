import Sluice
import Testing

@Suite struct ProgramTests {
  @Test func wordsAreSplitLikeAShellDoes() throws {
    let text = try ProgramText(#"grep -F " 500 " | fields 'a|b' "x\"y" back\ slash|count"#)
    #expect(
      text.stages.map { $0.map(\.text) } == [
        ["grep", "-F", " 500 "], ["fields", "a|b", "x\"y", "back slash"], ["count"],
      ])
    #expect(text.stages[1][0].position == 18)
    let regex = try ProgramText(#"records --start "^\d{4}-\"x\\" | grep '\d' \d"#)
    #expect(regex.stages[0].map(\.text) == ["records", "--start", #"^\d{4}-"x\"#])
    #expect(regex.stages[1].map(\.text) == ["grep", #"\d"#, "d"])
  }

  @Test func syntaxErrorsPointAtTheSpot() {
    #expect(throws: SluiceError.usage("unterminated quote\n  cat | 'oops\n        ^")) {
      try ProgramText("cat | 'oops")
    }
    #expect(throws: SluiceError.usage("empty stage before '|'\n  | count\n  ^")) {
      try ProgramText("| count")
    }
    #expect(throws: SluiceError.usage("empty stage after '|'\n  cat |\n       ^")) {
      try ProgramText("cat |")
    }
    #expect(throws: SluiceError.usage("empty program\n  \n  ^")) { try ProgramText("") }
  }

  @Test func stagesAndTheirOptions() throws {
    #expect(try Program("count").stageNames == ["count"])
    #expect(try Program("count").framing == nil)
    #expect(try Program("cat").stageNames == ["cat"])
    #expect(try Program("lines").stageNames == [])
    #expect(try Program("lines | count").framing != nil)
    #expect(try Program(#"records -s '\0' | count"#).framing != nil)
    #expect(try Program("records -p | cat").stageNames == ["cat"])
    #expect(try Program(#"records --separator \\t"#).framing != nil)
    #expect(try Program("count | cat | count").stageNames == ["count", "cat", "count"])
  }

  @Test(arguments: [
    ("frob", "unknown stage 'frob' (see 'sluice help')\n  frob\n  ^"),
    ("cuont", "unknown stage 'cuont'; did you mean 'count'?\n  cuont\n  ^"),
    ("count extra", "count: unexpected argument 'extra'; usage: count\n  count extra\n        ^"),
    ("cat -x", "cat: unknown option '-x'; usage: cat\n  cat -x\n      ^"),
    ("records -s", "records: -s needs a value\n  records -s\n          ^"),
    ("records", "records: needs -s SEP, -p or --start REGEX\n  records\n  ^"),
    (
      "records -s ab",
      "records: separator must be one byte (a character, \\0, \\t, \\n or \\xHH)\n  records -s ab\n             ^"
    ),
    (
      "records -p | lines",
      "lines: a framing stage must come first\n  records -p | lines\n               ^"
    ),
  ])
  func badProgramsAreUsageErrors(program: String, message: String) {
    #expect(throws: SluiceError.usage(message)) { try Program(program) }
  }

  @Test func byteSizes() throws {
    #expect(try ByteSize(parsing: "4096").bytes == 4096)
    #expect(try ByteSize(parsing: "64K").bytes == 64 << 10)
    #expect(try ByteSize(parsing: "1m").bytes == 1 << 20)
    #expect(try ByteSize(parsing: "2GiB").bytes == 2 << 30)
    #expect(try ByteSize(parsing: "3MB").bytes == 3 << 20)
    #expect(ByteSize(bytes: 64 << 20).description == "64M")
    for bad in ["", "K", "-1", "0", "1.5M", "12Q", "99999999999999999999G"] {
      #expect(throws: SluiceError.self) { try ByteSize(parsing: bad) }
    }
  }
}
