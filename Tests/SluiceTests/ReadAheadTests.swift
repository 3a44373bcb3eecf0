import Foundation
import Sluice
import Synchronization
import Testing

/// What reading one input delivered: the bytes, the error that ended it and
/// the warnings, as text.
struct Delivered: Equatable, CustomStringConvertible {
  var bytes: [UInt8] = []
  var error: String?
  var warnings: [String] = []

  var description: String {
    "\(bytes.count) bytes, error: \(error ?? "none"), warnings: \(warnings)"
  }
}

/// Reads `path` whole as chunks, decoding ahead on a second thread or not.
func deliver(
  _ path: String, decodeAhead: Bool, backend: InflateBackend = .zlib, bufferSize: Int = 128 << 10
) -> Delivered {
  let warnings = Mutex<[String]>([])
  let options = ReadOptions(
    bufferSize: bufferSize, decodeAhead: decodeAhead, inflateBackend: backend,
    onWarning: { warning in warnings.withLock { $0.append("\(warning)") } })
  var delivered = Delivered()
  do {
    try Input(paths: [path], options: options).forEachRecord(.chunks(of: 3000)) {
      delivered.bytes += $0.bytes
    }
  } catch {
    delivered.error = "\(error)"
  }
  delivered.warnings = warnings.withLock { $0 }
  return delivered
}

/// Deterministic line text of about `size` bytes.
func text(_ size: Int, seed: UInt64) -> [UInt8] {
  var rng = SeededRandom(seed: seed)
  var bytes: [UInt8] = []
  bytes.reserveCapacity(size + 100)
  while bytes.count < size {
    let length = Int(rng.next() % 90)
    for _ in 0..<length { bytes.append(UInt8(0x20 + rng.next() % 95)) }
    bytes.append(0x0A)
  }
  return bytes
}

/// gzip inputs, good and bad, that every way of decoding (read-ahead or not,
/// each inflate backend) must deliver exactly as the plain zlib decoder does:
/// the same bytes, the same error, the same warnings.
private let cases: [(name: String, bytes: [UInt8])] = {
  let small = try! gzip(text(5_000, seed: 1))
  let big = try! gzip(text(1_500_000, seed: 2), level: 1)
  var manyMembers: [UInt8] = []
  for index in 0..<300 { manyMembers += try! gzip(Array("line \(index)\n".utf8)) }
  let empty = try! gzip([])
  var result: [(String, [UInt8])] = [
    ("small", small),
    ("big, many ring turns", big),
    ("300 one-line members", manyMembers),
    ("empty members around data", empty + small + empty + big + empty),
    ("zero padding", big + [UInt8](repeating: 0, count: 1000)),
    ("trailing garbage", small + Array("garbage".utf8)),
    ("lone non-zero byte after a member", small + [7]),
  ]
  // A wrong CRC or length in the first, a middle and the last member.
  let members = [small, big, small]
  for target in members.indices {
    for (field, offset) in [("crc", 8), ("length", 4)] {
      var corrupted = members
      corrupted[target][corrupted[target].count - offset] ^= 0x55
      result.append(("wrong \(field) in member \(target + 1) of 3", corrupted.flatMap { $0 }))
    }
  }
  let joined = members.flatMap { $0 }
  for cut in stride(from: 1, to: joined.count, by: joined.count / 13) + [joined.count - 3] {
    result.append(("truncated at \(cut)", Array(joined[..<cut])))
  }
  var flipped = big
  flipped[big.count / 2] ^= 0xFF
  result.append(("corrupt deflate data", flipped))
  return result
}()

@Suite("ReadAhead: decoding on a second thread, and each inflate backend")
struct ReadAheadTests {
  static let backends = InflateBackend.allCases.filter(\.isAvailable)

  @Test(arguments: cases.indices)
  func deliversWhatThePlainDecoderDelivers(index: Int) throws {
    let (name, bytes) = cases[index]
    let scratch = try Scratch()
    let path = try scratch.file("input.gz", bytes)
    let zlib = deliver(path, decodeAhead: false)
    for backend in Self.backends {
      let plain = deliver(path, decodeAhead: false, backend: backend)
      for bufferSize in [128 << 10, 4096] {
        let ahead = deliver(path, decodeAhead: true, backend: backend, bufferSize: bufferSize)
        #expect(
          ahead == plain,
          "\(name), \(backend), buffer \(bufferSize): ahead \(ahead), plain \(plain)")
      }
      expectSameAsZlib(plain, zlib, "\(name), \(backend)")
    }
  }

  /// Backends agree byte for byte, except at the cut of a truncated stream:
  /// ISA-L will not decode the last few symbols of an incomplete stream, so it
  /// may deliver a little less there (never less than `gzip -dc` does: the
  /// CLI's gzip oracle tests check that).
  private func expectSameAsZlib(_ delivered: Delivered, _ zlib: Delivered, _ context: String) {
    let truncated = "unexpected end of file at byte "
    guard let error = delivered.error, error.contains(truncated),
      zlib.error?.contains(truncated) == true
    else {
      #expect(delivered == zlib, "\(context): \(delivered), zlib \(zlib)")
      return
    }
    let withoutDecodedOffset = { (message: String) in message.prefix { $0 != "(" } }
    #expect(withoutDecodedOffset(error) == withoutDecodedOffset(zlib.error!), "\(context)")
    #expect(zlib.bytes.starts(with: delivered.bytes), "\(context): not a prefix of zlib's bytes")
    #expect(zlib.bytes.count - delivered.bytes.count <= 4096, "\(context): far shorter")
  }

  @Test func theCasesCoverEveryOutcome() {
    // Guards the table above: errors of each kind and warnings must be in it,
    // or the comparison proves little.
    let scratch = try! Scratch()
    let outcomes = cases.map { deliver(try! scratch.file("c.gz", $0.bytes), decodeAhead: false) }
    let errors = outcomes.compactMap(\.error)
    #expect(errors.contains { $0.contains("crc error") })
    #expect(errors.contains { $0.contains("length error") })
    #expect(errors.contains { $0.contains("unexpected end of file") })
    #expect(errors.contains { $0.contains("invalid compressed data") && !$0.contains("crc") })
    #expect(outcomes.contains { !$0.warnings.isEmpty })
    #expect(outcomes.contains { $0.error == nil && $0.bytes.count > 1_000_000 })
  }

  @Test func readingStopsEarlyWithoutWaitingForTheDecoder() throws {
    // The reader takes one line and drops the input, over and over: each
    // time the decoding thread must see that and end, holding nothing.
    let scratch = try Scratch()
    let path = try scratch.file("big.gz", try gzip(text(3_000_000, seed: 3), level: 1))
    let input = Input(paths: [path], options: ReadOptions(decodeAhead: true))
    for _ in 0..<200 {
      let first = try input.withLines { lines in lines.first { _ in true }.map(\.bytes) }
      #expect(first?.isEmpty == false)
    }
  }

  @Test func plainInputIsReadAsBefore() throws {
    let scratch = try Scratch()
    let bytes = text(400_000, seed: 4)
    let path = try scratch.file("plain.log", bytes)
    #expect(deliver(path, decodeAhead: true) == Delivered(bytes: bytes))
  }
}
