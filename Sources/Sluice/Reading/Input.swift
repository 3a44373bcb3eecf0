/// A list of inputs read one after another as one stream of decoded bytes.
///
/// Each input is opened only when the stream reaches it and closed when it is
/// done, so at most one input is open at a time. Plain, gzip, bzip2, xz and
/// zstd inputs can be mixed; the format of each is recognised from its first
/// bytes.
///
/// ```swift
/// let input = Input(paths: ["access.log", "access.log.1.gz"])
/// let errors = try input.withLines { lines in
///   lines.count { $0.contains(" 500 ") }
/// }
/// ```
public struct Input: Sendable {
  /// The inputs, in reading order.
  public var sources: [InputSource]
  /// How the inputs are read.
  public var options: ReadOptions

  /// Creates an input from command-line style paths: `-` is standard input,
  /// and no paths at all means standard input.
  public init(paths: [String], options: ReadOptions = ReadOptions()) {
    let sources = paths.map(InputSource.init(argument:))
    self.init(sources: sources.isEmpty ? [.standardInput] : sources, options: options)
  }

  /// Creates an input from explicit sources.
  public init(sources: [InputSource], options: ReadOptions = ReadOptions()) {
    self.sources = sources
    self.options = options
  }

  /// The process's standard input.
  public static var standardInput: Input { Input(sources: [.standardInput]) }
}

/// Settings for reading an ``Input``.
public struct ReadOptions: Sendable {
  /// The longest record, in bytes, that record framing accepts; a longer one
  /// is a ``SluiceError/recordTooLarge(input:record:limit:)`` error rather than
  /// unbounded memory. The default is 64 MiB.
  public var maxRecordSize: Int

  /// The size of the buffer decoded bytes are read into. Records shorter than
  /// this are never copied; longer ones grow the buffer up to
  /// ``maxRecordSize``. The default is 128 KiB.
  public var bufferSize: Int

  /// Whether gzip, bzip2 and xz input is decoded on a second thread, a few
  /// buffers ahead of the reader, so decoding overlaps framing and the
  /// stages (zstd decodes faster than handing its output across would pay
  /// for, so it never is). Peak memory grows by those buffers (2 x 256 KiB).
  /// Off by default; the command line turns it on when it has a core to
  /// spare (`-j`).
  public var decodeAhead: Bool

  /// The library that inflates gzip data. The default is the fastest this
  /// build has (``InflateBackend/fastest``); it must be available.
  public var inflateBackend: InflateBackend

  /// Called with each warning (such as trailing garbage after gzip or bzip2
  /// data) when the input it concerns has been read to its end.
  public var onWarning: (@Sendable (SluiceWarning) -> Void)?

  /// Told how many bytes are read and decoded, and records framed, for a
  /// progress display; `nil` (the default) counts nothing.
  public var meter: ProgressMeter?

  /// Creates read options; see each property for its default.
  public init(
    maxRecordSize: Int = 64 << 20, bufferSize: Int = 128 << 10, decodeAhead: Bool = false,
    inflateBackend: InflateBackend = .fastest,
    onWarning: (@Sendable (SluiceWarning) -> Void)? = nil
  ) {
    // Two bytes, as before sniffing looked for six: a smaller first read is
    // sniffed aside (DecodedInput).
    precondition(maxRecordSize > 0 && bufferSize >= 2)
    precondition(inflateBackend.isAvailable, "\(inflateBackend) is not compiled in")
    self.inflateBackend = inflateBackend
    self.maxRecordSize = maxRecordSize
    self.bufferSize = bufferSize
    self.decodeAhead = decodeAhead
    self.onWarning = onWarning
  }
}
