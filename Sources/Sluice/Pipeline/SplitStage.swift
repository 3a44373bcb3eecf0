/// `split`: writes the records to a series of files, each ending at a record
/// boundary and each complete on its own (a whole gzip file when the name ends
/// in `.gz`), and passes on the name of each part once it is written.
///
/// One part is open at a time, so memory stays constant however many parts
/// there are. A part is written under a temporary name and renamed when it is
/// complete (``OutputFile``).
public final class SplitStage: Stage {
  /// When a part is full.
  public enum Limit: Sendable, Equatable {
    /// After this many records.
    case records(Int)
    /// Before the record that would take it over this many bytes (as
    /// written, uncompressed); a longer record gets a part of its own.
    case bytes(Int)
  }

  private let limit: Limit
  private let template: PartTemplate
  private let level: Int?
  private let terminator: UInt8?
  private let blankLineBetween: Bool
  private let next: any Stage
  private var part: (file: OutputFile, sink: OutputSink, output: OutputStage)?
  private var partNumber: Int
  private var records = 0
  private var bytes = 0
  private var failed = false

  /// Creates a stage writing parts named by `template` from `firstNumber`
  /// on, each up to `limit`, records followed by `terminator` (and an empty
  /// line between them when `blankLineBetween`), gzip parts at `level` (6
  /// when nil); each part's name goes to `next` when it is complete.
  public init(
    limit: Limit, template: PartTemplate, firstNumber: Int = 1, level: Int? = nil,
    terminator: UInt8?, blankLineBetween: Bool, next: any Stage
  ) {
    self.limit = limit
    self.template = template
    self.level = level
    self.terminator = terminator
    self.blankLineBetween = blankLineBetween
    self.next = next
    partNumber = firstNumber
  }

  /// Writes `record` to the open part, first completing the part and passing
  /// its name on when `record` would take it over the limit, and opening a
  /// new part when none is open.
  ///
  /// - Throws: ``SluiceError`` when a part cannot be created, written or
  ///   renamed, or the next stage's error.
  public func process(_ record: Record) throws -> Flow {
    let size =
      record.count + (terminator == nil ? 0 : 1) + (blankLineBetween && records > 0 ? 1 : 0)
    if part != nil && isFull(adding: size) {
      if try closePart() == .stop { return .stop }
    }
    if part == nil { try openPart() }
    do {
      _ = try part!.output.process(record)
    } catch {
      failed = true
      throw error
    }
    records += 1
    bytes += size
    return .more
  }

  /// Completes the last part and passes its name on, then finishes the next
  /// stage.
  public func finish() throws {
    if part != nil { _ = try closePart() }
    try next.finish()
  }

  private func isFull(adding size: Int) -> Bool {
    switch limit {
    case .records(let count): records >= count
    case .bytes(let count): bytes + size > count
    }
  }

  private func openPart() throws {
    let name = template.name(partNumber)
    let file = try OutputFile(path: name)
    let sink = OutputSink(
      descriptor: file.descriptor, encoding: OutputEncoding(forPath: name, level: level))
    part = (
      file, sink,
      OutputStage(sink: sink, terminator: terminator, blankLineBetween: blankLineBetween)
    )
    records = 0
    bytes = 0
  }

  /// Completes the open part and passes its name on.
  private func closePart() throws -> Flow {
    guard let (file, sink, _) = part else { return .more }
    part = nil
    do {
      try sink.finish()
      try file.commit()
    } catch {
      file.discard()
      throw error
    }
    partNumber += 1
    var name = RecordBuilder(capacity: 256)
    name.append(file.path)
    return try next.process(name.finish())
  }

  deinit {
    // A run cut short by an error elsewhere (bad input) keeps what this part
    // holds, as standard output would; one whose own write failed does not.
    guard let (file, sink, _) = part else { return }
    if failed {
      file.discard()
    } else if (try? sink.finish()) != nil {
      try? file.commit()
    }
  }
}
