#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Finds a fixed byte string in records without looking at them byte by
/// byte: candidates come from a SIMD or memchr scan for the needle's rarest
/// bytes (by ``ByteFrequency``), and only candidates are compared with the
/// whole needle.
///
/// Scanning for the first byte would be slow for the usual log needles:
/// `" 500 "` starts with a space, the most common byte there is (21 per line of
/// an access log), while its `5` is four times rarer and the pair `50` at
/// its place is rarer still (0.15 per line). So:
///
/// - A record with at least 16 candidate start positions is scanned 32 (then
///   16) positions a step for the needle's two rarest bytes, each at its own
///   offset: a position is a candidate only if both are in place. (memchr on
///   the rarest byte alone found `" 500 "` in an access log at 13 M lines/s,
///   this scan at 37.6 M; figures in Regex.swift.)
/// - A shorter record, or a one-byte needle, is scanned with memchr for the
///   rarest byte alone.
///
/// Ignoring case folds ASCII letters only (bytes from 0x80 are compared as
/// they are): the needle is kept in lower case, and a letter in a haystack is
/// lowered by setting its 0x20 bit before comparing (for a letter, `x | 0x20`
/// equals its lower case exactly when `x` is that letter in either case).
/// memchr cannot fold, so for a letter it runs once per case.
final class LiteralSearcher: Sendable {
  /// A needle byte the scan looks for, at its offset in the needle.
  private struct Anchor: Sendable {
    var offset: Int
    /// The byte, in lower case when it is a letter and case is ignored.
    var byte: UInt8
    /// 0x20 when it is a letter and case is ignored, else 0: OR-ed into the
    /// haystack byte before comparing.
    var fold: UInt8
  }

  /// The needle, with ASCII letters in lower case when ignoring case.
  private let needle: [UInt8]
  private let ignoresCase: Bool
  /// The rarest needle byte, and the rarest at another offset (the same one
  /// for a one-byte needle).
  private let rarest: Anchor
  private let second: Anchor

  /// A searcher for `needle`'s bytes.
  init(_ needle: some Sequence<UInt8>, ignoringCase: Bool) {
    let needle = ignoringCase ? needle.map(Self.lowercased) : Array(needle)
    self.needle = needle
    ignoresCase = ignoringCase
    func folds(_ byte: UInt8) -> Bool { ignoringCase && Self.isLowercaseLetter(byte) }
    func rate(_ offset: Int) -> Int {
      let byte = needle[offset]
      return ByteFrequency.of(byte) + (folds(byte) ? ByteFrequency.of(byte ^ 0x20) : 0)
    }
    func anchor(_ offset: Int) -> Anchor {
      guard offset < needle.count else { return Anchor(offset: 0, byte: 0, fold: 0) }
      return Anchor(offset: offset, byte: needle[offset], fold: folds(needle[offset]) ? 0x20 : 0)
    }
    let first = needle.indices.min { rate($0) < rate($1) } ?? 0
    rarest = anchor(first)
    second = anchor(needle.indices.filter { $0 != first }.min { rate($0) < rate($1) } ?? first)
  }

  /// Whether the needle has a byte that can end a line, so that a match may
  /// span two lines.
  var containsLineEnd: Bool { needle.contains(0x0A) }

  /// Whether `haystack` contains the needle. An empty needle is everywhere.
  func matches(_ haystack: UnsafeRawBufferPointer) -> Bool {
    firstMatch(in: haystack) != nil
  }

  /// Where the needle first starts in `haystack` (an offset into it), or
  /// `nil`; an empty needle is at 0.
  func firstMatch(in haystack: UnsafeRawBufferPointer) -> Int? {
    let length = needle.count
    guard length > 0 else { return 0 }
    guard length <= haystack.count, let base = haystack.baseAddress else { return nil }
    let starts = haystack.count - length + 1
    return needle.withUnsafeBytes { needle in
      if starts >= 16 && length > 1 {
        return scanPairs(base, starts: starts, needle: needle)
      }
      return scanRarest(base, starts: starts, needle: needle)
    }
  }

  /// Checks the start positions `0..<starts` (at least 16) for both anchors
  /// at once: ``nextCandidates(_:from:to:)`` finds the next block with
  /// candidates, which are then compared with the needle.
  private func scanPairs(
    _ base: UnsafeRawPointer, starts: Int, needle: UnsafeRawBufferPointer
  ) -> Int? {
    let lastBlock = starts &- 16
    var block = 0
    while let (found, lanes) = nextCandidates(base, from: block, to: lastBlock) {
      let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
      if let offset = firstMatch(candidates: words[0], at: base + found, needle) {
        return found + offset
      }
      if let offset = firstMatch(candidates: words[1], at: base + (found &+ 8), needle) {
        return found + 8 + offset
      }
      if found == lastBlock { return nil }
      block = min(found &+ 16, lastBlock)
    }
    return nil
  }

