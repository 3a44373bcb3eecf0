extension StageDefinition {
  /// The matching stages, in the order `sluice help` lists them.
  static let matchingStages: [StageDefinition] = [.grep]

  /// `grep [-v] [-i] [-F] PATTERN`
  static let grep = StageDefinition(
    name: "grep", synopsis: "grep [-v] [-i] [-F] PATTERN",
    summary: "Keep the records that contain PATTERN (a regular expression, or with -F a string).",
    details: """
      A record is kept whole when PATTERN matches anywhere in it (in any line of a \
      multi-line record). -v keeps the records that do not match instead; -i ignores the \
      case of ASCII letters; -F takes PATTERN as a literal string. Options are separate \
      words in any order (-v -i, not -vi); write '--' before a PATTERN that starts with \
      '-'. An empty PATTERN matches every record.

      PATTERN is a PCRE2 regular expression (Perl syntax), matched against bytes, not \
      UTF-8 text, so records with invalid UTF-8 are searched like any other: . any byte \
      but LF, \\d digit, \\w letter, digit or _, \\s white space, \\b word boundary, [a-z] \
      [^0-9] classes, * + ? {n,m} repeats (add ? for the shortest), a|b alternatives, \
      (...) groups, (?:...) groups without capture, (?i) ignore case from here, (?s) let . \
      match LF, \\xHH the byte HH, \\Q...\\E literal text, (?=...) (?!...) lookahead. ^ and \
      $ match at the start and end of each line of a record. Escape a literal . * + ? ( ) \
      [ { | \\ ^ $ with \\, or use -F.

      The pattern is compiled once (JIT-compiled where the platform allows); matching \
      allocates nothing. A pattern that backtracks catastrophically on a record (such as \
      (a+)+$ on a long run of a) stops at PCRE2's limits (10,000,000 steps, 64 MiB); that \
      record is then an error, or skipped with --on-error skip. -F looks for the \
      pattern's two rarest bytes, many positions at a time, and needs no escaping.
      """,
    examples: [
      "'grep -F \" 500 \" | count' access.log.gz",
      #"'grep "GET /api/v1/users/\d+"' access.log"#,
      "'grep -v -i debug' app.log.1 app.log",
      "'records -p | grep -F Traceback' app.log",
    ],
    parallelism: .perRecord
  ) { arguments throws(SluiceError) in
    // The pattern first, so that `grep -- -v` searches for "-v".
    let pattern = arguments.positional()
    let inverted = arguments.flag("-v", "--invert-match")
    let ignoreCase = arguments.flag("-i", "--ignore-case")
    let literal = arguments.flag("-F", "--fixed-strings")
    guard let word = pattern else {
      try arguments.expectNoMore()  // `grep -vi` is about the option first
      throw arguments.missing("PATTERN")
    }
    let matcher: RecordMatcher
    do throws(PatternError) {
      matcher = try RecordMatcher(pattern: word.text, literal: literal, ignoreCase: ignoreCase)
    } catch {
      throw arguments.error(
        "invalid regular expression: \(error.message) at offset \(error.offset) of the pattern",
        at: word)
    }
    return .stage { next in GrepStage(matcher: matcher, inverted: inverted, next: next) }
  }
}
