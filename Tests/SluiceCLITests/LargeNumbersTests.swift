import Foundation
import Testing

// Numbers in a program far beyond any input (found by Fuzz/FuzzProgram):
// `tail 99999999999` made room for that many records before reading one,
// and crashed; `sum 1-99999999999` made that many columns. Now `tail` keeps
// only the records it has seen, and field numbers stop at 65536.

@Suite("numbers in programs far beyond the input")
struct LargeNumbersTests {
  static let input = "a 1\nb 2\nc 3\n"

  @Test(arguments: ["tail 99999999999", "sample -n 99999999999", "head 99999999999"])
  func countsBeyondTheInputTakeItAll(program: String) throws {
    let dir = try TempDir()
    let path = try dir.write("in.log", Array(Self.input.utf8))
    let result = try Sluice.run([program, path], timeout: .seconds(20))
    #expect(result.status == 0 && !result.signaled, "\(result)")
    #expect(String(decoding: result.stdout, as: UTF8.self) == Self.input, "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
  }

  @Test(arguments: [
    ("fields 1-99999999999", "1-99999999999"),
    ("sum 1-99999999999", "1-99999999999"),
    ("count-by 2,65537", "65537"),
    ("distinct -65537", "-65537"),
    ("stats 99999999999", "99999999999"),
  ])
  func fieldNumbersStopAt65536(program: String, part: String) throws {
    let dir = try TempDir()
    let path = try dir.write("in.log", Array(Self.input.utf8))
    let result = try Sluice.run([program, path], timeout: .seconds(20))
    #expect(result.status == 64 && !result.signaled, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(
      result.stderrLines.first?.contains("'\(part)': fields are numbered up to 65536") == true,
      "\(result)")
  }

  @Test func theHighestFieldIsAccepted() throws {
    let dir = try TempDir()
    let path = try dir.write("in.log", Array(Self.input.utf8))
    let result = try Sluice.run(["fields 2,65536 | count-by 1", path], timeout: .seconds(20))
    #expect(result.status == 0 && !result.signaled, "\(result)")
    #expect(
      String(decoding: result.stdout, as: UTF8.self) == "1\t1\n1\t2\n1\t3\n", "\(result)")
  }
}
