/// A parsed pipeline program: how records are framed and what is done with
/// them.
public struct Program: Sendable {
  /// What the last stage does with the records.
  public enum Action: Sendable, Equatable {
    /// Writes the records out. Unframed, the bytes pass through unchanged;
    /// framed, each record is followed by its terminator.
    case cat
    /// Writes the number of records and a newline.
    case count
  }

  /// How records are framed, when a framing stage was given. Without one,
  /// `cat` and `count` work on the byte stream and never hold a whole line.
  public var framing: Framing?
  /// The final action.
  public var action: Action
  /// What to write after each record when `cat` writes framed records, and
  /// between paragraphs.
  var terminator: UInt8 = 0x0A
  var blankLineBetweenRecords = false

  /// The stage names sluice knows, for messages.
  public static let stageNames = ["cat", "count", "lines", "records"]

  /// Parses `source`.
  ///
  /// - Throws: ``SluiceError/usage(_:)`` naming the stage and pointing at the
  ///   offending word.
  public init(_ source: String) throws(SluiceError) {
    let text = try ProgramText(source)
    var framing: Framing?
    var action: Action?
    for (index, words) in text.stages.enumerated() {
      var stage = StageArguments(words, in: source)
      let isFirst = index == 0
      switch stage.name.text {
      case "lines":
        guard isFirst else { throw stage.error("a framing stage must come first", at: stage.name) }
        framing = try stage.flag("--strip-cr") ? .linesStrippingCR : .lines
      case "records":
        guard isFirst else { throw stage.error("a framing stage must come first", at: stage.name) }
        let paragraphs = try stage.flag("-p")
        let longParagraphs = try stage.flag("--paragraph")
        let separator = try stage.value("-s")
        let longSeparator = try stage.value("--separator")
        if paragraphs || longParagraphs {
          framing = .paragraphs
          blankLineBetweenRecords = true
        } else if let separator = separator ?? longSeparator {
          let byte = try stage.parseSeparator(separator)
          framing = .separated(by: byte)
          terminator = byte
        } else {
          throw stage.error("records needs -s SEP or -p", at: stage.name)
        }
      case "cat":
        action = .cat
      case "count":
        action = .count
      default:
        throw stage.error(
          "unknown stage '\(stage.name.text)' (stages: \(Self.stageNames.joined(separator: ", ")))",
          at: stage.name)
      }
      try stage.expectNoMore()
      if action != nil && index != text.stages.count - 1 {
        throw stage.error("'\(stage.name.text)' must be the last stage", at: stage.name)
      }
    }
    self.framing = framing
    self.action = action ?? .cat
  }
}

/// The words of one stage, consumed as its options are recognised.
private struct StageArguments {
  let name: ProgramWord
  private var rest: [ProgramWord]
  private let source: String

  init(_ words: [ProgramWord], in source: String) {
    name = words[0]
    rest = Array(words.dropFirst())
    self.source = source
  }

  func error(_ message: String, at word: ProgramWord) -> SluiceError {
    ProgramText.error("\(name.text): \(message)", in: source, at: word.position)
  }

  /// Removes `flag` if present and tells whether it was.
  mutating func flag(_ flag: String) throws(SluiceError) -> Bool {
    guard let index = rest.firstIndex(where: { $0.text == flag }) else { return false }
    rest.remove(at: index)
    return true
  }

  /// Removes `option` and its value if present and returns the value.
  mutating func value(_ option: String) throws(SluiceError) -> ProgramWord? {
    guard let index = rest.firstIndex(where: { $0.text == option }) else { return nil }
    guard index + 1 < rest.count else { throw error("\(option) needs a value", at: rest[index]) }
    let value = rest[index + 1]
    rest.removeSubrange(index...(index + 1))
    return value
  }

  /// A one-byte separator: a character, or `\0`, `\t`, `\n`, `\r`, `\\`, `\xHH`.
  func parseSeparator(_ word: ProgramWord) throws(SluiceError) -> UInt8 {
    let escapes: [String: UInt8] = ["\\0": 0, "\\t": 9, "\\n": 10, "\\r": 13, "\\\\": 92]
    if let byte = escapes[word.text] { return byte }
    if word.text.hasPrefix("\\x"), word.text.count == 4,
      let byte = UInt8(word.text.dropFirst(2), radix: 16)
    {
      return byte
    }
    let utf8 = Array(word.text.utf8)
    guard utf8.count == 1 else {
      throw error("separator must be one byte (a character, \\0, \\t, \\n or \\xHH)", at: word)
    }
    return utf8[0]
  }

  func expectNoMore() throws(SluiceError) {
    if let extra = rest.first { throw error("unexpected argument '\(extra.text)'", at: extra) }
  }
}
