/// The last stage of a run, fed either whole records (when the program frames
/// them) or raw decoded blocks (when it does not).
struct Action {
  private enum Kind {
    case cat(terminator: UInt8, blankLine: Bool)
    case count(terminator: UInt8)
  }

  private let kind: Kind
  private let sink: OutputSink
  private var records = RecordCount()
  private var counter: RecordCount.TerminatorCounter

  static func cat(_ sink: OutputSink, terminator: UInt8, blankLine: Bool) -> Action {
    Action(kind: .cat(terminator: terminator, blankLine: blankLine), sink: sink)
  }

  static func count(_ sink: OutputSink, terminator: UInt8) -> Action {
    Action(kind: .count(terminator: terminator), sink: sink)
  }

  private init(kind: Kind, sink: OutputSink) {
    self.kind = kind
    self.sink = sink
    if case .count(let terminator) = kind {
      counter = .init(terminator: terminator)
    } else {
      counter = .init()
    }
  }

  /// Takes one framed record.
  mutating func process(_ record: Record) throws {
    switch kind {
    case .cat(let terminator, let blankLine):
      if blankLine && records.value > 0 { try sink.write(terminator) }
      try record.withUnsafeBytes { try sink.write($0) }
      try sink.write(terminator)
      records.add()
    case .count:
      records.add()
    }
  }

  /// Takes the next block of an unframed input.
  mutating func process(block: UnsafeRawBufferPointer) throws {
    switch kind {
    case .cat: try sink.write(block)
    case .count: counter.add(block)
    }
  }

  /// Marks the end of one input (complete or cut short by an error).
  mutating func endOfInput() throws {
    guard case .count(let terminator) = kind else { return }
    records.merge(counter.count)
    counter = .init(terminator: terminator)
  }

  /// Writes what is due at the end of the run.
  mutating func finish() throws {
    if case .count = kind { try sink.write("\(records.value)\n") }
  }
}
