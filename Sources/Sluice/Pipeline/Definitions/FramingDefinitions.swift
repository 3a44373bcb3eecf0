extension StageDefinition {
  /// `lines [--strip-cr]`
  static let lines = StageDefinition(
    name: "lines", synopsis: "lines [--strip-cr]",
    summary: "Frame records as lines, the default.",
    details: """
      Records end at LF, which is not part of the record; an unterminated last line is still \
      a line. --strip-cr also removes one CR before each LF (for CRLF text).
      """,
    examples: ["'lines --strip-cr | count' dos.txt"], isFraming: true
  ) { arguments throws(SluiceError) in
    let strip = arguments.flag("--strip-cr")
    return .framing(strip ? .linesStrippingCR : .lines, terminator: 0x0A, blankLineBetween: false)
  }

  /// `records -s SEP | -p | --start REGEX`
  static let records = StageDefinition(
    name: "records", synopsis: "records -s SEP | -p | --start REGEX",
    summary:
      "Frame records ending at a byte (-s), paragraphs (-p), or multi-line records (--start).",
    details: """
      -s SEP: records end at the byte SEP (a character, \\0, \\t, \\n, \\r or \\xHH), which \
      is not part of the record; cat writes SEP after each. -p: records are paragraphs, \
      separated by one or more empty lines; cat writes an empty line between them. \
      --start REGEX: a record begins at each line matching REGEX (PCRE2 syntax, as in \
      grep) and takes the lines after it up to the next such line, as a log line and its \
      stack trace; lines before the first match form a record of their own. Later stages \
      see whole records: grep matches anywhere in one and passes all of it on.
      """,
    examples: [
      #"'records --start "^\d{4}-\d\d-\d\d " | grep NullPointerException | count' app.log.gz"#,
      #""records -s '\0' | count" names.bin"#, "'records -p | count' notes.txt",
    ],
    isFraming: true
  ) { arguments throws(SluiceError) in
    if arguments.flag("-p", "--paragraph") {
      return .framing(.paragraphs, terminator: 0x0A, blankLineBetween: true)
    }
    if let word = try arguments.value("--start") {
      let matcher: RecordMatcher
      do {
        matcher = try RecordMatcher(pattern: word.text)
      } catch {
        throw arguments.error("\(error)", at: word)
      }
      return .framing(
        .records(startingWhere: { matcher.matches($0) }), terminator: 0x0A, blankLineBetween: false)
    }
    guard let word = try arguments.value("-s", "--separator") else {
      throw arguments.error("needs -s SEP, -p or --start REGEX")
    }
    let byte = try arguments.separatorByte(word)
    return .framing(.separated(by: byte), terminator: byte, blankLineBetween: false)
  }
}

extension StageDefinition {
  /// `chunks SIZE [--lines]`
  static let chunks = StageDefinition(
    name: "chunks", synopsis: "chunks SIZE [--lines]",
    summary: "Frame records as blocks of SIZE decoded bytes (64K, 1M, ...).",
    details: """
      Each record is SIZE bytes of the decoded input (the last of each file may be \
      shorter); with --lines, a block runs on to the end of the line it stops in, so no \
      line is split. Nothing is written between blocks, so 'chunks 1M | cat' gives the \
      input back unchanged. SIZE may not exceed --max-record.
      """,
    examples: ["'chunks 1M --lines | count' big.log"], isFraming: true
  ) { arguments throws(SluiceError) in
    let lineAligned = arguments.flag("--lines")
    let word = try arguments.required("block SIZE (e.g. 64K or 1M)")
    guard let size = try? ByteSize(parsing: word.text) else {
      throw arguments.error("'\(word.text)' is not a size (examples: 4096, 64K, 1M)", at: word)
    }
    return .framing(
      .chunks(of: size.bytes, lineAligned: lineAligned), terminator: nil, blankLineBetween: false)
  }
}

extension StageArguments {
  /// A one-byte separator: a character, or `\0`, `\t`, `\n`, `\r`, `\\`, `\xHH`.
  func separatorByte(_ word: ProgramWord) throws(SluiceError) -> UInt8 {
    let escapes: [String: UInt8] = ["\\0": 0, "\\t": 9, "\\n": 10, "\\r": 13, "\\\\": 92]
    if let byte = escapes[word.text] { return byte }
    if word.text.hasPrefix("\\x"), word.text.count == 4,
      let byte = UInt8(word.text.dropFirst(2), radix: 16)
    {
      return byte
    }
    let utf8 = Array(word.text.utf8)
    guard utf8.count == 1 else {
      throw error("separator must be one byte (a character, \\0, \\t, \\n or \\xHH)", at: word)
    }
    return utf8[0]
  }
}
