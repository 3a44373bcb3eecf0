extension StageDefinition {
  /// The slicing stages, in the order `sluice help` lists them.
  static let slicingStages: [StageDefinition] = [.head, .tail, .skip, .sample]

  /// `head N`
  static let head = StageDefinition(
    name: "head", synopsis: "head N",
    summary: "Keep the first N records, then stop reading.",
    details: "Reading stops as soon as the Nth record is through, however large the input.",
    examples: ["'grep ERROR | head 10' app.log.gz"]
  ) { arguments throws(SluiceError) in
    let count = try arguments.count()
    return .stage { next in HeadStage(count, next: next) }
  }

  /// `tail N`
  static let tail = StageDefinition(
    name: "tail", synopsis: "tail N",
    summary: "Keep the last N records (memory: N records).",
    examples: ["'tail 20' app.log"]
  ) { arguments throws(SluiceError) in
    let count = try arguments.count()
    return .stage { next in TailStage(count, next: next) }
  }

  /// `skip N`
  static let skip = StageDefinition(
    name: "skip", synopsis: "skip N",
    summary: "Drop the first N records and keep the rest.",
    examples: ["'skip 1 | fields -d , 3' data.csv"]
  ) { arguments throws(SluiceError) in
    let count = try arguments.count()
    return .stage { next in SkipStage(count, next: next) }
  }

  /// `sample P | -n N [--seed N]`
  static let sample = StageDefinition(
    name: "sample", synopsis: "sample P | -n N [--seed S]",
    summary: "Keep each record with probability P, or a random N of them (-n).",
    details: """
      sample P keeps each record independently with probability P (0 to 1), in constant \
      memory. sample -n N keeps a uniform random sample of N records (all if there are \
      fewer), written at the end in input order; memory: N records. --seed S makes the \
      choice repeatable; without it every run differs.
      """,
    examples: ["'sample 0.01' access.log.gz", "'sample -n 100 --seed 7' access.log"]
  ) { arguments throws(SluiceError) in
    let seed =
      try arguments.value("--seed").map { word throws(SluiceError) in
        guard let seed = UInt64(word.text) else {
          throw arguments.error("the seed must be a whole number from 0", at: word)
        }
        return seed
      } ?? UInt64.random(in: .min ... .max)
    if let size = try arguments.value("-n") {
      let count = try arguments.integer(size, in: 0...Int.max, what: "the sample size")
      return .stage { next in ReservoirSampleStage(size: count, seed: seed, next: next) }
    }
    let word = try arguments.required("probability P or -n N")
    guard let probability = Double(word.text), (0...1).contains(probability) else {
      throw arguments.error("the probability must be a number from 0 to 1", at: word)
    }
    return .stage { next in BernoulliSampleStage(probability: probability, seed: seed, next: next) }
  }
}

extension StageArguments {
  /// The stage's one count argument, N ≥ 0.
  mutating func count() throws(SluiceError) -> Int {
    try integer(try required("count N"), in: 0...Int.max, what: "N")
  }
}
