/// Makes a configured stage, given the stage it passes records to.
public typealias StageFactory = @Sendable (_ next: any Stage) -> any Stage

/// What one stage's words in a program mean.
public enum ParsedStage: Sendable {
  /// A framing stage: what a record is, what the output writes after each
  /// record (nothing for byte chunks), and whether records are separated by an
  /// empty line on output.
  case framing(Framing, terminator: UInt8?, blankLineBetween: Bool)
  /// A transform or aggregate.
  case stage(StageFactory)
  /// A stage that writes the records it gets as the output would (`split`),
  /// made once the record terminator and blank-line rule in force at its
  /// place in the program are known.
  case writer(@Sendable (_ terminator: UInt8?, _ blankLineBetween: Bool) -> StageFactory)
}

/// A stage as the program language knows it: its name, its help, and how its
/// words are parsed. The catalog (``StageCatalog``) lists them all.
public struct StageDefinition: Sendable {
  /// The name used in programs.
  public let name: String
  /// The stage with its arguments, as in a synopsis: `head N`.
  public let synopsis: String
  /// One line saying what it does.
  public let summary: String
  /// More about it: arguments, memory use, edge cases.
  public let details: String
  /// Programs that use it.
  public let examples: [String]
  /// Whether it frames records (and so must come first).
  public let isFraming: Bool
  /// Whether its output records are new lines of text (an aggregate's
  /// report), written with LF whatever the input's framing.
  public let producesLines: Bool
  /// How it can take part in a run that reads several inputs at once (`-j`).
  public let parallelism: StageParallelism
  /// Parses the stage's words; every bad word is a usage error pointing at it.
  public let parse: @Sendable (inout StageArguments) throws(SluiceError) -> ParsedStage

  /// Creates a definition; see the properties.
  public init(
    name: String, synopsis: String, summary: String, details: String = "", examples: [String] = [],
    isFraming: Bool = false, producesLines: Bool = false,
    parallelism: StageParallelism = .ordered,
    parse: @escaping @Sendable (inout StageArguments) throws(SluiceError) -> ParsedStage
  ) {
    self.name = name
    self.synopsis = synopsis
    self.summary = summary
    self.details = details
    self.examples = examples
    self.isFraming = isFraming
    self.producesLines = producesLines
    self.parallelism = parallelism
    self.parse = parse
  }
}

/// How a stage can take part in a run that reads several inputs at once
/// (`-j`), where each input is read by a worker thread and the results are
/// combined in input order.
public enum StageParallelism: Sendable {
  /// Each record is handled on its own, whatever came before it (`grep`,
  /// `fields`, `cat`): every worker runs an instance of its own.
  case perRecord
  /// Like ``perRecord``, but carrying something from record to record
  /// within an input that starts afresh with the next input (`since` and
  /// `until` remember the last time seen): every input gets a fresh
  /// instance, also on one thread.
  case perInput
  /// An aggregate whose states, built by separate instances over separate
  /// inputs, merge into one (`count`, `count-by`, `sum`, `stats`): each
  /// worker aggregates its inputs and the states are merged in input order.
  case mergeable
  /// Keeps the first record with each key (`distinct`): an instance per
  /// input drops the repeats within it, and one instance over all inputs, in
  /// order, drops the rest.
  case firstOccurrence
  /// Depends on the order of the records across inputs (`head`, `tail`,
  /// `skip`, `sample`, `uniq`): one instance sees every record, in order.
  case ordered

  /// Whether the stage takes each record on its own (``perRecord`` or
  /// ``perInput``): a run of such stages at the start of a program is what
  /// each worker runs, and what `until` may cut short.
  public var isRecordByRecord: Bool { self == .perRecord || self == .perInput }
}
