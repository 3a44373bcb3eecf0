import Foundation
import Testing

@testable import Sluice

// A big plain file shared by threads: with fewer inputs than jobs, the file is
// cut into pieces at record ends and each worker reads pieces of it. What
// comes out (bytes, messages, status) must be what one thread gives, record
// numbers in messages included. Pieces of 16 KiB here, so a 400 KB text makes
// about 25 of them, with records longer than a piece among them.

/// JSON lines of varied length: a few empty, some with CRLF, two longer than
/// a piece (a cut falling in them is dropped), a line that is not JSON near
/// the end (record `badLine`), and no line end after the last.
private let badLine = 7_001

private let text: [UInt8] = {
  var rng = SeededRandom(seed: 77)
  var text = ""
  for line in 1...7_200 {
    switch line {
    case badLine: text += "not json at all\n"
    case 1_500, 4_000:
      text += "{\"n\":\(line),\"k\":\"\(String(repeating: "x", count: 40_000))\"}\n"
    case _ where line % 613 == 0: text += "\n"
    default:
      let width = Int.random(in: 0..<60, using: &rng)
      let end = line % 7 == 0 ? "\r\n" : "\n"
      text +=
        "{\"n\":\(line),\"k\":\"k\(line % 17)\",\"pad\":\"\(String(repeating: "p", count: width))\"}\(end)"
    }
  }
  text += "{\"n\":\"last\",\"k\":\"k0\"}"
  return Array(text.utf8)
}()

private let pieceSize = 16 << 10

