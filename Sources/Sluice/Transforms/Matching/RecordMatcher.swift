/// Decides whether a record contains a pattern: a PCRE2 regular expression or
/// a literal byte string. The `grep` stage uses it; so can lazy sequences:
///
/// ```swift
/// let matcher = try RecordMatcher(pattern: #"GET /api/v1/users/\d+"#)
/// let hits = try input.withLines { lines in
///   Array(lines.lazy.filter(matcher.matches).map(\.string).prefix(10))
/// }
/// ```
///
/// A record matches when the pattern is found anywhere in it; in a multi-line
/// record (a paragraph), `^` and `$` match at every line start and end. The
/// pattern is compiled once; matching allocates nothing.
public struct RecordMatcher: Sendable {
  // One of the two is set. (Two optionals rather than an enum: reading a
  // payload out of an enum retains it, which cost 5 ns a record.)
  private let literal: LiteralSearcher?
  private let regex: CompiledRegex?

  /// A matcher for `pattern`.
  ///
  /// - Parameters:
  ///   - pattern: A regular expression in PCRE2 (Perl) syntax, matched
  ///     against bytes (see the `grep` stage's help), or with `literal` a
  ///     fixed string whose UTF-8 bytes are searched for. An empty pattern
  ///     matches every record.
  ///   - literal: Search for the pattern's bytes as they are, like `grep -F`.
  ///   - ignoreCase: Fold ASCII letters, so `error` also finds `ERROR`.
  /// - Throws: ``PatternError`` when `pattern` is not a valid regular
  ///   expression (never for a literal).
  public init(pattern: String, literal: Bool = false, ignoreCase: Bool = false)
    throws(PatternError)
  {
    if literal {
      self.literal = LiteralSearcher(pattern.utf8, ignoringCase: ignoreCase)
      regex = nil
    } else {
      regex = try CompiledRegex(pattern: pattern, caseless: ignoreCase)
      self.literal = nil
    }
  }

  /// A matcher for the literal byte string `bytes`, which need not be UTF-8.
  public init(literal bytes: some Sequence<UInt8>, ignoreCase: Bool = false) {
    literal = LiteralSearcher(bytes, ignoringCase: ignoreCase)
    regex = nil
  }

  /// The literal searcher, when this matcher looks for a fixed string that
  /// cannot span lines: a reader can then search a whole buffer of lines at
  /// once and frame only the lines around the matches.
  var lineLiteral: LiteralSearcher? {
    guard let searcher = literal, !searcher.containsLineEnd else { return nil }
    return searcher
  }

  /// Whether `record` contains the pattern.
  ///
  /// A regular expression that exceeds PCRE2's resource limits on a record
  /// (only catastrophic backtracking does, as `(a+)+$` on a long run of `a`)
  /// counts as not matching here, since a predicate cannot throw; use
  /// ``checkedMatches(_:)`` to be told instead.
  public func matches(_ record: Record) -> Bool {
    (try? checkedMatches(record)) ?? false
  }

  /// Whether `record` contains the pattern, throwing when a regular expression
  /// cannot decide.
  ///
  /// - Throws: ``MatchFailure`` when the regular expression exceeded PCRE2's
  ///   resource limits on this record; never for a literal.
  public func checkedMatches(_ record: Record) throws(MatchFailure) -> Bool {
    // The bytes are valid while the record (which owns its storage) is.
    defer { withExtendedLifetime(record) {} }
    let bytes = UnsafeRawBufferPointer(
      start: record.storage.base + record.offset, count: record.count)
    if let matched = literal?.matches(bytes) { return matched }
    return try regex!.matches(bytes)
  }
}
