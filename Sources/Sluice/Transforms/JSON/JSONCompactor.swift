/// Writes a JSON value (already checked by the scanner) without the
/// whitespace between its tokens: every other byte, strings included, is
/// copied as written (escapes stay escapes, numbers keep their spelling).
enum JSONCompactor {
  /// Appends the compact form of the value `start..<end` to `builder`.
  static func append(
    _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, to builder: inout RecordBuilder
  ) {
    var p = start
    var run = start
    while p < end {
      let byte = p.pointee
      if byte == 0x22 {
        p = endOfString(p + 1, end)
      } else if byte <= 0x20 && JSONBytes.isSpace(byte) {
        if p > run { builder.append(UnsafeRawBufferPointer(start: run, count: p - run)) }
        p = JSONBytes.skipSpace(p, end)
        run = p
      } else {
        p += 1
      }
    }
    if end > run { builder.append(UnsafeRawBufferPointer(start: run, count: end - run)) }
  }

  /// The position after the closing quote of a checked string whose body
  /// starts at `p`.
  @inline(__always)
  static func endOfString(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>)
    -> UnsafePointer<UInt8>
  {
    var p = p
    while true {
      p = JSONBytes.findStringSpecial(p, end)
      guard p < end else { return end }
      if p.pointee == 0x22 { return p + 1 }
      p += p.pointee == 0x5C ? 2 : 1
    }
  }
}