@Suite("Pieces: one big plain file shared by threads")
struct PiecesTests {
  /// The pieces of the file at `path`, each as read on its own; `nil` when
  /// the file is not cut.
  private func readPieces(_ path: String) throws -> [[UInt8]]? {
    guard let pieces = SharedFile.forPieces(path, after: 0x0A, pieceSize: pieceSize) else {
      return nil
    }
    return try (0..<pieces.count).map { index in
      let input = DecodedInput(pieces[index], options: ReadOptions(bufferSize: 5000))
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 5000)
      while case let count = try buffer.withUnsafeMutableBytes({ try input.read(into: $0) }),
        count > 0
      {
        bytes += buffer[..<count]
      }
      return bytes
    }
  }

  @Test func piecesCoverTheFileAndEndAtRecordEnds() throws {
    let scratch = try Scratch()
    let pieces = try #require(try readPieces(try scratch.file("big.log", text)))
    #expect(pieces.count == text.count / pieceSize)
    // The two 40 KB lines leave a few pieces empty: their records began before.
    #expect(pieces.filter(\.isEmpty).count >= 2)
    #expect(pieces.filter { !$0.isEmpty }.count >= 15)
    for piece in pieces.dropLast() where !piece.isEmpty {
      #expect(piece.last == 0x0A)
    }
    #expect(Array(pieces.joined()) == text)
  }

  @Test func onlyBigPlainRegularFilesAreCut() throws {
    let scratch = try Scratch()
    func cut(_ path: String) -> Int? {
      SharedFile.forPieces(path, after: 0x0A, pieceSize: pieceSize)?.count
    }
    #expect(cut(try scratch.file("small", Array(text[..<(2 * pieceSize - 1)]))) == nil)
    #expect(cut(try scratch.file("two", Array(text[..<(2 * pieceSize)]))) == 2)
    #expect(cut(try scratch.gzipFile("big.gz", text, level: 1)) == nil)
    // Plain data that starts like a gzip member is compressed as far as
    // sniffing goes: never cut.
    #expect(cut(try scratch.file("magic", [0x1F, 0x8B] + text)) == nil)
    #expect(cut(scratch.url.path) == nil)
    #expect(cut(scratch.url.appendingPathComponent("missing").path) == nil)
    // A FIFO is never opened to be looked at (that would let its writer on).
    let fifo = scratch.url.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(cut(fifo) == nil)
    // No line end after the start: the first piece is the whole file.
    let oneLine = [UInt8](repeating: 0x61, count: 3 * pieceSize)
    let pieces = try #require(try readPieces(try scratch.file("one line", oneLine)))
    #expect(pieces.map(\.count) == [oneLine.count, 0, 0])
  }

  /// Which programs may read an input in pieces, and at which byte.
  @Test(
    arguments: [
      ("cat", 0x0A), ("count", 0x0A), ("grep -F x | fields 2 | count-by", 0x0A),
      ("lines --strip-cr | distinct", 0x0A), ("json .k | head 3", 0x0A),
      ("records -s , | count", 0x2C), ("fields 1 | tail 2", 0x0A),
      ("sum 1", nil), ("grep x | stats 1", nil), ("timeline 1h", nil),
      ("since 2026-01-01 | count", nil), ("records -p | count", nil),
      ("records --start x | cat", nil), ("chunks 100 | count", nil),
    ] as [(String, UInt8?)])
  func whoMayCut(program: String, separator: UInt8?) throws {
    #expect(ProgramSplit(try Program(program)).pieceSeparator == separator)
  }

  @Test(arguments: [
    "cat", "count", "lines | count", "grep -F 7 | count", "grep -F 7 | fields 2",
    "grep -F k1 | json .n", "fields 2 | count-by", "distinct 2", "grep -F k | json .k | count-by",
    "fields 1 | head 3", "grep -F 9 | tail 2", "fields 1 | uniq -c | head 4",
    "records -s , | count", "lines --strip-cr | fields 3 | count-by",
  ])
  func sameAsOneThread(program: String) throws {
    let scratch = try Scratch()
    let path = try scratch.file("big.log", text)
    let parts = InputParts(
      [.file(path)], jobs: 2, cuttingAfter: ProgramSplit(try Program(program)).pieceSeparator,
      pieceSize: pieceSize)
    #expect(parts.count >= 20)
    let one = try runInProcess(program, on: [path], jobs: 1, in: scratch)
    #expect(!one.output.isEmpty)
    for jobs in [2, 3] {
      let many = try runInProcess(
        program, on: [path], jobs: jobs, pieceSize: pieceSize, in: scratch)
      #expect(many == one, "\(program) with \(jobs) jobs")
    }
  }

  /// An error in a piece names the record by its number in the file, and
  /// nothing after it in the file is read, as on one thread.
  @Test(arguments: [RecordErrorPolicy.fail, .skip])
  func recordNumbersCountFromTheFileStart(policy: RecordErrorPolicy) throws {
    let scratch = try Scratch()
    let path = try scratch.file("big.log", text)
    let other = try scratch.file("other.log", "{\"n\":1,\"k\":\"other\"}\n")
    // Only the line that is not JSON contains both an `n` and an `a`.
    for program in ["grep -F n | json .n | count", "grep -F a | json .k"] {
      let one = try runInProcess(program, on: [path], jobs: 1, onError: policy, in: scratch)
      #expect(
        one.messages.count == 1 && one.messages[0].contains("record \(badLine): json: "),
        "\(one.messages)")
      let many = try runInProcess(
        program, on: [path], jobs: 2, onError: policy, pieceSize: pieceSize, in: scratch)
      #expect(many == one, "\(program), \(policy)")
      // With more inputs than jobs the file is read whole: the same again.
      let whole = try runInProcess(
        program, on: [path, other], jobs: 2, onError: policy, pieceSize: pieceSize, in: scratch)
      let oneBoth = try runInProcess(
        program, on: [path, other], jobs: 1, onError: policy, in: scratch)
      #expect(whole == oneBoth)
    }
  }

  /// A record too long to hold ends the file (or is skipped) at its number
  /// in the file, whichever piece it is in.
  @Test(arguments: [RecordErrorPolicy.fail, .skip])
  func recordTooLargeInAPiece(policy: RecordErrorPolicy) throws {
    let scratch = try Scratch()
    let path = try scratch.file("big.log", text)
    let options = ReadOptions(maxRecordSize: 30_000, bufferSize: 8 << 10)
    for program in ["lines | cat", "fields 1 | count-by", "grep -F 9 | count"] {
      let one = try runInProcess(
        program, on: [path], jobs: 1, onError: policy, options: options, in: scratch)
      #expect(
        one.messages.first?.contains("record 1500") == true, "\(program): \(one.messages)")
      let many = try runInProcess(
        program, on: [path], jobs: 2, onError: policy, options: options, pieceSize: pieceSize,
        in: scratch)
      #expect(many == one, "\(program), \(policy)")
      // Two files, both cut: the second is numbered from its own start, after
      // the first was given up at its error.
      let twice = try runInProcess(
        program, on: [path, path], jobs: 1, onError: policy, options: options, in: scratch)
      #expect(twice.messages.count == (policy == .fail ? 2 : 1), "\(twice.messages)")
      let twiceInPieces = try runInProcess(
        program, on: [path, path], jobs: 3, onError: policy, options: options,
        pieceSize: pieceSize, in: scratch)
      #expect(twiceInPieces == twice, "\(program), \(policy), two files")
    }
  }
}
