import Foundation
import Testing

@testable import Sluice

/// An input that goes quiet (a pipe whose writer has nothing more yet, as
/// from `tail -f`) is noticed on the reading thread before it waits: by the
/// read itself, or, when decoding ahead, by the decoding thread telling the
/// reading one. The writer here is the stall hook itself: it sends the next
/// piece, then ends the input, so each wait is certain to be met.
@Suite("ReadAhead: an input that goes quiet")
struct ReadAheadStallTests {
  /// How the test's writer takes its turns.
  final class Writer {
    private var pieces: [[UInt8]]
    private var descriptor: Int32?
    private(set) var stalls = 0

    init(descriptor: Int32, pieces: [[UInt8]]) {
      self.descriptor = descriptor
      self.pieces = pieces
    }

    deinit { close() }

    /// The stall hook: sends the next piece, or ends the input.
    func turn() {
      stalls += 1
      if pieces.isEmpty { return close() }
      let piece = pieces.removeFirst()
      let written = piece.withUnsafeBytes { Glibc.write(descriptor!, $0.baseAddress, $0.count) }
      precondition(written == piece.count, "a short write to a pipe")
    }

    func close() {
      if let descriptor { _ = Glibc.close(descriptor) }
      descriptor = nil
    }
  }

  @Test(arguments: [false, true], [false, true])
  func eachQuietSpellIsNoticedOnce(compressed: Bool, decodeAhead: Bool) throws {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    defer { _ = close(ends[0]) }
    let pieces = try ["first\n", "second\n"].map {
      compressed ? try gzip(Array($0.utf8)) : Array($0.utf8)
    }
    let writer = Writer(descriptor: ends[1], pieces: Array(pieces.dropFirst()))
    // The first piece is there before the first read, so sniffing never waits.
    _ = pieces[0].withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
    let input = try DecodedInput(
      opening: .file("/dev/fd/\(ends[0])"),
      options: ReadOptions(decodeAhead: decodeAhead, inflateBackend: .zlib))
    input.whenStalled = writer.turn

    var delivered: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let count = try buffer.withUnsafeMutableBytes({ try input.read(into: $0) }),
      count > 0
    {
      delivered += buffer[..<count]
    }
    #expect(String(decoding: delivered, as: UTF8.self) == "first\nsecond\n")
    // Once before the second piece, once before the end.
    #expect(writer.stalls == 2)
  }

  @Test func aRegularFileNeverStalls() throws {
    let scratch = try Scratch()
    let path = try scratch.file("log.gz", try gzip(Array("a\nb\n".utf8)))
    for decodeAhead in [false, true] {
      let input = try DecodedInput(
        opening: .file(path), options: ReadOptions(decodeAhead: decodeAhead))
      var stalls = 0
      input.whenStalled = { stalls += 1 }
      var buffer = [UInt8](repeating: 0, count: 4096)
      while try buffer.withUnsafeMutableBytes({ try input.read(into: $0) }) > 0 {}
      #expect(stalls == 0, "decodeAhead: \(decodeAhead)")
    }
  }
}
