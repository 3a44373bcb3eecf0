/// Straightforward reference framings over a whole byte array, to check the
/// streaming reader against.
enum Reference {
  static func split(_ data: [UInt8], at separator: UInt8) -> [[UInt8]] {
    var records = data.split(separator: separator, omittingEmptySubsequences: false).map(Array.init)
    if data.last == separator || data.isEmpty { records.removeLast() }
    return records
  }

  static func paragraphs(_ data: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [[UInt8]] = []
    for line in split(data, at: 0x0A) {
      if line.isEmpty {
        if !current.isEmpty { result.append(Array(current.joined(separator: [0x0A]))) }
        current = []
      } else {
        current.append(line)
      }
    }
    if !current.isEmpty { result.append(Array(current.joined(separator: [0x0A]))) }
    return result
  }

  static func records(_ data: [UInt8], startingWhere isStart: ([UInt8]) -> Bool) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var current: [[UInt8]] = []
    for line in split(data, at: 0x0A) {
      if isStart(line) && !current.isEmpty {
        result.append(Array(current.joined(separator: [0x0A])))
        current = []
      }
      current.append(line)
    }
    if !current.isEmpty { result.append(Array(current.joined(separator: [0x0A]))) }
    return result
  }
}
