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
///
/// Counts made by separate threads merge; the first of a kind is the one
/// earliest in the input (by input, then record), whatever thread met it.
struct SkippedRecords: Sendable {
  private struct First: Sendable {
    var input: Int
    var record: Int
    var place: String

    func isBefore(_ other: First) -> Bool {
      (input, record) < (other.input, other.record)
    }
  }

  private var counts: [RecordProblem.Kind: Int] = [:]
  private var first: [RecordProblem.Kind: First] = [:]

  /// Counts a skipped record.
  mutating func add(_ skipped: SkippedRecord) {
    add(skipped.kind, input: skipped.input, record: skipped.record, at: skipped.place)
  }

  /// Counts a record of `kind` skipped at record `record` of input number
  /// `input` (from 0), described as `place`.
  mutating func add(
    _ kind: RecordProblem.Kind, input: Int, record: Int, at place: @autoclosure () -> String
  ) {
    counts[kind, default: 0] += 1
    if let known = first[kind], (known.input, known.record) <= (input, record) { return }
    first[kind] = First(input: input, record: record, place: place())
  }

  /// Adds the records `other` counted.
  mutating func merge(_ other: SkippedRecords) {
    counts.merge(other.counts, uniquingKeysWith: +)
    for (kind, theirs) in other.first where first[kind].map({ theirs.isBefore($0) }) ?? true {
      first[kind] = theirs
    }
  }

  /// One line per kind, such as `skipped 3 records: not a number (first: a.log record 7: sum: "x")`.
  var report: [String] {
    RecordProblem.Kind.allCases.compactMap { kind in
      guard let count = counts[kind], let place = first[kind]?.place else { return nil }
      return "skipped \(count) record\(count == 1 ? "" : "s"): \(kind.rawValue) (first: \(place))"
    }
  }
}

/// One record skipped under ``RecordErrorPolicy/skip``: the kind of problem,
/// where it was (input number from 0, record number from 1) and the place as
/// messages name it.
struct SkippedRecord: Sendable {
  var kind: RecordProblem.Kind
  var input: Int
  var record: Int
  var place: String
}
