// bzip2, xz and zstd as the oracles for sluice's decoders: compressing test
// data with the real tools, decoding it with their `-dc`, and holding a run of
// the sluice binary to what the tool did.

import Foundation
import Testing

/// A compressed format other than gzip, and its reference tool.
enum FormatTool: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case bzip2, xz, zstd

  var testDescription: String { rawValue }

  /// The file name suffix, for readable temporary files (sluice never looks).
  var suffix: String {
    switch self {
    case .bzip2: "bz2"
    case .xz: "xz"
    case .zstd: "zst"
    }
  }

  /// `tool -c options` on `bytes`, given on standard input, or as a file
  /// argument with `viaFile` (zstd then records the content size).
  func compress(_ bytes: [UInt8], _ options: [String] = [], viaFile: Bool = false) throws
    -> [UInt8]
  {
    let scratch = try TempDir(prefix: "sluice-compress")
    let arguments = [rawValue, "-c", "-q"] + options
    let result =
      viaFile
      ? try runProcess("/usr/bin/env", arguments + [try scratch.write("data", bytes)])
      : try runProcess("/usr/bin/env", arguments, stdin: .bytes(bytes))
    guard result.status == 0, !result.signaled else {
      throw SubprocessError(description: "\(rawValue) \(options) failed: \(result)")
    }
    return result.stdout
  }

  /// `tool -dc` on `bytes`: the oracle.
  func decompress(_ bytes: [UInt8], _ options: [String] = []) throws -> RunResult {
    try runProcess("/usr/bin/env", [rawValue, "-dc"] + options, stdin: .bytes(bytes))
  }

  /// How `tool -dc` ended.
  enum Verdict: Equatable {
    case success
    /// It delivered everything and warned: bzip2's trailing garbage (exit
    /// 0), xz's unsupported check (exit 2).
    case warning
    case failure
  }

  func verdict(of result: RunResult) -> Verdict {
    switch (self, result.status) {
    case (_, _) where result.signaled: .failure
    case (.bzip2, 0): result.stderr.contains("trailing garbage") ? .warning : .success
    case (_, 0): .success
    case (.xz, 2): .warning
    default: .failure
    }
  }

  /// The tool's words for each fault, as they appear in its message; sluice
  /// uses the same words (in lower case).
  var faultPhrases: [String] {
    switch self {
    case .bzip2:
      ["compressed file ends unexpectedly", "data integrity error when decompressing"]
    case .xz:
      [
        "unexpected end of input", "compressed data is corrupt", "unsupported options",
        "memory usage limit reached", "file format not recognized",
      ]
    case .zstd:
      // Besides these, libzstd's own descriptions: see faultPhrase(in:).
      ["premature end", "unknown header", "unsupported format"]
    }
  }

  /// The phrase of ``faultPhrases`` in the tool's message, if any; for a
  /// zstd decoding error, libzstd's description of it.
  func faultPhrase(in message: String) -> String? {
    let lower = message.lowercased()
    if self == .zstd, let match = lower.firstMatch(of: /decoding error \(36\) : ([^\n]*)/) {
      return match.1.trimmingCharacters(in: .whitespaces)
    }
    return faultPhrases.first { lower.contains($0) }
  }

  /// Whether the fault is the input ending too early, reported at its end.
  func isTruncation(_ phrase: String) -> Bool {
    ["compressed file ends unexpectedly", "unexpected end of input", "premature end"].contains(
      phrase)
  }
}

/// `sluice -j 1` (decoding on the reading thread) and `-j 2` (a single bzip2
/// or xz file is then decoded ahead on a second thread; zstd never is): held
/// to the same oracle and to each other.
let formatVariants: [[String]] = [["-j", "1"], ["-j", "2"]]

