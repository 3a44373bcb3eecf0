/// What happens to records passed on at the end of a run (an aggregate's
/// result, the records `tail` or `sample -n` kept) that a later stage cannot
/// handle: they belong to no input record, so the reader, which applies
/// `--on-error` to the records it frames, never sees their problems.
///
/// A run makes one for the chain it finishes (``Program/makeChain(ending:late:)``)
/// and finishes it in ``finishing(policy:skipped:_:)``. Until then the
/// ``LateRecordGuard``s pass problems on to the reader, which knows which
/// record met them.
final class LateRecords {
  /// The policy while the run finishes, `nil` before.
  private(set) var policy: RecordErrorPolicy?
  private var skipped = SkippedRecords()

  /// Runs `finish`, the end of the run, with problems of records passed on
  /// handled as `policy` says, and adds the records it skipped to `skipped`.
  func finishing(
    policy: RecordErrorPolicy, skipped: inout SkippedRecords, _ finish: () throws -> Void
  ) throws {
    self.policy = policy
    defer { skipped.merge(self.skipped) }
    try finish()
  }

  /// Counts a record left out under ``RecordErrorPolicy/skip``.
  fileprivate func skip(_ record: SkippedRecord) { skipped.add(record) }
}

/// Stands after a stage that may pass records on when the run finishes, and
/// applies `--on-error` to problems the stages after it have with those
/// records: `fail` ends the run naming the stage that made the record, `skip`
/// leaves the record out, counted, and the stage goes on with its next one.
final class LateRecordGuard: Stage {
  private let next: any Stage
  private let madeBy: String
  private let late: LateRecords

  /// A guard before `next` for the records `madeBy` passes on.
  init(_ next: any Stage, madeBy: String, late: LateRecords) {
    self.next = next
    self.madeBy = madeBy
    self.late = late
  }

  func process(_ record: Record) throws -> Flow {
    guard let policy = late.policy else { return try next.process(record) }
    do {
      return try next.process(record)
    } catch let problem as RecordProblem {
      guard policy == .skip else {
        throw SluiceError.badLateRecord(
          madeBy: madeBy, stage: problem.stage,
          reason: problem.reason)
      }
      late.skip(
        SkippedRecord(late: problem.kind, madeBy: madeBy, problem: (problem.stage, problem.detail)))
      return .more
    }
  }

  func finish() throws { try next.finish() }
}
