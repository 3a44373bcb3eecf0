/// A parsed pipeline program: how records are framed, and the stages they go
/// through.
public struct Program: Sendable {
  /// How records are framed, when the program starts with a framing stage.
  public private(set) var framing: Framing?
  /// The names of the stages after the framing stage, in order.
  public private(set) var stageNames: [String] = []
  /// How each stage (in ``stageNames`` order) can share a run over several
  /// inputs read at once.
  public private(set) var parallelism: [StageParallelism] = []
  /// The text the program was parsed from.
  let source: String
  /// What the stages were told about the run.
  public let options: ProgramOptions
  /// What the output writes after each record (nothing after byte chunks).
  private(set) var terminator: UInt8? = 0x0A
  /// Whether the output puts an empty line between records (paragraphs).
  private(set) var blankLineBetween = false
  private var factories: [StageFactory] = []

  /// Parses `source`, for a run as `options` say.
  ///
  /// - Throws: ``SluiceError/usage(_:)`` naming the stage and pointing at the
  ///   offending word.
  public init(_ source: String, options: ProgramOptions = ProgramOptions()) throws(SluiceError) {
    self.source = source
    self.options = options
    let text = try ProgramText(source)
    var recordByRecordSoFar = true
    for (index, words) in text.stages.enumerated() {
      var arguments = StageArguments(
        words, in: source, options: options, recordByRecordSoFar: recordByRecordSoFar)
      let name = arguments.name
      guard let definition = StageCatalog.definition(named: name.text) else {
        let hint =
          StageCatalog.suggestion(for: name.text).map { "; did you mean '\($0)'?" }
          ?? " (see 'sluice help')"
        throw ProgramText.error(
          "unknown stage '\(name.text)'\(hint)", in: source, at: name.position)
      }
      if definition.isFraming && index > 0 {
        throw arguments.error("a framing stage must come first")
      }
      let parsed = try definition.parse(&arguments)
      switch parsed {
      case .framing(let framing, let terminator, let blankLineBetween):
        self.framing = framing
        self.terminator = terminator
        self.blankLineBetween = blankLineBetween
      case .stage, .writer:
        if case .stage(let factory) = parsed {
          factories.append(factory)
        } else if case .writer(let make) = parsed {
          factories.append(make(terminator, blankLineBetween))
        }
        stageNames.append(name.text)
        parallelism.append(definition.parallelism)
        recordByRecordSoFar = recordByRecordSoFar && definition.parallelism.isRecordByRecord
        if definition.producesLines {
          terminator = 0x0A
          blankLineBetween = false
        }
      }
      try arguments.expectNoMore()
    }
  }

  /// Builds a fresh chain of this program's stages, ending in `output`, and
  /// returns its first stage; `late` handles the problems of records passed
  /// on at the end of the run.
  func makeChain(ending output: any Stage, late: LateRecords) -> any Stage {
    makeChain(stages: factories.indices, ending: output, late: late)
  }

  /// Builds fresh instances of the stages at `stages` (indices into
  /// ``stageNames``), in order, ending in `output`, and returns the first.
  ///
  /// A stage that may pass records on at the end of the run passes them
  /// through a ``LateRecordGuard`` reporting to `late`.
  func makeChain(stages: Range<Int>, ending output: any Stage, late: LateRecords) -> any Stage {
    stages.reversed().reduce(output) { next, index in
      guard !parallelism[index].isRecordByRecord else { return factories[index](next) }
      return factories[index](LateRecordGuard(next, madeBy: stageNames[index], late: late))
    }
  }

  /// The same program parsed again: stages and framing built from it share
  /// nothing (compiled patterns included) with those built from `self`, so
  /// that each thread of a parallel run can have its own.
  func reparsed() -> Program {
    do {
      return try Program(source, options: options)
    } catch {
      preconditionFailure("a program that parsed once failed to parse again: \(error)")
    }
  }
}
