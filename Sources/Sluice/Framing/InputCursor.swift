/// Walks an ``Input``'s sources in order, opening each when it is reached and
/// dropping it (which closes it) when it has been read to its end.
struct InputCursor {
  private let sources: [InputSource]
  private let options: ReadOptions
  private var nextIndex = 0
  private(set) var current: DecodedInput?

  init(_ input: Input) {
    sources = input.sources
    options = input.options
  }

  /// Finishes the current source, reporting its warning, and opens the next;
  /// `nil` when all sources are done.
  mutating func advance() throws(SluiceError) -> DecodedInput? {
    finishCurrent()
    guard nextIndex < sources.count else { return nil }
    let source = sources[nextIndex]
    nextIndex += 1
    let opened = try DecodedInput(opening: source, options: options)
    current = opened
    return opened
  }

  /// Closes the current source, reporting its warning if it has one.
  mutating func finishCurrent() {
    if let warning = current?.warning { options.onWarning?(warning) }
    current = nil
  }
}

/// Reads the records of every source of an ``Input`` in turn: the state behind
/// the library's record iteration.
///
/// Each source is framed on its own, so a source's unterminated last line ends
/// there and does not run on into the next source.
struct InputRecords {
  private var cursor: InputCursor
  private var reader: RecordReader
  private var started = false

  init(_ input: Input) {
    cursor = InputCursor(input)
    reader = RecordReader(options: input.options)
  }

  /// The next record under `framing`, or `nil` when every source is done.
  mutating func next(_ framing: Framing) throws(SluiceError) -> Record? {
    while true {
      if started, let record = try reader.next(framing) { return record }
      started = true
      guard let input = try cursor.advance() else { return nil }
      reader.begin(input)
    }
  }
}
