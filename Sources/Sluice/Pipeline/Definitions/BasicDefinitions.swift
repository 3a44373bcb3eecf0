extension StageDefinition {
  /// `cat`
  static let cat = StageDefinition(
    name: "cat", synopsis: "cat",
    summary: "Pass records on unchanged; alone, copy the decoded input byte for byte.",
    details: """
      Without a framing stage, 'sluice cat' never splits the input: it writes the decoded \
      bytes as they are (no newline added to an unterminated last line; CR, NUL and \
      invalid UTF-8 kept), like 'gzip -dcf'. After other stages, records are written each \
      followed by its terminator.
      """,
    examples: ["cat app.log.2.gz app.log.1 app.log"], parallelism: .perRecord
  ) { _ throws(SluiceError) in
    .stage { next in next }
  }

  /// `count`
  static let count = StageDefinition(
    name: "count", synopsis: "count",
    summary: "Write the number of records.",
    details: """
      An unterminated last line counts. Alone, count reads no record into memory: it \
      counts line ends as the bytes go by. Empty input prints 0.
      """,
    examples: ["count access.log.gz", "'grep -F \" 500 \" | count' access.log"],
    producesLines: true, parallelism: .mergeable
  ) { _ throws(SluiceError) in
    .stage { next in CountStage(next: next) }
  }
}
