/// The end of every chain: writes each record followed by its terminator
/// (none for byte chunks), with an empty line between records when framing
/// paragraphs.
final class OutputStage: Stage {
  private let sink: OutputSink
  private let terminator: UInt8?
  private let blankLineBetween: Bool
  private var written = false

  init(sink: OutputSink, terminator: UInt8?, blankLineBetween: Bool) {
    self.sink = sink
    self.terminator = terminator
    self.blankLineBetween = blankLineBetween
  }

  func process(_ record: Record) throws -> Flow {
    if blankLineBetween && written { try sink.write(0x0A) }
    try record.withUnsafeBytes { try sink.write($0) }
    if let terminator { try sink.write(terminator) }
    written = true
    return .more
  }

  func finish() throws {}
}
