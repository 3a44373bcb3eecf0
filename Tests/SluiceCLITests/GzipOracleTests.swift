import Foundation
import Sluice
import Testing

// gzip inputs, good and bad, held to `gzip -dc` (see `expectMatchesGzip`).

/// A named input for parameterized tests.
struct NamedInput: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  /// The decoded data when known, to check that a failing run delivered
  /// nothing but a prefix of it.
  var original: [UInt8]? = nil

  var testDescription: String { name }
}

private let hello = Array("hello\nworld\n".utf8)
private let unterminated = Array("first line\nsecond line, no LF".utf8)

/// Deterministic text of a few hundred KiB, so deflate data spans many blocks.
private let mediumText: [UInt8] = {
  var rng = SeededRandom(seed: 1952)
  var text = TestData.text(lines: 4000, using: &rng)
  text += TestData.lineContent(70_000, using: &rng) + [0x0A]
  return text
}()

@Suite("gzip inputs against gzip -dc")
struct GzipOracleTests {
  // MARK: Multi-member and empty members

  static let multiMemberCases: [NamedInput] = {
    let empty = Gzip.member([])
    let a = Gzip.member(hello)
    let b = Gzip.member(unterminated)
    let crlfFirst = Gzip.member(Array("one\r".utf8))
    let crlfSecond = Gzip.member(Array("\ntwo\r\n".utf8))
    var oneLineMembers: [UInt8] = []
    for index in 0..<100 { oneLineMembers += Gzip.member(Array("line \(index)\n".utf8)) }
    return [
      NamedInput(name: "one empty member", bytes: empty, original: []),
      NamedInput(name: "three empty members", bytes: empty + empty + empty, original: []),
      NamedInput(name: "two members", bytes: a + b, original: hello + unterminated),
      NamedInput(
        name: "empty members around data", bytes: empty + a + empty + empty + b + empty,
        original: hello + unterminated),
      NamedInput(
        name: "unterminated line continued by next member", bytes: b + a,
        original: unterminated + hello),
      NamedInput(name: "CR and LF in different members", bytes: crlfFirst + crlfSecond),
      NamedInput(name: "100 one-line members", bytes: oneLineMembers),
    ]
  }()

  @Test(arguments: multiMemberCases)
  func multiMember(input: NamedInput) throws {
    let dir = try TempDir()
    try expectMatchesGzip(input.bytes, in: dir, original: input.original)
  }

  @Test func multiMemberMadeByGzip() throws {
    let dir = try TempDir()
    let parts = [
      Array(mediumText[0..<1000]), [], Array(mediumText[1000..<150_000]),
      Array(mediumText[150_000...]),
    ]
    var input: [UInt8] = []
    for (index, part) in parts.enumerated() {
      input += try Reference.gzip(part, level: 1 + index * 2)
    }
    try expectMatchesGzip(input, in: dir, original: mediumText)
    let result = try Sluice.run(["cat", try dir.write("whole.gz", input)])
    expectSuccess(result, stdout: mediumText)
  }

  // MARK: Header fields

