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
  private var counts: [RecordProblem.Kind: Int] = [:]
  private var first: [RecordProblem.Kind: SkippedRecord] = [:]

  /// Counts a skipped record.
  mutating func add(_ skipped: SkippedRecord) {
    counts[skipped.kind, default: 0] += 1
    if let known = first[skipped.kind], !skipped.isBefore(known) { return }
    first[skipped.kind] = skipped
  }

  /// Adds the records `other` counted.
  mutating func merge(_ other: SkippedRecords) {
    counts.merge(other.counts, uniquingKeysWith: +)
    for (kind, theirs) in other.first where first[kind].map({ theirs.isBefore($0) }) ?? true {
      first[kind] = theirs
    }
  }

  /// The same records numbered `base` more: those of a piece of an input,
  /// numbered from the piece's start, renumbered from the input's.
  func renumbered(after base: Int) -> SkippedRecords {
    var renumbered = self
    for kind in first.keys { renumbered.first[kind]!.record += base }
    return renumbered
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
/// where it was (input number from 0, record number from 1) and what messages
/// say about it.
struct SkippedRecord: Sendable {
  var kind: RecordProblem.Kind
  /// The input's number in the run, from 0 (in a parallel run, the part's).
  var input: Int
  /// The record's number in its input, from 1.
  var record: Int
  /// The input's name in messages.
  var inputName: String
  /// The stage that could not take the record and why (`nil` for a record
  /// too large to hold, which no stage saw).
  var problem: (stage: String, detail: String)?
  /// The stage that passed the record on at the end of the run, for a
  /// record that is no input's (see ``LateRecords``).
  var madeBy: String?

  /// Where the record was, as messages say: `a.log record 7: sum: "x"`, or
  /// `a record 'tail' passed on at the end: sum: "x"`.
  var place: String {
    let location =
      madeBy.map { "a record '\($0)' passed on at the end" } ?? "\(inputName) record \(record)"
    guard let problem else { return location }
    return "\(location): \(problem.stage): \(problem.detail)"
  }

  /// Whether this record comes before `other` in the run's input.
  func isBefore(_ other: SkippedRecord) -> Bool {
    (input, record) < (other.input, other.record)
  }
}

extension SkippedRecord {
  /// A record `madeBy` passed on at the end of the run, which comes after
  /// every input's records.
  init(
    late kind: RecordProblem.Kind, madeBy: String, problem: (stage: String, detail: String)
  ) {
    self.init(
      kind: kind, input: .max, record: 0, inputName: "", problem: problem, madeBy: madeBy)
  }

  /// The same record numbered `base` more (see
  /// ``SkippedRecords/renumbered(after:)``).
  func renumbered(after base: Int) -> SkippedRecord {
    var renumbered = self
    renumbered.record += base
    return renumbered
  }
}
