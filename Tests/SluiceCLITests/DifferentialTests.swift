import Foundation
import Sluice
import Testing

// Differential test: random inputs, random gzip members, compared with
// `gzip -dc` and `wc -l`. Every case is seeded; set SLUICE_DIFF_SEED to move
// the whole series (case N uses seed base + N).

@Suite("differential against gzip -dc and wc -l")
struct DifferentialTests {
  static let baseSeed: UInt64 = {
    if let text = ProcessInfo.processInfo.environment["SLUICE_DIFF_SEED"], let seed = UInt64(text) {
      return seed
    }
    return 20_240_601
  }()

  /// A random input: its decoded bytes, how it was cut and compressed, and
  /// the file bytes.
  struct Generated {
    var data: [UInt8] = []
    var members: [String] = []
    var file: [UInt8] = []
  }

  static func generate(seed: UInt64) throws -> Generated {
    var rng = SeededRandom(seed: seed)
    var result = Generated()

    // Lines: 0 to a few thousand bytes, now and then one over 128 KiB.
    let lineCount = Int.random(in: 0...(Bool.random(using: &rng) ? 20 : 300), using: &rng)
    for _ in 0..<lineCount {
      let length: Int
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<10: length = 0
      case 10..<97: length = Int.random(in: 1...3000, using: &rng)
      default: length = Int.random(in: 131_000...300_000, using: &rng)
      }
      result.data += TestData.lineContent(length, using: &rng) + [0x0A]
    }
    if !result.data.isEmpty && Bool.random(using: &rng) {
      result.data.removeLast()  // unterminated last line
    }

    // Members: cut at random points (empty members allowed), each gzip at a
    // random level or, sometimes, hand-made stored blocks with header fields.
    let cutCount = Int.random(in: 0...5, using: &rng)
    let cuts = (0..<cutCount).map { _ in Int.random(in: 0...result.data.count, using: &rng) }
      .sorted()
    var start = 0
    for end in cuts + [result.data.count] {
      let part = Array(result.data[start..<end])
      start = end
      if Int.random(in: 0..<5, using: &rng) == 0 {
        var header = GzipHeader()
        if Bool.random(using: &rng) { header.name = Array("part.txt".utf8) }
        if Bool.random(using: &rng) { header.extra = [0x53, 0x4C, 0x01, 0x00, 0x2A] }
        if Bool.random(using: &rng) { header.headerCRC = .correct }
        let blockSize = Int.random(in: 1...65535, using: &rng)
        result.file += Gzip.member(
          part, header: header, deflate: Deflate.stored(part, blockSize: blockSize))
        result.members.append("stored(\(part.count) bytes, blocks of \(blockSize))")
      } else {
        let level = Int.random(in: 1...9, using: &rng)
        result.file += try Reference.gzip(part, level: level)
        result.members.append("gzip -\(level)(\(part.count) bytes)")
      }
    }
    return result
  }

  @Test(arguments: 0..<40)
  func randomInput(index: UInt64) throws {
    let seed = Self.baseSeed &+ index
    let generated = try Self.generate(seed: seed)
    let context =
      "seed \(seed): \(generated.data.count) bytes in \(generated.members.joined(separator: ", "))"
    print("differential case \(index): \(context)")

    let dir = try TempDir()
    let path = try dir.write("input.gz", generated.file)
    let oracle = try Reference.gunzip(generated.file)
    try #require(oracle.status == 0, "gzip -dc failed on a generated input (\(context)): \(oracle)")
    expectBytes(oracle.stdout, equal: generated.data, "gzip -dc vs generated data (\(context))")

    let newlines = try Reference.wcLines(oracle.stdout)
    let unterminated = oracle.stdout.last.map { $0 != 0x0A } ?? false
    let expectedCount = countOutput(newlines + (unterminated ? 1 : 0))

    // Alternate the ways in, so that every mode sees a share of the cases.
    let mode = InputMode.allCases[Int(index) % InputMode.allCases.count]
    expectSuccess(
      try Sluice.run("cat", input: path, mode: mode), stdout: oracle.stdout,
      "cat, \(mode), \(context)")
    expectSuccess(
      try Sluice.run("count", input: path, mode: mode), stdout: expectedCount,
      "count, \(mode), \(context)")
    expectSuccess(
      try Sluice.run("lines | count", input: path, mode: mode), stdout: expectedCount,
      "lines | count, \(mode), \(context)")
    expectSuccess(
      try Sluice.run("lines | cat", input: path, mode: mode),
      stdout: withFinalNewline(oracle.stdout),
      "lines | cat, \(mode), \(context)")
  }

  /// The same inputs, damaged: cut short or with one byte changed. sluice
  /// must agree with gzip on success or failure and never deliver less.
  @Test(arguments: 0..<20)
  func damagedInput(index: UInt64) throws {
    let seed = Self.baseSeed &+ 1000 &+ index
    var generated = try Self.generate(seed: seed)
    var rng = SeededRandom(seed: seed ^ 0xDA3A_6ED)
    guard !generated.file.isEmpty else { return }
    let position = Int.random(in: 0..<generated.file.count, using: &rng)
    let damage: String
    if Bool.random(using: &rng) {
      generated.file.removeSubrange(position...)
      damage = "cut at \(position)"
    } else {
      var mask = UInt8.random(in: 1...255, using: &rng)
      // 1f 9d, 1f 1e and 1f a0 are other formats that gzip -d also reads.
      while position == 1 && [0x9D, 0x1E, 0xA0].contains(generated.file[1] ^ mask) { mask &+= 1 }
      generated.file[position] ^= mask
      damage = "byte \(position) xor \(mask)"
    }
    let context = "seed \(seed), \(damage): \(generated.members.joined(separator: ", "))"
    print("damaged case \(index): \(context)")
    let dir = try TempDir()
    // A flipped byte inside deflate data can yield different bytes before the
    // fault is found, so only a cut input promises a prefix of the original.
    let original = damage.hasPrefix("cut") ? generated.data : nil
    try expectMatchesGzip(generated.file, in: dir, modes: [.fileArgument], original: original)
  }
}
