/// A word of a program as written, and where it starts (in characters), for
/// pointing at it in a message.
public struct ProgramWord: Equatable, Sendable {
  /// The word after quote removal and backslash escapes.
  public var text: String
  /// The offset in characters of its first character in the program.
  public var position: Int
}

/// A program split into stages and words the way a POSIX shell splits words:
/// single quotes keep everything literally, double quotes keep everything but
/// `\"` and `\\` (a backslash before anything else stays), a backslash outside
/// quotes escapes the next character, and a
/// `|` outside quotes separates stages.
public struct ProgramText: Sendable {
  /// The program as given.
  public let source: String
  /// The stages in order, each a non-empty list of words.
  public let stages: [[ProgramWord]]

  /// Splits `source` into stages and words.
  ///
  /// - Throws: ``SluiceError/usage(_:)`` for an unterminated quote, a trailing
  ///   backslash or an empty stage, pointing at the spot.
  public init(_ source: String) throws(SluiceError) {
    self.source = source
    var stages: [[ProgramWord]] = []
    var words: [ProgramWord] = []
    var word: String?
    var wordStart = 0
    var stageStart = 0
    var quote: Character?
    var quoteStart = 0
    var escaped = false

    func endWord() {
      if let text = word { words.append(ProgramWord(text: text, position: wordStart)) }
      word = nil
    }
    func startWord(at position: Int) {
      if word == nil {
        word = ""
        wordStart = position
      }
    }

    for (position, character) in source.enumerated() {
      if escaped {
        // Inside double quotes a backslash escapes only `"` and `\`, as in
        // a shell, so regular expressions like "\d+" keep their backslash.
        if quote == "\"" && character != "\"" && character != "\\" { word!.append("\\") }
        word!.append(character)
        escaped = false
        continue
      }
      switch (quote, character) {
      case ("'", "'"), ("\"", "\""):
        quote = nil
      case ("'", _):
        word!.append(character)
      case ("\"", "\\"):
        escaped = true
      case ("\"", _):
        word!.append(character)
      case (nil, "\\"):
        startWord(at: position)
        escaped = true
      case (nil, "'"), (nil, "\""):
        startWord(at: position)
        quote = character
        quoteStart = position
      case (nil, "|"):
        endWord()
        guard !words.isEmpty else {
          throw Self.error("empty stage before '|'", in: source, at: position)
        }
        stages.append(words)
        words = []
        stageStart = position + 1
      case (nil, _) where character.isWhitespace:
        endWord()
      default:
        startWord(at: position)
        word!.append(character)
      }
    }
    if quote != nil { throw Self.error("unterminated quote", in: source, at: quoteStart) }
    if escaped {
      throw Self.error("backslash at the end of the program", in: source, at: source.count - 1)
    }
    endWord()
    if words.isEmpty {
      throw Self.error(
        stages.isEmpty ? "empty program" : "empty stage after '|'", in: source,
        at: max(stageStart, source.count))
    }
    stages.append(words)
    self.stages = stages
  }

  /// A usage error whose message shows `source` with a caret under `position`.
  public static func error(_ message: String, in source: String, at position: Int) -> SluiceError {
    let caret = String(repeating: " ", count: position) + "^"
    return .usage("\(message)\n  \(source)\n  \(caret)")
  }
}
