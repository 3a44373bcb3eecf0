/// A problem that stops sluice from reading an input or writing its output.
///
/// Every case carries what a person needs to find the problem (the input's
/// name and, for bad data, where in it), and maps to one documented exit
/// status, so the CLI only has to print ``description`` and exit with
/// ``exitStatus``.
public enum SluiceError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The input could not be opened or is not a readable file.
  case cannotOpen(input: String, reason: String)

  /// The compressed data is corrupt or ends too early (or, for xz and
  /// zstd, needs a window over 128 MiB to decode).
  ///
  /// `offset` is the byte offset in the input as stored (compressed) where the
  /// fault was found; `decodedOffset` is how many decoded bytes of the input
  /// had been produced before it.
  case corruptInput(input: String, reason: String, offset: UInt64, decodedOffset: UInt64)

  /// A record is longer than the configured maximum record size.
  ///
  /// `record` counts records from 1 within the input.
  case recordTooLarge(input: String, record: Int, limit: Int)

  /// A stage could not handle a record (for example, a field that is not a
  /// number) and the run's policy is to fail. `record` counts from 1 within
  /// the input.
  case badRecord(input: String, record: Int, stage: String, reason: String)

  /// A record a stage passed on at the end of the run (an aggregate's
  /// result, a record `tail` kept) could not be handled by a later stage,
  /// and the run's policy is to fail. `madeBy` names the stage that passed
  /// it on.
  case badLateRecord(madeBy: String, stage: String, reason: String)

  /// Reading an input failed after it was opened (an I/O error of the device).
  case readFailed(input: String, reason: String)

  /// Writing the output failed (for example, the disk is full).
  case writeFailed(reason: String)

  /// The output file could not be created.
  case cannotCreate(output: String, reason: String)

  /// The program or an option is not valid.
  case usage(String)

  /// The exit status the CLI reports for this error (see `sluice(1)`).
  public var exitStatus: ExitStatus {
    switch self {
    case .usage: .usage
    case .corruptInput, .recordTooLarge, .badRecord, .badLateRecord: .dataError
    case .cannotOpen: .cannotOpenInput
    case .cannotCreate: .cannotCreateOutput
    case .readFailed, .writeFailed: .ioError
    }
  }

  /// Whether the error concerns one input only, so that a run over several
  /// inputs can report it and go on with the next.
  public var isAboutAnInput: Bool {
    switch self {
    case .cannotOpen, .corruptInput, .recordTooLarge, .readFailed: true
    case .badRecord, .badLateRecord, .writeFailed, .cannotCreate, .usage: false
    }
  }

  /// One line saying what went wrong and where, without a program-name prefix.
  public var description: String {
    switch self {
    case .cannotOpen(let input, let reason):
      "\(input): cannot open: \(reason)"
    case .corruptInput(let input, let reason, let offset, let decodedOffset):
      "\(input): \(reason) at byte \(offset) (decoded byte \(decodedOffset))"
    case .recordTooLarge(let input, let record, let limit):
      "\(input): record \(record) is longer than the maximum record size of \(limit) bytes (see --max-record)"
    case .badRecord(let input, let record, let stage, let reason):
      "\(input): record \(record): \(stage): \(reason) (--on-error skip leaves such records out)"
    case .badLateRecord(let madeBy, let stage, let reason):
      "a record '\(madeBy)' passed on at the end: \(stage): \(reason) (--on-error skip leaves such records out)"
    case .readFailed(let input, let reason):
      "\(input): read error: \(reason)"
    case .writeFailed(let reason):
      "write error: \(reason)"
    case .cannotCreate(let output, let reason):
      "\(output): cannot create: \(reason)"
    case .usage(let message):
      message
    }
  }
}

/// Something odd about an input that did not stop sluice from delivering all of
/// its data.
public enum SluiceWarning: Equatable, Sendable, CustomStringConvertible {
  /// Bytes that are neither a gzip member nor zero padding follow the last
  /// complete member, or bytes that do not begin a bzip2 stream follow the
  /// last stream; they are ignored, as GNU gzip and bzip2 do.
  case trailingGarbage(input: String, offset: UInt64)

  /// An .xz stream names an integrity check this liblzma does not know, so
  /// its data was delivered unverified, as `xz -dc` does with a warning.
  case integrityNotVerified(input: String)

  /// One line describing the warning, without a program-name prefix.
  public var description: String {
    switch self {
    case .trailingGarbage(let input, let offset):
      "\(input): decompression OK, trailing garbage ignored at byte \(offset)"
    case .integrityNotVerified(let input):
      "\(input): unsupported type of integrity check; not verifying file integrity"
    }
  }
}

extension SluiceError {
  /// The same error with its record number `base` more: an error met in a
  /// piece of an input, numbered from the piece's start, renumbered from
  /// the input's.
  func renumbered(after base: Int) -> SluiceError {
    switch self {
    case .recordTooLarge(let input, let record, let limit):
      .recordTooLarge(input: input, record: base + record, limit: limit)
    case .badRecord(let input, let record, let stage, let reason):
      .badRecord(input: input, record: base + record, stage: stage, reason: reason)
    case .cannotOpen, .corruptInput, .badLateRecord, .readFailed, .writeFailed, .cannotCreate,
      .usage:
      self
    }
  }
}
