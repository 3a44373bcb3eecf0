/// The exit statuses of the `sluice` command, following BSD `sysexits.h`.
///
/// When several problems occur in one run (say, one unreadable file and one
/// corrupt file), the run exits with the most severe one, which is the one with
/// the highest value.
public struct ExitStatus: RawRepresentable, Comparable, Hashable, Sendable {
  /// The numeric status passed to `exit`.
  public let rawValue: Int32

  /// Creates an exit status from its numeric value.
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// Success, including a run whose output is empty.
  public static let success = ExitStatus(rawValue: 0)
  /// The program or an option is not valid (`EX_USAGE`).
  public static let usage = ExitStatus(rawValue: 64)
  /// An input is corrupt or truncated, or a record is too large (`EX_DATAERR`).
  public static let dataError = ExitStatus(rawValue: 65)
  /// An input cannot be opened (`EX_NOINPUT`).
  public static let cannotOpenInput = ExitStatus(rawValue: 66)
  /// The output file cannot be created (`EX_CANTCREAT`).
  public static let cannotCreateOutput = ExitStatus(rawValue: 73)
  /// Reading or writing failed, for example on a full disk (`EX_IOERR`).
  public static let ioError = ExitStatus(rawValue: 74)

  /// Whether `lhs` is less severe than `rhs`: the higher value is the more
  /// severe, so `max` picks the status a run with several problems exits
  /// with.
  public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
