import Testing

@testable import Sluice

@Suite struct ByteCountTests {
  @Test func countsMatchANaiveLoopAtEveryLengthAndAlignment() {
    var random = SeededRandom(seed: 7)
    // Long enough to cross the 255-step widening of the lane sums.
    let data = (0..<(255 * 16 * 3 + 77)).map { _ in UInt8.random(in: 0...3, using: &random) }
    data.withUnsafeBytes { all in
      for (start, length) in [
        (0, 0), (0, 15), (1, 16), (3, 17), (5, 4080), (0, 4081), (7, data.count - 7),
      ] {
        let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
        for byte: UInt8 in [0, 1, 3, 9] {
          #expect(countOccurrences(of: byte, in: slice) == slice.filter { $0 == byte }.count)
        }
      }
    }
    let allLF = [UInt8](repeating: 0x0A, count: 255 * 16 * 2 + 5)
    allLF.withUnsafeBytes { #expect(countOccurrences(of: 0x0A, in: $0) == allLF.count) }
  }

  @Test func terminatorCounterCountsAnUnterminatedLastRecord() {
    func count(_ blocks: [String]) -> Int {
      var counter = RecordCount.TerminatorCounter()
      for block in blocks { Array(block.utf8).withUnsafeBytes { counter.add($0) } }
      return counter.count.value
    }
    #expect(count([]) == 0)
    #expect(count(["", ""]) == 0)
    #expect(count(["\n"]) == 1)
    #expect(count(["a\nb", ""]) == 2)
    #expect(count(["a\n", "b\n"]) == 2)
    #expect(count(["a", "b"]) == 1)
  }

  @Test func countsMerge() {
    var a = RecordCount()
    a.add()
    var b = RecordCount()
    b.add()
    b.add()
    a.merge(b)
    #expect(a.value == 3)
  }
}
