/// Counts occurrences of one byte in a buffer, 32 bytes per step.
///
/// The hot path of `count`: it never looks at a record, only at terminators,
/// so it needs no framing and no buffer beyond the block being counted.
func countOccurrences(of byte: UInt8, in buffer: UnsafeRawBufferPointer) -> Int {
  guard let base = buffer.baseAddress else { return 0 }
  let count = buffer.count
  let target = SIMD32<UInt8>(repeating: byte)
  var total = 0
  var position = 0
  while position + 32 <= count {
    // Lane sums stay below 256 for up to 255 steps before they are widened.
    var lanes = SIMD32<UInt8>()
    let stop = min(count - 31, position + 255 * 32)
    while position < stop {
      let block = base.loadUnaligned(fromByteOffset: position, as: SIMD32<UInt8>.self)
      lanes &+= SIMD32<UInt8>(repeating: 0).replacing(with: 1, where: block .== target)
      position += 32
    }
    total &+= Int(SIMD32<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
  }
  while position < count {
    if base.load(fromByteOffset: position, as: UInt8.self) == byte { total += 1 }
    position += 1
  }
  return total
}
