import Foundation
import Sluice
import Testing

// bzip2, xz and zstd inputs, good and bad, made by the real tools and held to
// `bzip2 -dc`, `xz -dc` and `zstd -dc` (see `expectMatchesTool`), each run
// with -j 1 and -j 2 (bzip2 and xz then decode on a second thread), which
// must agree.

/// One input for a tool, for parameterized tests.
struct FormatCase: Sendable, CustomTestStringConvertible {
  let tool: FormatTool
  let name: String
  let bytes: [UInt8]
  /// The decoded data when known and the input cannot decode to anything
  /// else, to check that a failing run delivered nothing but a prefix of it.
  var original: [UInt8]? = nil
  var modes: [InputMode] = [.fileArgument]

  var testDescription: String { "\(tool) \(name)" }
}

private let hello = Array("hello\nworld\n".utf8)
private let unterminated = Array("first line\nsecond line, no LF".utf8)
private let smallLog = LogGenerator.accessLog(seed: 61, lines: 300)
/// Over 1 MiB: several bzip2 -1 blocks, xz blocks of 100 KiB, zstd blocks.
private let bigLog = LogGenerator.accessLog(seed: 62, lines: 6000, finalNewline: true)
private let mediumLog = LogGenerator.accessLog(seed: 64, lines: 1500)
private let binary: [UInt8] = {
  var rng = SeededRandom(seed: 63)
  return (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
}()

/// The bytes that must follow for the input to be sniffed as the format.
private func magicLength(_ tool: FormatTool) -> Int { tool == .xz ? 6 : 4 }

/// A zstd skippable frame (magic 0x184D2A5`nibble`) holding `data`.
private func skippableFrame(_ nibble: UInt8, _ data: [UInt8]) -> [UInt8] {
  [0x50 | nibble, 0x2A, 0x4D, 0x18] + littleEndian32(UInt32(data.count)) + data
}

private func compress(_ tool: FormatTool, _ bytes: [UInt8], _ options: [String] = []) -> [UInt8] {
  try! tool.compress(bytes, options)
}

@Suite("bzip2, xz and zstd inputs against bzip2 -dc, xz -dc and zstd -dc")
struct FormatOracleTests {
  // MARK: Good inputs

  static let goodCases: [FormatCase] = {
    var cases: [FormatCase] = []
    func add(
      _ tool: FormatTool, _ name: String, _ bytes: [UInt8], _ original: [UInt8],
      modes: [InputMode] = [.fileArgument]
    ) {
      cases.append(
        FormatCase(tool: tool, name: name, bytes: bytes, original: original, modes: modes))
    }
    // Stream boundaries also through a pipe, which delivers bytes unevenly.
    let piped: [InputMode] = [.fileArgument, .stdinPipe]
    let oneLine = Array("one line\n".utf8)
    for tool in FormatTool.allCases {
      let empty = compress(tool, [])
      let repeated = compress(tool, oneLine)
      add(tool, "empty stream", empty, [])
      add(tool, "two empty streams", empty + empty, [])
      add(tool, "unterminated last line", compress(tool, unterminated), unterminated)
      add(tool, "binary data", compress(tool, binary), binary)
      add(
        tool, "streams around an empty one",
        compress(tool, smallLog) + empty + compress(tool, unterminated) + compress(tool, hello),
        smallLog + unterminated + hello, modes: piped)
      add(
        tool, "100 one-line streams", Array((0..<100).map { _ in repeated }.joined()),
        Array((0..<100).map { _ in oneLine }.joined()), modes: piped)
    }
    let bzip2 = FormatTool.bzip2
    add(bzip2, "-1, small", compress(bzip2, smallLog, ["-1"]), smallLog)
    add(bzip2, "-9, over 1 MiB", compress(bzip2, bigLog, ["-9"]), bigLog)
    add(bzip2, "-1, over 1 MiB: 100k blocks", compress(bzip2, bigLog, ["-1"]), bigLog)
    let xz = FormatTool.xz
    add(xz, "-0, small", compress(xz, smallLog, ["-0"]), smallLog)
    add(xz, "-6, over 1 MiB", compress(xz, bigLog, ["-6"]), bigLog)
    add(xz, "-9: a 64 MiB dictionary", compress(xz, smallLog, ["-9"]), smallLog)
    add(xz, "--check=crc32", compress(xz, smallLog, ["--check=crc32"]), smallLog)
    add(xz, "--check=crc64", compress(xz, smallLog, ["--check=crc64"]), smallLog)
    add(xz, "--check=sha256", compress(xz, smallLog, ["--check=sha256"]), smallLog)
    add(xz, "--check=none, over 1 MiB", compress(xz, bigLog, ["--check=none", "-1"]), bigLog)
    add(
      xz, "blocks of 100 KiB, over 1 MiB", compress(xz, bigLog, ["-1", "--block-size=100KiB"]),
      bigLog)
    let zero = [UInt8](repeating: 0, count: 8)
    add(
      xz, "stream padding between and after streams",
      compress(xz, smallLog) + zero.prefix(4) + compress(xz, hello) + zero + compress(xz, [])
        + zero.prefix(4),
      smallLog + hello)
    let zstd = FormatTool.zstd
    add(zstd, "-1, small", compress(zstd, smallLog, ["-1"]), smallLog)
    add(zstd, "-3, over 1 MiB", compress(zstd, bigLog, ["-3"]), bigLog)
    add(zstd, "-19, small", compress(zstd, smallLog, ["-19"]), smallLog)
    add(zstd, "--no-check, over 1 MiB", compress(zstd, bigLog, ["--no-check"]), bigLog)
    add(zstd, "--long=27: a 128 MiB window", compress(zstd, smallLog, ["--long=27"]), smallLog)
    add(
      zstd, "content size recorded (single segment)",
      try! zstd.compress(smallLog, viaFile: true), smallLog)
    add(
      zstd, "content size recorded, over 1 MiB", try! zstd.compress(bigLog, viaFile: true), bigLog
    )
    add(
      zstd, "skippable frames before, between and after",
      skippableFrame(0, []) + compress(zstd, smallLog) + skippableFrame(0xF, Array("meta".utf8))
        + compress(zstd, hello) + skippableFrame(3, [UInt8](repeating: 0x55, count: 300_000)),
      smallLog + hello)
    add(zstd, "only a skippable frame", skippableFrame(1, hello), [])
    return cases
  }()

  @Test(arguments: goodCases)
  func decodesLikeTheTool(input: FormatCase) throws {
    let dir = try TempDir()
    let oracle = try expectMatchesTool(
      input.tool, input.bytes, in: dir, modes: input.modes, original: input.original)
    #expect(oracle.status == 0, "\(input.tool) should accept it: \(oracle)")
    if let original = input.original {
      expectBytes(oracle.stdout, equal: original, "the tool's output")
    }
  }

  @Test func theBigInputIsBig() {
    #expect(bigLog.count > 1 << 20)
  }

  // MARK: Truncation

  static let truncationCases: [FormatCase] = FormatTool.allCases.flatMap { tool in
    let first = compress(tool, unterminated)
    let second = compress(tool, mediumLog, tool == .bzip2 ? ["-1"] : [])
    let whole = first + second
    var lengths = [magicLength(tool), magicLength(tool) + 1, first.count - 1]
    lengths += [1, 4, 6, 13].map { first.count + $0 }
    lengths.append(first.count + second.count / 2)
    lengths += [20, 12, 5, 4, 1].map { whole.count - $0 }
    return lengths.map { length in
      FormatCase(
        tool: tool, name: "first \(length) of \(whole.count) bytes", bytes: Array(whole[..<length]),
        original: unterminated + mediumLog,
        modes: length == first.count + 6 ? [.fileArgument, .stdinPipe] : [.fileArgument])
    }
  }

  @Test(arguments: truncationCases)
  func truncated(input: FormatCase) throws {
    let dir = try TempDir()
    let oracle = try expectMatchesTool(
      input.tool, input.bytes, in: dir, modes: input.modes, original: input.original)
    #expect(oracle.status != 0, "\(input.tool) should reject a cut stream: \(oracle)")
  }

  // MARK: Corruption

  static let corruptionCases: [FormatCase] = FormatTool.allCases.flatMap { tool in
    let options: [String] =
      switch tool {
      case .bzip2: ["-1"]
      case .xz: ["--check=crc64"]
      case .zstd: ["--check"]
      }
    let stream = compress(tool, mediumLog, options)
    var positions = [0, 6, 20].map { magicLength(tool) + $0 }
    positions += [stream.count / 4, stream.count / 2, stream.count * 3 / 4]
    positions += [40, 12, 8, 4, 2, 1].map { stream.count - $0 }
    return positions.enumerated().map { index, position in
      // Low and high bits, alternately.
      let mask: UInt8 = index % 2 == 0 ? 0x01 : 0x80
      var bytes = stream
      bytes[position] ^= mask
      return FormatCase(
        tool: tool, name: "byte \(position) of \(stream.count) ^ 0x\(String(mask, radix: 16))",
        bytes: bytes)
    }
  }

  /// Corrupt data may decode to wrong bytes before a check catches it, so
  /// only the tool's own output is the reference here.
  @Test(arguments: corruptionCases)
  func corrupted(input: FormatCase) throws {
    let dir = try TempDir()
    try expectMatchesTool(input.tool, input.bytes, in: dir, modes: input.modes)
  }

  @Test(arguments: FormatTool.allCases)
  func corruptionIsCaughtSomewhere(tool: FormatTool) throws {
    // Guards the table above: most flips must fail, or it proves little.
    let cases = Self.corruptionCases.filter { $0.tool == tool }
    let failures = try cases.filter { try tool.decompress($0.bytes).status != 0 }
    #expect(failures.count * 4 > cases.count * 3, "\(failures.count) of \(cases.count)")
  }

  /// A fault in the second of two streams is reported inside it, after all
  /// of the first stream's data.
  @Test(arguments: FormatTool.allCases, ["middle", "checksum"])
  func faultInTheSecondStream(tool: FormatTool, place: String) throws {
    let dir = try TempDir()
    let first = compress(tool, mediumLog)
    var second = compress(tool, smallLog, tool == .xz ? ["--check=sha256"] : [])
    switch (place, tool) {
    case ("middle", _): second[second.count / 2] ^= 0x10
    case (_, .bzip2): second[second.count - 3] ^= 0x10  // the stream's combined CRC
    case (_, .xz): second[second.count - 12 - 16 - 5] ^= 0x10  // in the SHA-256, before the index
    default: second[second.count - 1] ^= 0x10  // zstd's checksum
    }
    let input = first + second
    let oracle = try expectMatchesTool(tool, input, in: dir)
    #expect(oracle.status != 0, "\(tool) should reject it: \(oracle)")
    let result = try Sluice.run(["cat", try dir.write("two.\(tool.suffix)", input)])
    expectBytes(result.stdout, startWith: mediumLog, "the first stream")
    if let line = result.stderrLines.first, let match = line.firstMatch(of: #/at byte ([0-9]+) /#),
      let offset = Int(match.1)
    {
      #expect(
        (first.count...input.count).contains(offset),
        "offset \(offset) not in the second stream (\(first.count)...\(input.count)): \(line)")
    } else {
      Issue.record("no `at byte N`: \(result)")
    }
  }

  // MARK: After the last stream

  static let trailingCases: [FormatCase] = FormatTool.allCases.flatMap { tool in
    let stream = compress(tool, smallLog)
    var tails: [(String, [UInt8])] = [
      ("one zero byte", [0]),
      ("four zero bytes", [0, 0, 0, 0]),
      ("1000 zero bytes", [UInt8](repeating: 0, count: 1000)),
      ("one byte of garbage", Array("X".utf8)),
      ("text garbage", Array("garbage!\n".utf8)),
      ("16 bytes of garbage", Array("garbage!garbage!".utf8)),
      ("BZh", Array("BZh".utf8)),
      ("BZh9", Array("BZh9".utf8)),
      ("BZhX", Array("BZhX".utf8)),
      ("the first 5 bytes of a stream", Array(compress(tool, hello).prefix(5))),
      ("a skippable frame header", Array(skippableFrame(2, []).prefix(6))),
    ]
    // zstd -dc would decode gzip or xz data here: see zstdThenOtherFormats.
    for other in FormatTool.allCases where other != tool && !(tool == .zstd && other == .xz) {
      tails.append(("a \(other) stream", compress(other, hello)))
    }
    if tool != .zstd { tails.append(("a gzip member", try! Reference.gzip(hello))) }
    return tails.map { name, tail in
      FormatCase(
        tool: tool, name: name, bytes: stream + tail, original: smallLog,
        modes: name == "text garbage" ? InputMode.allCases : [.fileArgument])
    }
  }

  @Test(arguments: trailingCases)
  func afterTheLastStream(input: FormatCase) throws {
    let dir = try TempDir()
    let oracle = try expectMatchesTool(
      input.tool, input.bytes, in: dir, modes: input.modes, original: input.original)
    // Whatever follows, every byte of the stream before it comes out.
    expectBytes(oracle.stdout, startWith: smallLog, "the tool's output")
  }

  @Test func trailingVerdictsAreTheTools() throws {
    // Spelled out, in case a tool's verdict changes: garbage after bzip2 is a
    // warning, after xz and zstd an error; xz accepts zero padding of four.
    let dir = try TempDir()
    func run(_ tool: FormatTool, _ tail: [UInt8]) throws -> RunResult {
      let path = try dir.write("t.\(tool.suffix)", compress(tool, hello) + tail)
      return try Sluice.run(["cat", path])
    }
    let garbage = Array("garbage!\n".utf8)
    let bzip2 = try run(.bzip2, garbage)
    #expect(bzip2.status == 0 && bzip2.stderrLines.count == 1, "\(bzip2)")
    #expect(bzip2.stderr.contains("trailing garbage ignored at byte "), "\(bzip2)")
    for tool in [FormatTool.xz, .zstd] {
      let result = try run(tool, garbage)
      #expect(result.status == 65, "\(tool): \(result)")
      expectBytes(result.stdout, equal: hello, "\(tool)")
    }
    expectSuccess(try run(.xz, [0, 0, 0, 0]), stdout: hello, "xz padding")
    #expect(try run(.xz, [0, 0]).status == 65)
    #expect(try run(.zstd, [0, 0, 0, 0]).status == 65)
  }

  /// `zstd -dc` is built with zlib and liblzma and decodes gzip or xz data
  /// found after a frame; sluice takes what follows a frame as zstd only,
  /// and says it is not.
  @Test func zstdThenOtherFormats() throws {
    let dir = try TempDir()
    for (name, tail) in [
      ("gzip", try Reference.gzip(hello)), ("xz", compress(.xz, hello)),
    ] {
      let input = compress(.zstd, smallLog) + tail
      let oracle = try FormatTool.zstd.decompress(input)
      #expect(oracle.status == 0 && oracle.stdout == smallLog + hello, "zstd -dc: \(oracle)")
      let path = try dir.write("then-\(name).zst", input)
      let result = try Sluice.run(["cat", path])
      expectFailure(result, status: 65, naming: path, byteOffsetAtMost: input.count, name)
      #expect(result.stderr.contains("unsupported format at byte \(input.count - tail.count) "))
      expectBytes(result.stdout, equal: smallLog, name)
    }
  }

  // MARK: Checks, memory limits

  /// An xz check ID liblzma does not know (5, reserved, 8 bytes like CRC-64):
  /// xz decodes without verifying and warns (exit 2); sluice warns, exit 0.
  @Test func unsupportedCheckIsAWarning() throws {
    let dir = try TempDir()
    var stream = compress(.xz, smallLog, ["--check=crc64"])
    #expect(stream[7] == 4 && stream[stream.count - 3] == 4, "CRC-64 in the stream flags")
    stream[7] = 5
    stream.replaceSubrange(8..<12, with: littleEndian32(Checksum.crc32(Array(stream[6..<8]))))
    let footer = stream.count - 12
    stream[footer + 9] = 5
    stream.replaceSubrange(
      footer..<(footer + 4),
      with: littleEndian32(Checksum.crc32(Array(stream[(footer + 4)..<(footer + 10)]))))
    let oracle = try expectMatchesTool(
      .xz, stream + compress(.xz, hello), in: dir, original: smallLog + hello)
    #expect(oracle.status == 2 && oracle.stderr.contains("not verifying"), "\(oracle)")
    let result = try Sluice.run(["cat", try dir.write("u.xz", stream)])
    #expect(result.stderr.contains("not verifying file integrity"), "\(result)")
  }

  /// A window over 128 MiB: `zstd -dc` refuses it; `xz -dc` has no limit of
  /// its own, sluice sets the same one and fails as `xz -dc -M 129MiB` does.
  @Test func windowsOver128MiBAreRefused() throws {
    let dir = try TempDir()
    let bigWindow = compress(.zstd, hello, ["--long=28"])
    let zstd = try expectMatchesTool(.zstd, bigWindow, in: dir)
    #expect(zstd.status != 0, "zstd -dc: \(zstd)")
    let bigDictionary = compress(.xz, hello, ["--lzma2=dict=192MiB"])
    let xz = try expectMatchesTool(.xz, bigDictionary, in: dir, toolOptions: ["-M", "129MiB"])
    #expect(xz.stderr.contains("Memory usage limit reached"), "xz -dc -M 129MiB: \(xz)")
    #expect(try FormatTool.xz.decompress(bigDictionary).status == 0, "plain xz -dc has no limit")
  }

  // MARK: Sniffing

  /// Shorter than a whole magic number, or not quite one: plain, byte for byte.
  static let almostMagic: [NamedInput] = [
    ("BZ", "BZ"), ("BZh", "BZh"), ("BZh0", "BZh0 text\n"), ("BZhA", "BZhA\n"),
    ("five bytes of xz magic", "\u{FD}7zXZ"), ("xz magic, wrong sixth byte", "\u{FD}7zXZ\u{01}\n"),
    ("three bytes of zstd magic", "(\u{B5}/"), ("P*M", "P*M"),
    ("skippable magic minus 1", "O*M\u{18}"),
  ].map { name, text in
    // Code points below 256 as single bytes.
    NamedInput(name: name, bytes: text.unicodeScalars.map { UInt8($0.value) })
  }

  @Test(arguments: almostMagic)
  func almostMagicIsPlain(input: NamedInput) throws {
    let dir = try TempDir()
    let path = try dir.write("x.zst", input.bytes)
    // A pipe hands the bytes over as they come; plain input has no decoder
    // thread, so -j does not matter.
    for mode in [InputMode.fileArgument, .stdinPipe] {
      expectSuccess(
        try Sluice.run("cat", input: path, mode: mode), stdout: input.bytes, "cat, \(mode)")
      expectSuccess(
        try Sluice.run("count", input: path, mode: mode),
        stdout: countOutput(expectedLineCount(input.bytes)), "count, \(mode)")
    }
  }

  @Test(arguments: FormatTool.allCases)
  func magicAloneFails(tool: FormatTool) throws {
    let dir = try TempDir()
    let magic = Array(compress(tool, []).prefix(magicLength(tool)))
    let oracle = try expectMatchesTool(tool, magic, in: dir, modes: InputMode.allCases)
    #expect(oracle.status != 0, "\(tool): \(oracle)")
  }

  // MARK: Several files

  /// Every format, and plain, in one run: `count` is the sum, `cat` the
  /// concatenation, whatever -j; file names say nothing.
  @Test func mixedSet() throws {
    let dir = try TempDir()
    let logs = (0..<6).map { LogGenerator.accessLog(seed: 70 + UInt64($0), lines: 700 + $0 * 50) }
    let files = [
      try dir.write("a.gz", try Reference.gzip(logs[0])),
      try dir.write("b.bz2", compress(.bzip2, logs[1])),
      try dir.write("c.xz", compress(.xz, logs[2])),
      try dir.write("d.zst", compress(.zstd, logs[3])),
      try dir.write("plain.log", logs[4]),
      try dir.write("e.gz", compress(.xz, logs[5])),  // the name lies
      try dir.write("empty.zst", []),
    ]
    let total = logs.map(expectedLineCount).reduce(0, +)
    for jobs in ["1", "2", "4"] {
      expectSuccess(
        try Sluice.run(["-j", jobs, "count"] + files), stdout: countOutput(total),
        "count -j \(jobs)")
      expectSuccess(
        try Sluice.run(["-j", jobs, "cat"] + files), stdout: Array(logs.joined()), "cat -j \(jobs)")
      expectSuccess(
        try Sluice.run(["-j", jobs, "lines | count"] + files), stdout: countOutput(total),
        "lines | count -j \(jobs)")
    }
  }

  /// `app.log.1.gz app.log.2.zst ...` in any order: a rotation set, read
  /// oldest first, whatever each member's format.
  @Test func rotatedSetOfMixedFormats() throws {
    let dir = try TempDir()
    let logs = (0..<5).map { LogGenerator.accessLog(seed: 80 + UInt64($0), lines: 200) }
    let paths = [
      try dir.write("app.log", logs[0]),
      try dir.write("app.log.1.gz", try Reference.gzip(logs[1])),
      try dir.write("app.log.2.zst", compress(.zstd, logs[2])),
      try dir.write("app.log.3.xz", compress(.xz, logs[3])),
      try dir.write("app.log.4.bz2", compress(.bzip2, logs[4])),
    ]
    let oldestFirst = Array(logs.reversed().joined())
    for jobs in ["1", "2"] {
      expectSuccess(
        try Sluice.run(["-j", jobs, "cat"] + [paths[1], paths[3], paths[0], paths[4], paths[2]]),
        stdout: oldestFirst, "-j \(jobs)")
    }
  }

  /// A bad file among good ones is reported and the others still read, the
  /// same with -j 1, 2 and 4.
  @Test func badFileAmongGoodOnes() throws {
    let dir = try TempDir()
    let truncated = Array(compress(.bzip2, mediumLog).dropLast(100))
    let files = [
      try dir.write("good.xz", compress(.xz, smallLog)),
      try dir.write("bad.bz2", truncated),
      try dir.write("good.zst", compress(.zstd, hello)),
    ]
    var first: RunResult?
    for jobs in ["1", "2", "4"] {
      let result = try Sluice.run(["-j", jobs, "count"] + files)
      expectFailure(result, status: 65, naming: files[1], byteOffsetAtMost: truncated.count)
      #expect(
        result.stderr.contains("compressed file ends unexpectedly at byte \(truncated.count)"))
      let lines = expectedLineCount(smallLog) + expectedLineCount(hello)
      #expect(String(decoding: result.stdout, as: UTF8.self) == "\(lines)\n", "\(result)")
      if let first {
        #expect(result.stdout == first.stdout && result.stderr == first.stderr, "-j \(jobs)")
      }
      first = result
    }
  }

  /// `head` stops early: the decoding thread (-j 2) must not hold the exit.
  @Test(arguments: FormatTool.allCases)
  func headStopsEarly(tool: FormatTool) throws {
    let dir = try TempDir()
    let path = try dir.write("big.\(tool.suffix)", compress(tool, bigLog, ["-1"]))
    let firstLines = Array(
      bigLog.split(separator: 0x0A, omittingEmptySubsequences: false)
        .prefix(3).map { Array($0) + [0x0A] }.joined())
    for variant in formatVariants {
      for mode in [InputMode.fileArgument, .stdinPipe] {
        expectSuccess(
          try Sluice.run("head 3", options: variant, input: path, mode: mode),
          stdout: firstLines, "\(tool) \(variant) \(mode)")
      }
    }
  }
}
