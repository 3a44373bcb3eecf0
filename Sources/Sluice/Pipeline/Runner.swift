import SystemPackage

/// Runs a ``Program`` over an ``Input`` and writes the result to standard
/// output.
///
/// Each source is read in turn. A source that cannot be opened or is corrupt
/// is reported and the run goes on with the next one; everything decoded from
/// it before the fault has already been processed. A write failure ends the
/// run at once; a closed pipe ends it quietly. The run's exit status is the
/// most severe problem met.
public struct Runner {
  private let program: Program
  private let input: Input
  private let diagnostics: Diagnostics
  private let output: FileDescriptor

  /// Creates a run of `program` over `input`, reporting problems to
  /// `diagnostics` and writing data to `output`.
  public init(
    program: Program, input: Input, diagnostics: Diagnostics = .standardError,
    output: FileDescriptor = .standardOutput
  ) {
    self.program = program
    self.input = input
    self.diagnostics = diagnostics
    self.output = output
  }

  /// Runs to the end of the input (or of the output) and returns the exit
  /// status.
  public func run() -> ExitStatus {
    let sink = OutputSink(descriptor: output)
    var input = self.input
    input.options.onWarning = { [diagnostics] in diagnostics.report($0) }
    var worst = ExitStatus.success
    var action = makeAction(sink)
    var feed = Feed(framing: program.framing, options: input.options)
    var cursor = InputCursor(input)
    do {
      while true {
        do {
          guard let source = try cursor.advance() else { break }
          try feed.pass(source, to: &action)
        } catch let error as SluiceError where error.isAboutAnInput {
          diagnostics.report(error)
          worst = max(worst, error.exitStatus)
        }
        try action.endOfInput()
      }
      try action.finish()
      try sink.flush()
    } catch is OutputClosed {
      return worst
    } catch let error as SluiceError {
      diagnostics.report(error)
      return max(worst, error.exitStatus)
    } catch {
      preconditionFailure("unexpected error \(error)")
    }
    return worst
  }

  private func makeAction(_ sink: OutputSink) -> Action {
    switch program.action {
    case .cat:
      .cat(sink, terminator: program.terminator, blankLine: program.blankLineBetweenRecords)
    case .count:
      .count(sink, terminator: program.terminator)
    }
  }
}

/// How a run reads each input: framed into records when the program has a
/// framing stage, else as raw decoded blocks that nothing needs to split.
private struct Feed {
  private let framing: Framing?
  private var reader: RecordReader
  private let block: ByteStorage

  init(framing: Framing?, options: ReadOptions) {
    self.framing = framing
    reader = RecordReader(options: options)
    block = ByteStorage(capacity: options.bufferSize)
  }

  mutating func pass(_ source: DecodedInput, to action: inout Action) throws {
    if let framing {
      reader.begin(source)
      while let record = try reader.next(framing) { try action.process(record) }
    } else {
      let buffer = UnsafeMutableRawBufferPointer(start: block.base, count: block.capacity)
      while case let count = try source.read(into: buffer), count > 0 {
        try action.process(block: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      }
    }
  }
}
