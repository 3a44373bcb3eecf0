/// What a stage answers after taking a record: whether it wants more.
public enum Flow: Sendable {
  /// Send the next record.
  case more
  /// No further record can change the output (as after `head`): stop reading.
  case stop
  /// No further record of this input can change the output (as after
  /// `until` in a log in time order): stop reading it and go on with the next.
  /// Only a stage whose every stage before it takes records one by one may
  /// answer it (see ``StageArguments/recordByRecordSoFar``); where records
  /// from several inputs come mixed, it means ``more``.
  case nextInput
}

/// One step of a pipeline: it takes records one at a time and passes records
/// on to the next step, the way a Python generator takes from the one before.
///
/// Stages are built back to front, each holding the stage after it, and the
/// reader pushes records into the first. A stage that passes a record on
/// returns what the next stage returned, so a `.stop` from `head` travels back
/// to the reader. A record is a view that is valid during `process` only
/// unless it is copied (``Record/bytes``) or built anew (``RecordBuilder``):
/// stages that keep records keep copies, never views, so that memory does not
/// depend on which buffers records came from.
public protocol Stage: AnyObject {
  /// Takes one record.
  ///
  /// - Throws: ``RecordProblem`` when this record cannot be handled (the run's
  ///   `--on-error` policy decides what happens), or the next stage's error.
  func process(_ record: Record) throws -> Flow

  /// Called once after the last record (also after a `.stop`): stages that
  /// output at the end (aggregates, `tail`) emit here; every stage then
  /// finishes the next one.
  func finish() throws
}

/// A problem with one record that a stage cannot handle, such as a field that
/// is not a number. The run turns it into an error naming the input and the
/// record number, or skips the record and counts it, as `--on-error` says.
public struct RecordProblem: Error, Equatable, Sendable {
  /// The kinds of problem, each counted separately when skipping.
  public enum Kind: String, Sendable, CaseIterable {
    /// A field that `sum` or `stats` adds up is missing, empty or not a
    /// number.
    case notANumber = "not a number"
    /// A record that has to be text is not valid UTF-8. (No stage of the
    /// catalog meets it: every one works on bytes.)
    case invalidUTF8 = "invalid UTF-8"
    /// A record longer than the maximum record size
    /// (``ReadOptions/maxRecordSize``), skipped up to its end under
    /// ``RecordErrorPolicy/skip``; under ``RecordErrorPolicy/fail`` it is
    /// ``SluiceError/recordTooLarge(input:record:limit:)`` instead.
    case tooLarge = "record too large"
    /// A regular expression exceeded PCRE2's match or heap limit on the
    /// record (catastrophic backtracking), so whether it matches is unknown.
    case matchLimit = "regular expression limit exceeded"
    /// A `json` record that is not one valid JSON value.
    case invalidJSON = "invalid JSON"
    /// A `json` path stepping into a value it cannot index (a key into a
    /// string, number, boolean or array; a position into an object).
    case jsonCannotIndex = "JSON value cannot be indexed"
  }

  /// What kind of problem it is.
  public var kind: Kind
  /// The stage that met it, as written in the program.
  public var stage: String
  /// Details for the message, such as the offending text.
  public var detail: String

  /// Creates a problem of `kind` met by `stage`.
  public init(_ kind: Kind, stage: String, detail: String) {
    self.kind = kind
    self.stage = stage
    self.detail = detail
  }
}

extension RecordProblem {
  /// What went wrong, as error messages say it: `not a number: field 2 is missing`.
  var reason: String { "\(kind.rawValue): \(detail)" }
}
