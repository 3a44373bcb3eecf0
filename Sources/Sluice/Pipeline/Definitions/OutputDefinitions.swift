extension StageDefinition {
  /// The stages that write files, in the order `sluice help` lists them.
  static let outputStages: [StageDefinition] = [.split]

  /// `split -n N | -b SIZE [-l LEVEL] TEMPLATE`
  static let split = StageDefinition(
    name: "split", synopsis: "split -n N | -b SIZE [-l LEVEL] TEMPLATE",
    summary: "Write the records to numbered files of N records or at most SIZE bytes each.",
    details: """
      TEMPLATE names the parts with one %d or %0Nd, numbered from 1: part-%04d.gz \
      gives part-0001.gz, part-0002.gz, ... Every part ends at a record boundary and \
      is complete on its own: gzip-compressed (at level LEVEL, 1 to 9, 6 by default) \
      when the name ends in .gz, each a valid gzip file. With -b, a part takes records \
      up to SIZE bytes as written (uncompressed; K, M, G suffixes), and a longer \
      record gets a part of its own. One part is open at a time, written under a \
      temporary name and renamed when complete; a run stopped by a signal (Ctrl-C, \
      kill) removes it. The stage passes on the name of each \
      part as it is finished, so 'split ... | count' counts them. Existing files with \
      those names are replaced.
      """,
    examples: [
      "'split -n 1000000 part-%03d.gz' big.log.gz",
      "'grep -F \" 500 \" | split -b 100M errors-%02d.log' access.log*.gz",
    ],
    producesLines: true
  ) { arguments throws(SluiceError) in
    let records = try arguments.value("-n").map { word throws(SluiceError) in
      try arguments.integer(word, in: 1...Int.max, what: "the number of records per part")
    }
    let size = try arguments.value("-b").map { word throws(SluiceError) in
      do {
        let size = try ByteSize(parsing: word.text).bytes
        guard size > 0 else { throw arguments.error("the part size must be above 0", at: word) }
        return size
      } catch {
        throw arguments.error("\(error)", at: word)
      }
    }
    let level = try arguments.value("-l", "--level").map { word throws(SluiceError) in
      try arguments.integer(word, in: 1...9, what: "the gzip level")
    }
    let templateWord = try arguments.required("part name template (such as part-%04d.gz)")
    let template: PartTemplate
    do {
      template = try PartTemplate(parsing: templateWord.text)
    } catch {
      throw arguments.error("\(error)", at: templateWord)
    }
    let limit: SplitStage.Limit
    switch (records, size) {
    case (let records?, nil): limit = .records(records)
    case (nil, let size?): limit = .bytes(size)
    default:
      throw arguments.error("give one of -n N (records per part) or -b SIZE (bytes per part)")
    }
    return .writer { terminator, blankLineBetween in
      { next in
        SplitStage(
          limit: limit, template: template, level: level, terminator: terminator,
          blankLineBetween: blankLineBetween, next: next)
      }
    }
  }
}
