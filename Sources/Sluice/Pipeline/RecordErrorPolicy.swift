/// What a run does with a record a stage cannot handle (`--on-error`).
public enum RecordErrorPolicy: String, Sendable, CaseIterable {
  /// Stop the run with an error naming the input and record (exit 65); what
  /// was already written stays written.
  case fail
  /// Drop the record, count it, and report the counts at the end.
  case skip
}

/// The records skipped under ``RecordErrorPolicy/skip``, by kind, with where
/// the first of each kind was, so nothing is ever dropped silently.
struct SkippedRecords {
  private var counts: [RecordProblem.Kind: Int] = [:]
  private var first: [RecordProblem.Kind: String] = [:]

  mutating func add(_ kind: RecordProblem.Kind, at place: @autoclosure () -> String) {
    counts[kind, default: 0] += 1
    if first[kind] == nil { first[kind] = place() }
  }

  /// One line per kind, such as `skipped 3 records: not a number (first: a.log record 7: sum: "x")`.
  var report: [String] {
    RecordProblem.Kind.allCases.compactMap { kind in
      guard let count = counts[kind], let place = first[kind] else { return nil }
      return "skipped \(count) record\(count == 1 ? "" : "s"): \(kind.rawValue) (first: \(place))"
    }
  }
}
