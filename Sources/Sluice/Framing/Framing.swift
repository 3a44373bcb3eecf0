/// What a record is: where one ends and the next begins.
public struct Framing: Sendable {
  enum Kind: Sendable {
    case separated(by: UInt8, strippingCR: Bool)
    case paragraphs
    case startingAt(@Sendable (Record) -> Bool)
    case chunks(size: Int, lineAligned: Bool)
  }

  let kind: Kind

  /// Lines: records end at LF, which is not part of the record; an
  /// unterminated last line is still a line. CR stays in the line's bytes.
  public static let lines = Framing(kind: .separated(by: 0x0A, strippingCR: false))

  /// Lines with one CR before the LF removed as well, for CRLF text. A lone CR
  /// elsewhere stays.
  public static let linesStrippingCR = Framing(kind: .separated(by: 0x0A, strippingCR: true))

  /// Records that end at `separator` (for example NUL, as `find -print0`
  /// writes), which is not part of the record; an unterminated last record is
  /// still a record.
  public static func separated(by separator: UInt8) -> Framing {
    Framing(kind: .separated(by: separator, strippingCR: false))
  }

  /// Paragraphs: records made of lines and separated by one or more empty
  /// lines. Empty lines before the first and after the last paragraph make no
  /// record; the LFs inside a paragraph are kept, the one ending it is not.
  public static let paragraphs = Framing(kind: .paragraphs)

  /// Blocks of `size` decoded bytes (the last of each input may be shorter),
  /// or with `lineAligned` blocks of about `size` bytes extended to the end of
  /// the line they stop in. Concatenated, they give back the input. `size`
  /// must be positive and at most the maximum record size.
  public static func chunks(of size: Int, lineAligned: Bool = false) -> Framing {
    precondition(size > 0, "chunk size must be positive")
    return Framing(kind: .chunks(size: size, lineAligned: lineAligned))
  }

  /// Multi-line records that begin at each line for which `isStart` is true,
  /// such as a log line and the stack trace below it. Lines before the first
  /// start line form a record of their own. The LFs inside a record are kept,
  /// the one ending it is not.
  ///
  /// `isStart` is asked about every line but the first of each input (which
  /// always opens a record), without its LF.
  public static func records(startingWhere isStart: @escaping @Sendable (Record) -> Bool) -> Framing
  {
    Framing(kind: .startingAt(isStart))
  }
}
