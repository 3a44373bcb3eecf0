extension StageDefinition {
  /// The numeric stages, in the order `sluice help` lists them.
  static let numericStages: [StageDefinition] = [.sum, .stats]

  /// `sum [-d DELIM] [LIST]`
  static let sum = StageDefinition(
    name: "sum", synopsis: "sum [-d DELIM] [LIST]",
    summary: "Write the sum of each field in LIST (default 1), tab-separated.",
    details: """
      Fields are runs of non-blanks, or separated by DELIM with -d (one or more bytes; \
      \\t for a tab); LIST is as for fields (7, 1,4, 2-5, 3-, -1), and the Nth number of \
      each record is added to column N. Numbers are integers or decimals (12, -3.5, +4, \
      .5, 1e3); blanks around them are ignored. Integer sums are exact (128 bits); a \
      column that meets a decimal is summed as a double and written in the shortest form \
      that reads back the same (whole values below 2^53 as integers). A field that is \
      missing, empty or not a number fails the run, or with --on-error skip drops the \
      whole record. Memory: one sum per column. Empty input writes 0 per column.
      """,
    examples: [
      "'sum 10' access.log.gz", "'sum -d , 2,3' sales.csv", #"'sum -d "\t" 3-' table.tsv"#,
    ],
    producesLines: true, parallelism: .mergeable
  ) { arguments throws(SluiceError) in
    let delimiter = try arguments.delimiter()
    var list = try! FieldList(parsing: "1")
    if let word = arguments.positional() { list = try arguments.fieldList(word) }
    return .stage { [list] next in SumStage(fields: list, delimiter: delimiter, next: next) }
  }

  /// `stats [-d DELIM] [FIELD]`
  static let stats = StageDefinition(
    name: "stats", synopsis: "stats [-d DELIM] [FIELD]",
    summary: "Write count, sum, min, max, mean, p50, p90 and p99 of field FIELD (default 1).",
    details: """
      Writes eight lines NAME<tab>VALUE. Count, sum, min and max are exact (the sum is \
      exact for integers, as in sum); mean is a double. The percentiles come from a \
      mergeable logarithmic sketch (DDSketch's idea) and are within 0.5% of the exact \
      value of that rank, kept between min and max; memory is bounded whatever the input \
      (at most 2 x 2048 buckets, 32 KiB). Beyond a ratio of about 7.8e8 between the \
      largest and smallest magnitude of one sign, the smallest are reported too large. \
      Empty input writes count 0 and the other names with empty values. FIELD is one field \
      number (negative counts from the end); -d and problems with fields are as in sum.
      """,
    examples: ["'stats 11' access.log.gz", "'grep -F GET | stats -1' timings.log"],
    producesLines: true, parallelism: .mergeable
  ) { arguments throws(SluiceError) in
    let delimiter = try arguments.delimiter()
    var field = 1
    if let word = arguments.positional() {
      let list = try arguments.fieldList(word)
      switch list.items.count == 1 ? list.items[0] : nil {
      case .field(let number)?: field = number
      case .range(let from, let to)? where to == from: field = from
      default:
        throw arguments.error(
          "takes one field number, not a list or range ('\(word.text)')", at: word)
      }
    }
    return .stage { [field] next in StatsStage(field: field, delimiter: delimiter, next: next) }
  }
}
