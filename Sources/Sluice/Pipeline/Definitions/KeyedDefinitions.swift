extension StageDefinition {
  /// The keyed stages, in the order `sluice help` lists them.
  static let keyedStages: [StageDefinition] = [.countBy, .distinct, .uniq]

  /// `count-by [-d DELIM] [LIST]`
  static let countBy = StageDefinition(
    name: "count-by", synopsis: "count-by [-d DELIM] [LIST]",
    summary: "Count records by key; write COUNT<TAB>KEY lines, most frequent first.",
    details: """
      The key is the whole record, or with LIST the fields in LIST joined by a TAB \
      (fields as in 'fields': runs of blanks, or each DELIM with -d; LIST like 7, 1,4, \
      2-5, 3-, -1). At the end one line per distinct key: its count, a TAB, the key; \
      highest counts first, equal counts ordered by the key's bytes (as 'LC_ALL=C sort'). \
      Add '| head N' for the top N. Memory grows with the number of distinct keys: about \
      30 bytes per key plus the key itself while counting, and 36 more per key while \
      sorting at the end; a key already seen costs nothing more.
      """,
    examples: [
      "'count-by 7 | head 10' access.log.gz", "'count-by 1,9' access.log",
      "'count-by -d , 3' data.csv", "'grep ERROR | count-by' app.log",
    ],
    producesLines: true, parallelism: .mergeable
  ) { arguments throws(SluiceError) in
    let (delimiter, list) = try arguments.keyFields()
    return .stage { next in
      CountByStage(list.map { FieldSelector($0, delimiter: delimiter) }, next: next)
    }
  }

  /// `distinct [-d DELIM] [LIST]`
  static let distinct = StageDefinition(
    name: "distinct", synopsis: "distinct [-d DELIM] [LIST]",
    summary: "Keep the first record with each key, in input order.",
    details: """
      The key is the whole record, or with LIST the fields in LIST joined by a TAB \
      (fields as in 'fields'); the whole record is passed on either way. Unlike uniq, \
      duplicates need not be adjacent. Memory grows with the number of distinct keys, \
      about 25 bytes per key plus the key itself.
      """,
    examples: ["distinct hosts.txt", "'distinct 1' access.log.gz"],
    parallelism: .firstOccurrence
  ) { arguments throws(SluiceError) in
    let (delimiter, list) = try arguments.keyFields()
    return .stage { next in
      DistinctStage(list.map { FieldSelector($0, delimiter: delimiter) }, next: next)
    }
  }

  /// `uniq [-c]`
  static let uniq = StageDefinition(
    name: "uniq", synopsis: "uniq [-c]",
    summary: "Collapse runs of identical adjacent records into one.",
    details: """
      As uniq(1): only adjacent duplicates collapse (distinct drops all of them). With -c \
      each record is preceded by the length of its run and a TAB. Memory: one record.
      """,
    examples: ["'fields 1 | uniq -c' access.log", "'grep -F timeout | uniq' app.log"]
  ) { arguments throws(SluiceError) in
    let counting = arguments.flag("-c", "--count")
    return .stage { next in UniqStage(counting: counting, next: next) }
  }
}

extension StageArguments {
  /// The `[-d DELIM] [LIST]` of `count-by` and `distinct`: the field delimiter
  /// and the key's fields (`nil` for the whole record).
  fileprivate mutating func keyFields() throws(SluiceError) -> (
    FieldSplitter.Delimiter, FieldList?
  ) {
    let delimiter = try delimiter()
    guard let word = positional() else { return (delimiter, nil) }
    return (delimiter, try fieldList(word))
  }
}
