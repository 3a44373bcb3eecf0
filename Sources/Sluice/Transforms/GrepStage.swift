/// `grep`: passes on the records that contain a pattern (or, inverted, the
/// ones that do not), whole, and drops the others.
public final class GrepStage: Stage {
  private let next: any Stage
  private let matcher: RecordMatcher
  private let inverted: Bool

  /// Creates a filter that passes the records `matcher` matches (those it
  /// does not match when `inverted`) to `next`.
  public init(matcher: RecordMatcher, inverted: Bool = false, next: any Stage) {
    self.matcher = matcher
    self.inverted = inverted
    self.next = next
  }

  /// Passes `record` on when it is kept.
  ///
  /// - Throws: ``RecordProblem`` when the regular expression exceeded PCRE2's
  ///   resource limits on this record (catastrophic backtracking), or the next
  ///   stage's error.
  public func process(_ record: Record) throws -> Flow {
    let matched: Bool
    do {
      matched = try matcher.checkedMatches(record)
    } catch {
      throw RecordProblem(.matchLimit, stage: "grep", detail: error.reason)
    }
    return matched == inverted ? .more : try next.process(record)
  }

  /// The fixed string every record this stage passes on contains, when there
  /// is one (a `grep -F` that is not inverted): lines without it can be
  /// skipped before they are framed.
  var requiredLiteral: LiteralSearcher? { inverted ? nil : matcher.lineLiteral }

  /// Finishes the next stage: grep itself holds nothing back.
  public func finish() throws {
    try next.finish()
  }
}