  static let headerCases: [(String, GzipHeader)] = {
    var cases: [(String, GzipHeader)] = []
    func add(_ name: String, _ change: (inout GzipHeader) -> Void) {
      var header = GzipHeader()
      change(&header)
      cases.append((name, header))
    }
    add("plain header") { _ in }
    add("FTEXT") { $0.text = true }
    add("odd MTIME XFL OS") {
      $0.modificationTime = 0xFFFF_FFFF
      $0.extraFlags = 4
      $0.operatingSystem = 255
    }
    add("FEXTRA with a subfield") { $0.extra = [0x41, 0x70, 0x02, 0x00, 0x01, 0x02] }
    add("FEXTRA empty") { $0.extra = [] }
    add("FEXTRA 60000 bytes") { $0.extra = [UInt8](repeating: 0x1F, count: 60_000) }
    add("FNAME") { $0.name = Array("access.log".utf8) }
    add("FNAME empty") { $0.name = [] }
    add("FNAME 200000 bytes") { $0.name = [UInt8](repeating: 0x61, count: 200_000) }
    add("FCOMMENT") { $0.comment = Array("a comment\nwith a newline".utf8) }
    add("FHCRC good") { $0.headerCRC = .correct }
    add("FHCRC bad") { $0.headerCRC = .wrong }
    add("all fields, FHCRC good") {
      $0.extra = [0x41, 0x70, 0x00, 0x00]
      $0.name = Array("x.txt".utf8)
      $0.comment = Array("comment".utf8)
      $0.headerCRC = .correct
    }
    add("all fields, FHCRC bad") {
      $0.extra = [0x41, 0x70, 0x00, 0x00]
      $0.name = Array("x.txt".utf8)
      $0.comment = Array("comment".utf8)
      $0.headerCRC = .wrong
    }
    add("reserved flag 0x20") { $0.extraFlagBits = 0x20 }
    add("reserved flag 0x40") { $0.extraFlagBits = 0x40 }
    add("reserved flag 0x80") { $0.extraFlagBits = 0x80 }
    add("reserved flags 0xE0") { $0.extraFlagBits = 0xE0 }
    add("method 7") { $0.method = 7 }
    add("method 0") { $0.method = 0 }
    return cases
  }()

  static let headerCaseNames = headerCases.map(\.0)

  /// Every header variant, with gzip's deflate data and with stored blocks,
  /// alone and as the second member after a good one.
  @Test(arguments: headerCaseNames)
  func headerField(name: String) throws {
    let header = try #require(Self.headerCases.first { $0.0 == name }?.1)
    let dir = try TempDir()
    let compressed = try Gzip.compressedMember(hello, header: header)
    let stored = Gzip.member(hello, header: header)
    let first = Gzip.member(unterminated)
    try expectMatchesGzip(compressed, in: dir, original: hello)
    try expectMatchesGzip(stored, in: dir, modes: [.fileArgument, .stdinPipe], original: hello)
    try expectMatchesGzip(
      first + compressed, in: dir, modes: [.fileArgument, .stdinPipe],
      original: unterminated + hello)
  }

  @Test func headerErrorsAreDataErrors() throws {
    // Spelled out, in case gzip's verdict changes: these must fail with 65.
    let dir = try TempDir()
    for name in [
      "FHCRC bad", "reserved flag 0x20", "reserved flag 0x40", "reserved flag 0x80", "method 7",
    ] {
      let header = try #require(Self.headerCases.first { $0.0 == name }?.1)
      let path = try dir.write("bad.gz", Gzip.member(hello, header: header))
      let result = try Sluice.run(["cat", path])
      expectFailure(result, status: 65, naming: path, byteOffsetAtMost: 40, name)
    }
  }

  // MARK: Stored blocks and flushes

