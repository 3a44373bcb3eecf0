/// A size in bytes written the way people write sizes on a command line:
/// `4096`, `64K`, `1M`, `2G` (binary multiples; a trailing `B` or `iB` is
/// allowed).
public struct ByteSize: Equatable, Sendable, CustomStringConvertible {
  /// The number of bytes.
  public var bytes: Int

  /// Creates a size of `bytes` bytes.
  public init(bytes: Int) { self.bytes = bytes }

  /// Parses `text`.
  ///
  /// - Throws: ``SluiceError/usage(_:)`` when it is not a positive size.
  public init(parsing text: String) throws(SluiceError) {
    var digits = Substring(text.uppercased())
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
      digits = digits.dropLast(suffix.count)
      break
    }
    var multiplier = 1
    if let unit = digits.last, let shift = ["K": 10, "M": 20, "G": 30][String(unit)] {
      multiplier = 1 << shift
      digits = digits.dropLast()
    }
    guard let value = Int(digits), value > 0, value <= Int.max / multiplier else {
      throw .usage("'\(text)' is not a size (examples: 4096, 64K, 1M, 2G)")
    }
    bytes = value * multiplier
  }

  /// The size in the shortest exact form, such as `64M`.
  public var description: String {
    for (suffix, shift) in [("G", 30), ("M", 20), ("K", 10)] where bytes % (1 << shift) == 0 {
      return "\(bytes >> shift)\(suffix)"
    }
    return "\(bytes)"
  }
}
