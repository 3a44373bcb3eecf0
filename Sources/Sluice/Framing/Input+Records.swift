extension Input {
  /// Calls `body` with each record in turn, reading as it goes; the fastest
  /// way through an input.
  ///
  /// The record is a view into the read buffer: use it inside `body`, or keep
  /// it (which is safe, but makes the reader move on to a new buffer).
  /// Throws the first ``SluiceError`` met while reading, after `body` has seen
  /// every record before it, or the first error `body` throws.
  public func forEachRecord(
    _ framing: Framing = .lines, _ body: (Record) throws -> Void
  ) throws {
    var records = InputRecords(self)
    while let record = try records.next(framing) { try body(record) }
  }

  /// Calls `body` with each line in turn; see ``forEachRecord(_:_:)``.
  public func forEachLine(_ body: (Record) throws -> Void) throws {
    try forEachRecord(.lines, body)
  }

  /// Calls `body` with a lazy sequence of the input's records and returns
  /// what `body` returns.
  ///
  /// ```swift
  /// let firstErrors = try input.withRecords(.lines) { lines in
  ///   Array(lines.lazy.filter { $0.contains("ERROR") }.map(\.string).prefix(10))
  /// }
  /// ```
  ///
  /// Keep `prefix` last: a `map` after it is the eager one, and Swift then
  /// picks the eager `filter` too, which reads the whole input first.
  ///
  /// If reading fails, the sequence ends early and this method throws the
  /// ``SluiceError`` once `body` returns, so a truncated or corrupt input is
  /// never mistaken for a short one. Return owned values (such as `String`s
  /// or arrays) rather than lazy wrappers: the sequence cannot be used after
  /// `body` returns.
  public func withRecords<Result>(
    _ framing: Framing = .lines, _ body: (RecordSequence) throws -> Result
  ) throws -> Result {
    try RecordSequenceState(self, framing: framing).scope(body)
  }

  /// Calls `body` with a lazy sequence of the input's lines; see
  /// ``withRecords(_:_:)``.
  public func withLines<Result>(_ body: (RecordSequence) throws -> Result) throws -> Result {
    try withRecords(.lines, body)
  }

  /// Calls `body` with a lazy sequence of chunks of each source's decoded
  /// bytes, for handing work to other threads or machines.
  ///
  /// With `lineAligned` false, every chunk is `size` bytes except the last of
  /// each source. With `lineAligned` true, a chunk is extended past `size` to
  /// the end of the line it stops in (LF included), so no line is split; a
  /// line longer than the maximum record size is an error. Concatenating the
  /// chunks gives back the decoded bytes either way. `size` must be between 1
  /// and the maximum record size.
  public func withChunks<Result>(
    of size: Int, lineAligned: Bool = false, _ body: (RecordSequence) throws -> Result
  ) throws -> Result {
    precondition(size <= options.maxRecordSize, "chunk size above the maximum record size")
    return try withRecords(.chunks(of: size, lineAligned: lineAligned), body)
  }
}