  @Test(arguments: [1, 7, 100, 65535])
  func storedBlocks(blockSize: Int) throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: UInt64(blockSize))
    let data = Array(mediumText.prefix(20_000)) + TestData.lineContent(200_000, using: &rng)
    let member = Gzip.member(data, deflate: Deflate.stored(data, blockSize: blockSize))
    try expectMatchesGzip(member, in: dir, original: data)
  }

  @Test func storedEmptyFinalBlock() throws {
    let dir = try TempDir()
    // Data in a non-final stored block, then an empty final one.
    let deflate = Deflate.stored(hello, final: false) + Deflate.stored([])
    try expectMatchesGzip(Gzip.member(hello, deflate: deflate), in: dir, original: hello)
  }

  @Test func incompressibleDataThatGzipStores() throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: 7)
    let data = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    try expectMatchesGzip(try Reference.gzip(data, level: 9), in: dir, original: data)
  }

  /// Stored data, a sync-flush marker, then gzip's compressed blocks, in one member.
  @Test func handMadeSyncFlush() throws {
    let dir = try TempDir()
    let head = Array(mediumText.prefix(5000))
    let tail = Array(mediumText.dropFirst(5000))
    let deflate =
      Deflate.stored(head, final: false) + Deflate.flushMarker + Deflate.flushMarker
      + (try Deflate.compressed(tail, level: 9))
    try expectMatchesGzip(Gzip.member(head + tail, deflate: deflate), in: dir, original: mediumText)
  }

  @Test(.enabled(if: Reference.has("python3"), "needs python3 for zlib sync flushes"))
  func zlibSyncAndFullFlush() throws {
    let dir = try TempDir()
    let textPath = try dir.write("text", mediumText)
    let script = """
      import sys, zlib
      data = open(sys.argv[1], 'rb').read()
      c = zlib.compressobj(6, zlib.DEFLATED, 31)
      out = []
      for i in range(0, len(data), 10000):
          out.append(c.compress(data[i:i + 10000]))
          out.append(c.flush(zlib.Z_SYNC_FLUSH if (i // 10000) % 2 else zlib.Z_FULL_FLUSH))
      out.append(c.flush(zlib.Z_FINISH))
      sys.stdout.buffer.write(b''.join(out))
      """
    let result = try runProcess("/usr/bin/env", ["python3", "-c", script, textPath])
    try #require(result.status == 0, "python3 failed: \(result)")
    try expectMatchesGzip(result.stdout, in: dir, original: mediumText)
  }

  @Test(.enabled(if: Reference.has("pigz"), "needs pigz"))
  func pigzOutput() throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: 99)
    let data = TestData.text(lines: 30_000, using: &rng)
    let result = try runProcess("/usr/bin/env", ["pigz", "-c", "-b", "32"], stdin: .bytes(data))
    try #require(result.status == 0, "pigz failed: \(result)")
    try expectMatchesGzip(result.stdout, in: dir, original: data)
  }

  // MARK: Truncation

  enum Cut: Sendable, CustomTestStringConvertible {
    case keep(Int)
    case dropLast(Int)
    case headerEnd(plus: Int)
    case middle

    var testDescription: String {
      switch self {
      case .keep(let count): "first \(count) bytes"
      case .dropLast(let count): "without the last \(count) bytes"
      case .headerEnd(let plus): "header + \(plus) bytes"
      case .middle: "half"
      }
    }

    func length(memberCount: Int, headerCount: Int) -> Int {
      switch self {
      case .keep(let count): count
      case .dropLast(let count): memberCount - count
      case .headerEnd(let plus): headerCount + plus
      case .middle: memberCount / 2
      }
    }
  }

  static let cuts: [Cut] = [
    .keep(1), .keep(2), .keep(3), .keep(4), .keep(9), .keep(10), .keep(13),
    .headerEnd(plus: 0), .headerEnd(plus: 1), .headerEnd(plus: 2), .middle,
    .dropLast(9), .dropLast(8), .dropLast(7), .dropLast(5), .dropLast(4), .dropLast(3),
    .dropLast(1),
  ]

  @Test(arguments: cuts)
  func truncatedMember(cut: Cut) throws {
    let dir = try TempDir()
    var header = GzipHeader()
    header.name = Array("medium.txt".utf8)
    header.comment = Array("x".utf8)
    let member = try Gzip.compressedMember(mediumText, header: header)
    let length = cut.length(memberCount: member.count, headerCount: header.bytes.count)
    let input = Array(member.prefix(length))
    if length >= 2 {  // a lone 0x1f is not gzip, and passes through
      let oracle = try Reference.gunzip(input)
      #expect(oracle.status == 1, "gzip should reject a truncated member: \(oracle)")
    }
    try expectMatchesGzip(input, in: dir, original: length >= 2 ? mediumText : nil)
  }

  @Test(arguments: cuts)
  func truncatedSecondMember(cut: Cut) throws {
    let dir = try TempDir()
    let first = try Gzip.compressedMember(hello)
    var header = GzipHeader()
    header.name = Array("second".utf8)
    let second = try Gzip.compressedMember(mediumText, header: header)
    let length = cut.length(memberCount: second.count, headerCount: header.bytes.count)
    let input = first + second.prefix(length)
    try expectMatchesGzip(input, in: dir, original: hello + mediumText)
    // Whatever the cut, the whole first member must come out.
    let result = try Sluice.run(["cat", try dir.write("t.gz", input)])
    expectBytes(result.stdout, startWith: hello, "first member")
    #expect(result.status == 65, "\(result)")
  }

  // MARK: Trailer checks

  static let trailerCases: [NamedInput] = {
    func flip(_ bytes: [UInt8], fromEnd: Int, mask: UInt8 = 0x01) -> [UInt8] {
      var copy = bytes
      copy[copy.count - fromEnd] ^= mask
      return copy
    }
    let member = Gzip.member(mediumText)
    let good = Gzip.member(hello)
    return [
      NamedInput(name: "bad CRC (low byte)", bytes: flip(member, fromEnd: 8), original: mediumText),
      NamedInput(
        name: "bad CRC (high byte)", bytes: flip(member, fromEnd: 5, mask: 0x80),
        original: mediumText),
      NamedInput(
        name: "bad ISIZE (low byte)", bytes: flip(member, fromEnd: 4), original: mediumText),
      NamedInput(
        name: "bad ISIZE (high byte)", bytes: flip(member, fromEnd: 1, mask: 0x40),
        original: mediumText),
      NamedInput(
        name: "bad CRC in first of two", bytes: flip(good, fromEnd: 8) + member,
        original: hello + mediumText),
      NamedInput(
        name: "bad ISIZE in second of two", bytes: good + flip(member, fromEnd: 4),
        original: hello + mediumText),
      NamedInput(
        name: "bad CRC of empty member", bytes: flip(Gzip.member([]), fromEnd: 8), original: []),
    ]
  }()

  @Test(arguments: trailerCases)
  func badTrailer(input: NamedInput) throws {
    let dir = try TempDir()
    let oracle = try Reference.gunzip(input.bytes)
    #expect(oracle.status == 1, "gzip should reject it: \(oracle)")
    try expectMatchesGzip(input.bytes, in: dir, original: input.original)
  }

  @Test func badCRCStillDeliversAllData() throws {
    // The data of a member is complete before its CRC is known to be wrong.
    let dir = try TempDir()
    var member = Gzip.member(mediumText)
    member[member.count - 8] ^= 0xFF
    let path = try dir.write("badcrc.gz", member)
    let result = try Sluice.run(["cat", path])
    expectFailure(result, status: 65, naming: path, byteOffsetAtMost: member.count)
    expectBytes(result.stdout, equal: mediumText, "stdout")
  }

  // MARK: Where faults are reported

  /// The `byte N` of a data error is an offset in the whole (compressed)
  /// input: inside the faulty member, which here starts past 256 KiB, after
  /// two good members.
  @Test(arguments: [
    "bad CRC", "bad ISIZE", "bad FHCRC", "reserved flag", "truncated data", "truncated trailer",
  ])
  func faultOffsetIsInTheFaultyMember(fault: String) throws {
    let dir = try TempDir()
    var rng = SeededRandom(seed: 256)
    let bigData = TestData.lineContent(300_000, using: &rng)
    let prefix =
      Gzip.member(bigData, deflate: Deflate.stored(bigData, blockSize: 50_000))
      + (try Reference.gzip(hello))
    var header = GzipHeader()
    header.name = Array("third".utf8)
    header.headerCRC = fault == "bad FHCRC" ? .wrong : .correct
    header.extraFlagBits = fault == "reserved flag" ? 0x40 : 0
    var third = try Gzip.compressedMember(mediumText, header: header)
    let headerCount = header.bytes.count
    var range = 0..<third.count  // where in `third` the fault may be reported
    switch fault {
    case "bad CRC":
      third[third.count - 8] ^= 0x01
      range = (third.count - 8)..<third.count
    case "bad ISIZE":
      third[third.count - 1] ^= 0x01
      range = (third.count - 8)..<third.count
    case "bad FHCRC", "reserved flag":
      range = 0..<(headerCount + 1)
    case "truncated data":
      third.removeLast(third.count / 2)
      range = headerCount..<(third.count + 1)
    default:
      third.removeLast(3)
      range = (third.count - 5)..<(third.count + 1)
    }
    let input = prefix + third
    let path = try dir.write("three.gz", input)
    for mode in [InputMode.fileArgument, .stdinPipe] {
      let result = try Sluice.run("cat", input: path, mode: mode)
      expectFailure(
        result, status: 65, naming: mode.displayName(for: path), byteOffsetAtMost: input.count,
        "\(mode)")
      expectBytes(result.stdout, startWith: bigData + hello, "\(mode): the good members")
      guard let line = result.stderrLines.first, let match = line.firstMatch(of: /byte ([0-9]+)/),
        let offset = Int(match.1)
      else { continue }
      let allowed = (prefix.count + range.lowerBound)..<(prefix.count + range.upperBound)
      #expect(allowed.contains(offset), "\(mode): offset \(offset) not in \(allowed): \(line)")
    }
  }

  // MARK: After the last member

  static let trailingCases: [NamedInput] = {
    let member = Gzip.member(hello)
    func after(_ name: String, _ tail: [UInt8]) -> NamedInput {
      NamedInput(name: name, bytes: member + tail, original: hello)
    }
    var rng = SeededRandom(seed: 3)
    let noise = [0x55] + (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    return [
      after("one zero byte", [0]),
      after("eight zero bytes", [UInt8](repeating: 0, count: 8)),
      after("300000 zero bytes", [UInt8](repeating: 0, count: 300_000)),
      after("text garbage", Array("garbage!\n".utf8)),
      after("two bytes of garbage", Array("XY".utf8)),
      after("zero then garbage", [0, 0x58]),
      after("1000 random bytes", noise),
      after("one non-zero byte", [0x58]),
      after("one 0x1f byte", [0x1F]),
      after("magic only", [0x1F, 0x8B]),
      after("magic and method", [0x1F, 0x8B, 0x08]),
      after("nine header bytes", Array(Gzip.member(hello).prefix(9))),
      after("plain text after an empty member", Gzip.member([]) + Array("plain\n".utf8)),
    ]
  }()

  @Test(arguments: trailingCases)
  func afterLastMember(input: NamedInput) throws {
    let dir = try TempDir()
    try expectMatchesGzip(input.bytes, in: dir, original: input.original)
  }

  @Test func trailingZerosAreSilent() throws {
    let dir = try TempDir()
    let path = try dir.write("z.gz", Gzip.member(hello) + [UInt8](repeating: 0, count: 100))
    expectSuccess(try Sluice.run(["cat", path]), stdout: hello)
  }

  @Test func trailingGarbageIsOneWarning() throws {
    let dir = try TempDir()
    let path = try dir.write("g.gz", Gzip.member(hello) + Array("garbage".utf8))
    let result = try Sluice.run(["cat", path])
    #expect(result.status == 0, "\(result)")
    expectBytes(result.stdout, equal: hello)
    #expect(result.stderrLines.count == 1, "\(result)")
    if let line = result.stderrLines.first { expectErrorLine(line, naming: path) }
  }

  // MARK: Member boundaries near the 128 KiB read buffer

  enum Tail: String, Sendable, CaseIterable {
    case member, zeros, garbage, oneByte
  }

  /// A stored first member ends `offset` bytes after 131072, so that its
  /// trailer or whatever follows straddles the first read buffer's end.
  @Test(arguments: [-10, -9, -8, -5, -2, -1, 0, 1, 2, 4, 7, 8], Tail.allCases)
  func memberEndNearReadBufferEnd(offset: Int, tail: Tail) throws {
    let dir = try TempDir()
    let filler = Array("0123456789abcdef\n".utf8) + Array("line\r\n".utf8)
    let (first, data) = Gzip.storedMember(totalSize: 131_072 + offset, filler: filler)
    #expect(first.count == 131_072 + offset)
    let rest: [UInt8]
    let restData: [UInt8]
    switch tail {
    case .member:
      restData = Array("tail\nlast".utf8)
      rest = try Gzip.compressedMember(
        restData, header: GzipHeader(name: Array("n".utf8), headerCRC: .correct))
    case .zeros: (rest, restData) = ([UInt8](repeating: 0, count: 20), [])
    case .garbage: (rest, restData) = (Array("garbage!".utf8), [])
    case .oneByte: (rest, restData) = ([0x58], [])
    }
    try expectMatchesGzip(
      first + rest, in: dir, modes: [.fileArgument, .stdinPipe], original: data + restData)
  }
}
