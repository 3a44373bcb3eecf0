/// A file name template with one printf-style number in it, such as
/// `part-%04d.gz`: the names of the parts `split` writes.
public struct PartTemplate: Sendable, Equatable {
  private let prefix: String
  private let suffix: String
  /// The least number of digits (zero-padded), from `%0Nd`.
  private let width: Int

  /// Parses `text`, which must hold exactly one `%d` or `%0Nd` (`%%` is a
  /// percent sign).
  public init(parsing text: String) throws(SluiceError) {
    var prefix = ""
    var suffix = ""
    var width: Int?
    var characters = Substring(text)
    while let first = characters.first {
      characters = characters.dropFirst()
      guard first == "%" else {
        if width == nil { prefix.append(first) } else { suffix.append(first) }
        continue
      }
      if characters.first == "%" {
        characters = characters.dropFirst()
        if width == nil { prefix.append("%") } else { suffix.append("%") }
        continue
      }
      let digits = characters.prefix { $0.isASCII && $0.isNumber }
      characters = characters.dropFirst(digits.count)
      guard characters.first == "d", digits.isEmpty || digits.first == "0", width == nil else {
        throw .usage("the part name template needs exactly one %d or %0Nd (such as part-%04d.gz)")
      }
      characters = characters.dropFirst()
      width = Int(digits) ?? 0
    }
    guard let width, width <= 12 else {
      throw .usage("the part name template needs exactly one %d or %0Nd (such as part-%04d.gz)")
    }
    self.prefix = prefix
    self.suffix = suffix
    self.width = width
  }

  /// The name of part `number`.
  public func name(_ number: Int) -> String {
    let digits = String(number)
    return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits + suffix
  }
}
