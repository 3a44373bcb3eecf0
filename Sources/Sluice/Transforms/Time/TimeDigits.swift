/// Reading the fixed-width numbers and month names of timestamps.
enum TimeDigits {
  /// The number written with exactly `count` ASCII digits at `start`, or
  /// `nil` when a byte there is not a digit (or the text is too short).
  static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    guard start >= 0, start + count <= bytes.count else { return nil }
    var value = 0
    for index in start..<(start + count) {
      let digit = bytes[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return value
  }

  /// Whether the byte at `index` exists and is an ASCII digit.
  static func isDigit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
    index >= 0 && index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10
  }

  /// The month (1 to 12) whose English three-letter name, in any case, is at
  /// `start`.
  static func month(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
    guard start >= 0, start + 3 <= bytes.count else { return nil }
    // Lowercase the three letters into one number and look it up.
    let key =
      UInt32(bytes[start] | 0x20) << 16 | UInt32(bytes[start + 1] | 0x20) << 8
      | UInt32(bytes[start + 2] | 0x20)
    guard let index = monthKeys.firstIndex(of: key) else { return nil }
    return index + 1
  }

  static let monthKeys: [UInt32] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ].map { name in name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }

  /// Nanoseconds from the fraction digits at `start` (any number of them, the
  /// first nine count), and where the digits end.
  static func fraction(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (
    nanoseconds: Int64, end: Int
  ) {
    var index = start
    var value: Int64 = 0
    var scale: Int64 = 1_000_000_000
    while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
      if scale > 1 {
        scale /= 10
        value += Int64(digit) * scale
      }
      index += 1
    }
    return (value, index)
  }
}
