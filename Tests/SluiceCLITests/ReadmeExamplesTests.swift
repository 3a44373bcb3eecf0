// The README's worked examples, run for real: every ```console block is a
// session of `$ command` lines, each followed by exactly what it prints.

import Foundation
import Testing

@Suite struct ReadmeExamplesTests {
  /// One `$ command` of the README and the output printed under it.
  struct Example: CustomTestStringConvertible {
    var command: String
    var expected: String
    /// The README line of the command, for the failure message.
    var line: Int
    var testDescription: String { "README.md:\(line): \(command)" }
  }

  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The examples of every ```console block, in README order.
  static func examples() throws -> [Example] {
    let text = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    var examples: [Example] = []
    var inConsole = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      if line == "```console" {
        inConsole = true
      } else if inConsole && line == "```" {
        inConsole = false
      } else if inConsole && line.hasPrefix("$ ") {
        examples.append(Example(command: String(line.dropFirst(2)), expected: "", line: index + 1))
      } else if inConsole, !examples.isEmpty {
        examples[examples.count - 1].expected += line + "\n"
      }
    }
    return examples
  }

  /// The examples depend on each other (a file written by one is read by the
  /// next), so they run in order, in one folder of freshly made logs.
  @Test func everyExampleInTheReadmePrintsWhatTheReadmeSays() throws {
    let examples = try Self.examples()
    #expect(examples.count >= 10, "the README lost its worked examples")
    let folder = try TempDir(prefix: "readme-examples")
    let made = try runProcess(
      "/bin/bash",
      [Self.packageRoot.appendingPathComponent("scripts/make-example-logs.sh").path, folder.path])
    try #require(made.status == 0, "make-example-logs.sh: \(made)")
    for example in examples {
      let result = try Sluice.runShell(
        #"cd "$1" && PATH="$(dirname "$SLUICE"):$PATH" && eval "$2""#,
        arguments: [folder.path, example.command])
      #expect(result.status == 0 && result.stderr.isEmpty, "\(example.testDescription): \(result)")
      #expect(
        String(decoding: result.stdout, as: UTF8.self) == example.expected,
        "\(example.testDescription)")
    }
  }
}
