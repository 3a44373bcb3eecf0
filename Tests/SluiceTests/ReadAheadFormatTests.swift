import Foundation
import Sluice
import Testing

/// `bytes` compressed by the system's `tool` (bzip2, xz or zstd) with
/// `options`.
private func compress(_ tool: String, _ bytes: [UInt8], _ options: [String] = []) throws
  -> [UInt8]
{
  let scratch = try Scratch()
  let path = try scratch.file("data", bytes)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [tool, "-c", "-q"] + options + [path]
  let output = Pipe()
  process.standardOutput = output
  try process.run()
  let compressed = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Array(compressed)
}

/// bzip2, xz and zstd inputs, good and bad, that decoding ahead on a second
/// thread (bzip2 and xz; zstd ignores it) and reading through a small buffer
/// must deliver exactly as the plain decoder with the default buffer does:
/// the same bytes, the same error (message, offsets), the same warnings. (The
/// CLI's FormatOracleTests hold the plain decoder to the tools.)
private let cases: [(name: String, bytes: [UInt8])] = {
  var result: [(String, [UInt8])] = []
  for tool in ["bzip2", "xz", "zstd"] {
    let small = try! compress(tool, text(5_000, seed: 11))
    let big = try! compress(tool, text(1_500_000, seed: 12), ["-1"])
    var manyStreams: [UInt8] = []
    for index in 0..<50 { manyStreams += try! compress(tool, Array("line \(index)\n".utf8)) }
    let joined = small + big + small
    result += [
      ("\(tool) small", small),
      ("\(tool) big, many ring turns", big),
      ("\(tool) 50 one-line streams", manyStreams),
      ("\(tool) three streams", joined),
      ("\(tool) trailing garbage", small + Array("garbage!".utf8)),
    ]
    for cut in stride(from: 7, to: joined.count, by: joined.count / 7) + [joined.count - 3] {
      result.append(("\(tool) truncated at \(cut)", Array(joined[..<cut])))
    }
    for position in [big.count / 3, big.count - 2] {
      var flipped = big
      flipped[position] ^= 0x21
      result.append(("\(tool) byte \(position) flipped", flipped))
    }
  }
  return result
}()

@Suite("ReadAhead: bzip2 and xz decoded on a second thread, zstd whatever the buffer")
struct ReadAheadFormatTests {
  @Test(arguments: cases.indices)
  func deliversWhatThePlainDecoderDelivers(index: Int) throws {
    let (name, bytes) = cases[index]
    let scratch = try Scratch()
    let path = try scratch.file("input", bytes)
    let plain = deliver(path, decodeAhead: false)
    #expect(plain.bytes.count > 0 || plain.error != nil, "\(name): \(plain)")
    for (decodeAhead, bufferSize) in [(false, 4096), (true, 128 << 10), (true, 4096)] {
      let other = deliver(path, decodeAhead: decodeAhead, bufferSize: bufferSize)
      #expect(
        other == plain,
        "\(name), ahead \(decodeAhead), buffer \(bufferSize): \(other), plain \(plain)")
    }
  }

  @Test func theCasesCoverEveryOutcome() {
    let scratch = try! Scratch()
    let outcomes = cases.map { deliver(try! scratch.file("c", $0.bytes), decodeAhead: false) }
    let errors = outcomes.compactMap(\.error)
    for phrase in [
      "compressed file ends unexpectedly", "data integrity error", "unexpected end of input",
      "compressed data is corrupt", "premature end", "unsupported format",
    ] {
      #expect(errors.contains { $0.contains(phrase) }, "no \(phrase)")
    }
    #expect(outcomes.contains { !$0.warnings.isEmpty })
    #expect(outcomes.contains { $0.error == nil && $0.bytes.count > 1_000_000 })
  }

  /// Buffers smaller than the longest magic number (six bytes, xz's): the
  /// first bytes are sniffed aside and still delivered, whatever the format.
  @Test(arguments: [2, 3, 5])
  func buffersSmallerThanAMagicNumber(bufferSize: Int) throws {
    let scratch = try Scratch()
    let lines = text(20_000, seed: 14)
    var inputs: [(String, [UInt8])] = [
      ("plain", lines), ("short plain", Array("BZh\n".utf8)), ("gzip", try gzip(lines)),
    ]
    for tool in ["bzip2", "xz", "zstd"] { inputs.append((tool, try compress(tool, lines))) }
    for (name, bytes) in inputs {
      let path = try scratch.file("input", bytes)
      let expected = name == "short plain" ? bytes : lines
      let read = try Input(paths: [path], options: ReadOptions(bufferSize: bufferSize))
        .collect().map { $0 + [0x0A] }
      #expect(Array(read.joined()) == expected, "\(name), buffer \(bufferSize)")
    }
  }

  @Test(arguments: ["bzip2", "xz", "zstd"])
  func readingStopsEarlyWithoutWaitingForTheDecoder(tool: String) throws {
    // The reader takes one line and drops the input, over and over: each
    // time the decoding thread must see that and end, holding nothing.
    let scratch = try Scratch()
    let path = try scratch.file("big", try compress(tool, text(3_000_000, seed: 13), ["-1"]))
    let input = Input(paths: [path], options: ReadOptions(decodeAhead: true))
    for _ in 0..<50 {
      let first = try input.withLines { lines in lines.first { _ in true }.map(\.bytes) }
      #expect(first?.isEmpty == false)
    }
  }
}
