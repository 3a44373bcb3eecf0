/// The words of one stage of a program, consumed as the stage's definition
/// recognises its options; every error points at the offending word.
public struct StageArguments {
  /// The stage's name as written.
  public let name: ProgramWord
  private var rest: [ProgramWord]
  /// What the stage may need to know about the run.
  public let options: ProgramOptions
  /// Whether every stage before this one takes records one by one (a
  /// framing stage, grep, fields...): then skipping the rest of an input
  /// changes nothing but what this stage would see (see ``Flow/nextInput``).
  public let recordByRecordSoFar: Bool
  private let source: String

  init(
    _ words: [ProgramWord], in source: String, options: ProgramOptions,
    recordByRecordSoFar: Bool = true
  ) {
    name = words[0]
    rest = Array(words.dropFirst())
    self.source = source
    self.options = options
    self.recordByRecordSoFar = recordByRecordSoFar
  }

  /// A usage error about this stage, pointing at `word` (the stage name when
  /// `nil`).
  public func error(_ message: String, at word: ProgramWord? = nil) -> SluiceError {
    ProgramText.error("\(name.text): \(message)", in: source, at: (word ?? name).position)
  }

  /// Removes `flag` (or any of its spellings) if present before any `--`, and
  /// tells whether it was.
  public mutating func flag(_ spellings: String...) -> Bool {
    guard
      let index = rest.prefix(while: { $0.text != "--" }).firstIndex(where: {
        spellings.contains($0.text)
      })
    else { return false }
    rest.remove(at: index)
    return true
  }

  /// Removes an option and its value if present and returns the value.
  public mutating func value(_ spellings: String...) throws(SluiceError) -> ProgramWord? {
    guard
      let index = rest.prefix(while: { $0.text != "--" }).firstIndex(where: {
        spellings.contains($0.text)
      })
    else { return nil }
    guard index + 1 < rest.count else {
      throw error("\(rest[index].text) needs a value", at: rest[index])
    }
    let value = rest[index + 1]
    rest.removeSubrange(index...(index + 1))
    return value
  }

  /// Removes and returns the next word that is not an option, or `nil` when
  /// none is left. A word starting with `-` counts as an option unless it is
  /// a number (so `fields -1` works) or follows `--`.
  public mutating func positional() -> ProgramWord? {
    if let dashes = rest.firstIndex(where: { $0.text == "--" }) {
      rest.remove(at: dashes)
      guard dashes < rest.count else { return nil }
      return rest.remove(at: dashes)
    }
    guard let index = rest.firstIndex(where: { !Self.looksLikeOption($0.text) }) else { return nil }
    return rest.remove(at: index)
  }

  /// Removes and returns the next word that is not an option, where a word
  /// starting with `-` that `isValue` accepts (`-2h` for a time) is not an
  /// option either.
  public mutating func positional(accepting isValue: (String) -> Bool) -> ProgramWord? {
    if let index = rest.prefix(while: { $0.text != "--" }).firstIndex(where: {
      Self.looksLikeOption($0.text) && isValue($0.text)
    }), !rest[..<index].contains(where: { !Self.looksLikeOption($0.text) }) {
      return rest.remove(at: index)
    }
    return positional()
  }

  /// Removes and returns the next positional word, or throws naming `what`.
  public mutating func required(_ what: String) throws(SluiceError) -> ProgramWord {
    guard let word = positional() else { throw missing(what) }
    return word
  }

  /// Parses `word` as a whole number in `range`.
  public func integer(_ word: ProgramWord, in range: ClosedRange<Int>, what: String)
    throws(SluiceError) -> Int
  {
    guard let value = Int(word.text), range.contains(value) else {
      throw error("\(what) must be a whole number from \(range.lowerBound)", at: word)
    }
    return value
  }

  /// The error for a missing word, `what` it is, with the stage's usage.
  public func missing(_ what: String) -> SluiceError {
    error("missing \(what)\(usageHint)")
  }

  /// How the stage is written, for messages about missing or extra words:
  /// `; usage: grep [-v] [-i] [-F] PATTERN`.
  private var usageHint: String {
    StageCatalog.definition(named: name.text).map { "; usage: \($0.synopsis)" } ?? ""
  }

  /// Throws if any word is left over: an unknown option or an extra argument.
  public func expectNoMore() throws(SluiceError) {
    guard let extra = rest.first else { return }
    let kind = Self.looksLikeOption(extra.text) ? "unknown option" : "unexpected argument"
    throw error("\(kind) '\(extra.text)'\(usageHint)", at: extra)
  }

  private static func looksLikeOption(_ text: String) -> Bool {
    text.count > 1 && text.hasPrefix("-") && Double(text) == nil
  }
}
