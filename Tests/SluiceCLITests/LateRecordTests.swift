import Foundation
import Testing

// Records a stage passes on at the end of the run (an aggregate's result,
// what `tail` or `sample -n` kept) that a later stage cannot handle: they
// belong to no input record, so `--on-error` is applied where they are
// passed on. These programs crashed sluice (found by Fuzz/FuzzProgram).

@Suite("records passed on at the end")
struct LateRecordTests {
  struct Case: Sendable, CustomStringConvertible {
    let program: String
    /// stdout and the message under `--on-error fail` and `skip`.
    let failMessage: String
    let skipOutput: String
    let skipMessage: String
    var description: String { program }
  }

  // Two inputs, so that -j 2 runs them on two threads.
  static let first = "10.0.0.1 a\nb\n"
  static let second = "5 x\n7 y\n"

  static let cases: [Case] = [
    Case(
      program: "grep -v zz | tail 3 | sum 1",
      failMessage:
        #"sluice: a record 'tail' passed on at the end: sum: not a number: field 1 is "b" (--on-error skip leaves such records out)"#,
      skipOutput: "12\n",
      skipMessage:
        #"sluice: skipped 1 record: not a number (first: a record 'tail' passed on at the end: sum: field 1 is "b")"#
    ),
    Case(
      program: "count | sum 2",
      failMessage:
        "sluice: a record 'count' passed on at the end: sum: not a number: field 2 is missing (--on-error skip leaves such records out)",
      skipOutput: "0\n",
      skipMessage:
        "sluice: skipped 1 record: not a number (first: a record 'count' passed on at the end: sum: field 2 is missing)"
    ),
    Case(
      program: "sample -n 3 --seed 1 | sum 1",
      failMessage:
        #"sluice: a record 'sample' passed on at the end: sum: not a number: field 1 is "10.0.0.1" (--on-error skip leaves such records out)"#,
      skipOutput: "7\n",
      skipMessage:
        #"sluice: skipped 2 records: not a number (first: a record 'sample' passed on at the end: sum: field 1 is "10.0.0.1")"#
    ),
    Case(
      program: "count-by 2 | tail 1 | json .n",
      failMessage:
        "sluice: a record 'tail' passed on at the end: json: invalid JSON: unexpected text after the JSON value at byte 3 (--on-error skip leaves such records out)",
      skipOutput: "",
      skipMessage:
        "sluice: skipped 1 record: invalid JSON (first: a record 'tail' passed on at the end: json: unexpected text after the JSON value at byte 3)"
    ),
  ]

  @Test(arguments: cases)
  func policyApplies(to testCase: Case) throws {
    let dir = try TempDir()
    let a = try dir.write("a.log", Array(Self.first.utf8))
    let b = try dir.write("b.log", Array(Self.second.utf8))
    for jobs in ["1", "2"] {
      let failed = try Sluice.run(["-j", jobs, testCase.program, a, b], timeout: .seconds(20))
      #expect(failed.status == 65 && !failed.signaled, "-j \(jobs): \(failed)")
      #expect(failed.stdout.isEmpty, "-j \(jobs): \(failed)")
      #expect(failed.stderrLines == [testCase.failMessage], "-j \(jobs): \(failed)")

      let skipped = try Sluice.run(
        ["-j", jobs, "--on-error", "skip", testCase.program, a, b], timeout: .seconds(20))
      #expect(skipped.status == 0 && !skipped.signaled, "-j \(jobs): \(skipped)")
      #expect(String(decoding: skipped.stdout, as: UTF8.self) == testCase.skipOutput, "-j \(jobs)")
      #expect(skipped.stderrLines == [testCase.skipMessage], "-j \(jobs): \(skipped)")
    }
  }

  /// The records of the inputs keep their numbers and `--on-error` as before
  /// when they pass through a stage that passes records on as they come.
  @Test func inputRecordsKeepTheirNumbers() throws {
    let dir = try TempDir()
    let a = try dir.write("a.log", Array(Self.first.utf8))
    let result = try Sluice.run(["uniq -c | sum 2", a], timeout: .seconds(20))
    #expect(result.status == 65, "\(result)")
    #expect(
      result.stderrLines == [
        #"sluice: \#(a): record 2: sum: not a number: field 2 is "10.0.0.1" (--on-error skip leaves such records out)"#
      ], "\(result)")
  }
}