  /// The first block of 16 start positions from `block` (the last one
  /// starting at `lastBlock`) where both anchors are in place somewhere, and
  /// its lanes: 0xFF at each such position, else 0. 32 positions a step, then
  /// 16.
  ///
  /// Kept apart from the comparisons, which call memcmp: in a loop without
  /// calls the compiler keeps the four constant vectors in registers (32 M
  /// lines/s on " 500 " through the public API, against 29 M).
  @inline(never)
  private func nextCandidates(
    _ base: UnsafeRawPointer, from block: Int, to lastBlock: Int
  ) -> (Int, SIMD16<UInt8>)? {
    let rarestByte = SIMD16<UInt8>(repeating: rarest.byte)
    let rarestFold = SIMD16<UInt8>(repeating: rarest.fold)
    let secondByte = SIMD16<UInt8>(repeating: second.byte)
    let secondFold = SIMD16<UInt8>(repeating: second.fold)
    // (Wrapping arithmetic: no overflow checks in the loop; every offset is
    // below the record's count.)
    let rarestBase = base + rarest.offset
    let secondBase = base + second.offset
    @inline(__always) func candidates(_ block: Int) -> SIMD16<UInt8> {
      let a = rarestBase.loadUnaligned(fromByteOffset: block, as: SIMD16<UInt8>.self)
      let b = secondBase.loadUnaligned(fromByteOffset: block, as: SIMD16<UInt8>.self)
      let both = ((a | rarestFold) .== rarestByte) .& ((b | secondFold) .== secondByte)
      return unsafeBitCast(both, to: SIMD16<UInt8>.self)
    }
    @inline(__always) func any(_ lanes: SIMD16<UInt8>) -> Bool {
      let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
      return words[0] | words[1] != 0
    }
    var block = block
    // Unrolled: 10-15% faster than 16 at a time on lines without a match.
    while block &+ 32 <= lastBlock {
      let first = candidates(block)
      let next = candidates(block &+ 16)
      if any(first | next) {
        return any(first) ? (block, first) : (block &+ 16, next)
      }
      block &+= 32
    }
    while true {
      let lanes = candidates(block)
      if any(lanes) { return (block, lanes) }
      if block == lastBlock { return nil }
      block = min(block &+ 16, lastBlock)
    }
  }

  /// The first of the (up to 8) positions from `start` whose byte in
  /// `candidates` is 0xFF and where the needle is, as an offset from `start`.
  @inline(__always)
  private func firstMatch(
    candidates: UInt64, at start: UnsafeRawPointer, _ needle: UnsafeRawBufferPointer
  ) -> Int? {
    var candidates = candidates
    while candidates != 0 {
      let bit = candidates.trailingZeroBitCount
      if isMatch(at: start + bit / 8, needle) { return bit / 8 }
      candidates &= ~(0xFF << UInt64(bit & ~7))
    }
    return nil
  }

  /// Checks the start positions `0..<starts` where memchr finds the rarest
  /// byte (in either case, for a letter when ignoring case).
  private func scanRarest(
    _ base: UnsafeRawPointer, starts: Int, needle: UnsafeRawBufferPointer
  ) -> Int? {
    let anchor = rarest
    let first = base + anchor.offset
    let end = first + starts
    func next(_ byte: UInt8, from cursor: UnsafeRawPointer) -> UnsafeRawPointer? {
      guard cursor < end else { return nil }
      return memchr(cursor, Int32(byte), cursor.distance(to: end)).map { UnsafeRawPointer($0) }
    }
    var nextLower = next(anchor.byte, from: first)
    // Without folding the "other case" is the byte itself: one cursor.
    var nextUpper = anchor.fold == 0 ? nil : next(anchor.byte ^ 0x20, from: first)
    while true {
      let hit: UnsafeRawPointer
      switch (nextLower, nextUpper) {
      case (nil, nil): return nil
      case (let lower?, nil): hit = lower
      case (nil, let upper?): hit = upper
      case (let lower?, let upper?): hit = min(lower, upper)
      }
      if isMatch(at: hit - anchor.offset, needle) { return base.distance(to: hit - anchor.offset) }
      if hit == nextLower { nextLower = next(anchor.byte, from: hit + 1) }
      if hit == nextUpper { nextUpper = next(anchor.byte ^ 0x20, from: hit + 1) }
    }
  }

  /// Whether the needle is at `start` (which has `needle.count` readable
  /// bytes).
  @inline(__always)
  private func isMatch(at start: UnsafeRawPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
    guard ignoresCase else {
      return memcmp(start, needle.baseAddress!, needle.count) == 0
    }
    for index in 0..<needle.count
    where Self.lowercased(start.load(fromByteOffset: index, as: UInt8.self)) != needle[index] {
      return false
    }
    return true
  }

  @inline(__always)
  private static func lowercased(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
  }

  @inline(__always)
  private static func isLowercaseLetter(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
}
