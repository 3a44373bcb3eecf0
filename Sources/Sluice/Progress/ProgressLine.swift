/// The one line of progress sluice shows on a terminal:
/// `sluice: 45% of 1.2 GB, 530 MB/s, 12,345,678 records, 0:07 left`.
public enum ProgressLine {
  /// The line for `reading` after `seconds`, at most `width` columns.
  public static func text(_ reading: ProgressMeter.Reading, after seconds: Double, width: Int)
    -> String
  {
    var parts: [String] = []
    if let total = reading.totalStoredBytes, total > 0 {
      let fraction = min(1, Double(reading.storedBytes) / Double(total))
      parts.append("\(Int(fraction * 100))% of \(bytes(total))")
    } else {
      parts.append("\(bytes(reading.storedBytes)) read")
    }
    if seconds > 0 {
      parts.append("\(bytes(Int(Double(reading.decodedBytes) / seconds)))/s")
    }
    if reading.records > 0 { parts.append("\(grouped(reading.records)) records") }
    if let total = reading.totalStoredBytes, reading.storedBytes > 0, seconds > 0,
      reading.storedBytes < total
    {
      let left = seconds * Double(total - reading.storedBytes) / Double(reading.storedBytes)
      parts.append("\(duration(left)) left")
    }
    let line = "sluice: " + parts.joined(separator: ", ")
    return line.count <= width ? line : String(line.prefix(max(0, width)))
  }

  /// `812 B`, `45.3 MB`, `1.2 GB`: decimal units, three significant digits.
  static func bytes(_ count: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"]
    var value = Double(count)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    if unit == 0 { return "\(count) B" }
    let digits = value < 10 ? 1 : 0
    return "\(fixed(value, digits)) \(units[unit])"
  }

  /// `12,345,678`.
  static func grouped(_ count: Int) -> String {
    var text = String(count)
    var index = text.count - 3
    while index > 0 {
      text.insert(",", at: text.index(text.startIndex, offsetBy: index))
      index -= 3
    }
    return text
  }

  /// `0:07`, `12:30`, `1:02:03`.
  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded(.up))
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    if total >= 3600 { return "\(total / 3600):\(two(total / 60 % 60)):\(two(total % 60))" }
    return "\(total / 60):\(two(total % 60))"
  }

  private static func fixed(_ value: Double, _ digits: Int) -> String {
    if digits == 0 { return String(Int(value.rounded())) }
    let scaled = Int((value * 10).rounded())
    return "\(scaled / 10).\(scaled % 10)"
  }
}