/// Runs `sluice cat` and `sluice count` on `input` (written to a file in
/// `dir`) in each of `modes` with each of the ``formatVariants``, and holds
/// them to `tool -dc`:
///
/// - the tool succeeds: identical output, exit 0, silent;
/// - the tool warns (bzip2's trailing garbage, xz's unsupported check):
///   identical output, exit 0, one `sluice: ` line naming the input;
/// - the tool fails: exit 65 and one line naming the input, with the tool's
///   words for the fault and `byte N` within the input (the input's size
///   when it ended too early); `cat` wrote what the tool wrote, and possibly
///   more, never anything that is not `original`: exactly the same for xz;
///   at most 4999 bytes more for bzip2, which drops its last partial
///   5000-byte buffer at a fault; for zstd whatever the tool lost of the
///   block before the fault (libzstd discards the output of a failing call).
///
/// Every variant must give exactly what the first gives: the same bytes, the
/// same message, the same status; `count` the same message as `cat`.
/// `toolOptions` go to the tool's `-dc`. Returns the oracle's result.
@discardableResult
func expectMatchesTool(
  _ tool: FormatTool, _ input: [UInt8], in dir: TempDir,
  modes: [InputMode] = [.fileArgument, .stdinPipe], original: [UInt8]? = nil,
  toolOptions: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) throws -> RunResult {
  let path = try dir.write("input.\(tool.suffix)", input)
  let oracle = try tool.decompress(input, toolOptions)
  let verdict = tool.verdict(of: oracle)
  let phrase = verdict == .failure ? tool.faultPhrase(in: oracle.stderr) : nil
  if verdict == .failure && phrase == nil {
    Issue.record(
      "\(tool) failed with a message the test does not know: \(oracle)",
      sourceLocation: sourceLocation)
  }
  for mode in modes {
    let shownName = mode.displayName(for: path)
    var first: [String: RunResult] = [:]
    for variant in formatVariants {
      for program in ["cat", "count"] {
        let result = try Sluice.run(program, options: variant, input: path, mode: mode)
        let context =
          "\(tool): \(program) \(variant.joined(separator: " ")), \(mode.rawValue), the tool said \(oracle)"
        let expected =
          program == "cat" ? oracle.stdout : countOutput(expectedLineCount(oracle.stdout))
        switch verdict {
        case .success:
          expectSuccess(result, stdout: expected, context, sourceLocation: sourceLocation)
        case .warning:
          #expect(
            result.status == 0 && !result.signaled, "\(context): \(result)",
            sourceLocation: sourceLocation)
          expectBytes(
            result.stdout, equal: expected, "\(context) stdout", sourceLocation: sourceLocation)
          #expect(
            result.stderrLines.count == 1, "\(context): one warning expected, \(result)",
            sourceLocation: sourceLocation)
          if let line = result.stderrLines.first {
            expectErrorLine(line, naming: shownName, context, sourceLocation: sourceLocation)
          }
        case .failure:
          expectFailure(
            result, status: 65, naming: shownName, byteOffsetAtMost: input.count, context,
            sourceLocation: sourceLocation)
          if let phrase {
            expectFaultLine(
              result, phrase: phrase, truncated: tool.isTruncation(phrase),
              inputSize: input.count, context, sourceLocation: sourceLocation)
          }
          if program == "cat" {
            expectDeliveredBeforeFault(
              tool, result.stdout, oracle: oracle.stdout, original: original, context,
              sourceLocation: sourceLocation)
          }
        }
        if let reference = first[program] {
          #expect(
            result.status == reference.status && result.stdout == reference.stdout
              && result.stderr == reference.stderr,
            "\(context): differs from \(formatVariants[0].joined(separator: " ")): \(result) vs \(reference)",
            sourceLocation: sourceLocation)
        } else {
          first[program] = result
        }
      }
    }
    if let cat = first["cat"], let count = first["count"], verdict != .success {
      #expect(
        cat.stderr == count.stderr, "\(tool), \(mode): cat and count report differently",
        sourceLocation: sourceLocation)
    }
  }
  return oracle
}

/// The one message line of a failed run carries the tool's words for the
/// fault, and a truncation is reported at the input's end.
private func expectFaultLine(
  _ result: RunResult, phrase: String, truncated: Bool, inputSize: Int, _ context: String,
  sourceLocation: SourceLocation
) {
  guard let line = result.stderrLines.first else { return }
  #expect(
    line.lowercased().contains(phrase), "\(context): \(line.debugDescription) lacks \"\(phrase)\"",
    sourceLocation: sourceLocation)
  if truncated {
    #expect(
      line.contains("at byte \(inputSize) "), "\(context): not at the end: \(line)",
      sourceLocation: sourceLocation)
  }
}

/// What `cat` wrote before a fault, against the tool's output (see
/// ``expectMatchesTool(_:_:in:modes:original:sourceLocation:)``).
private func expectDeliveredBeforeFault(
  _ tool: FormatTool, _ delivered: [UInt8], oracle: [UInt8], original: [UInt8]?,
  _ context: String, sourceLocation: SourceLocation
) {
  switch tool {
  case .xz:
    expectBytes(delivered, equal: oracle, "\(context) stdout", sourceLocation: sourceLocation)
  case .bzip2:
    expectBytes(
      delivered, startWith: oracle, "\(context) stdout vs bzip2's",
      sourceLocation: sourceLocation)
    #expect(
      delivered.count - oracle.count < 5000,
      "\(context): \(delivered.count) bytes, bzip2 \(oracle.count)", sourceLocation: sourceLocation)
  case .zstd:
    expectBytes(
      delivered, startWith: oracle, "\(context) stdout vs zstd's", sourceLocation: sourceLocation)
  }
  if let original {
    expectBytes(
      original, startWith: delivered, "\(context) original vs stdout",
      sourceLocation: sourceLocation)
  }
}
