// Line handling: `cat`, `count`, `lines | count` and `lines | cat` on odd
// bytes and on lines around the 128 KiB read-buffer size, plain and gzipped,
// as a file argument, redirected stdin and piped stdin.

import Foundation
import Testing

/// How a test case's bytes are stored in the input file.
enum Encoding: String, Sendable, CaseIterable, CustomTestStringConvertible {
  case plain
  case gzip
  /// Three gzip members split at fixed fractions, levels 1, 6 and 9.
  case gzipMembers

  var testDescription: String { rawValue }

  func encode(_ bytes: [UInt8]) throws -> [UInt8] {
    switch self {
    case .plain:
      return bytes
    case .gzip:
      return try Reference.gzip(bytes)
    case .gzipMembers:
      let cuts = [0, bytes.count / 3, bytes.count * 2 / 3, bytes.count]
      let levels = [1, 6, 9]
      return try (0..<3).flatMap { part in
        try Reference.gzip(Array(bytes[cuts[part]..<cuts[part + 1]]), level: levels[part])
      }
    }
  }
}

@Suite("lines and bytes")
struct LineTests {
  static let smallCases: [NamedInput] = [
    NamedInput(name: "empty", bytes: []),
    NamedInput(name: "one LF", bytes: [0x0A]),
    NamedInput(name: "three LFs", bytes: [0x0A, 0x0A, 0x0A]),
    NamedInput(name: "one byte without LF", bytes: [0x78]),
    NamedInput(name: "unterminated last line", bytes: Array("one\ntwo\nthree".utf8)),
    NamedInput(name: "terminated last line", bytes: Array("one\ntwo\nthree\n".utf8)),
    NamedInput(name: "CRLF", bytes: Array("one\r\ntwo\r\n\r\n".utf8)),
    NamedInput(name: "CRLF unterminated", bytes: Array("one\r\ntwo\r".utf8)),
    NamedInput(name: "lone CR", bytes: Array("a\rb\rc\n\rd".utf8)),
    NamedInput(name: "NUL bytes", bytes: [0x61, 0x00, 0x62, 0x0A, 0x00, 0x0A, 0x00]),
    NamedInput(
      name: "invalid UTF-8", bytes: [0xFF, 0xFE, 0x0A, 0xC3, 0x28, 0x0A, 0xE2, 0x82, 0x0A, 0x80]),
    NamedInput(name: "only 0x1f", bytes: [0x1F]),
    NamedInput(name: "plain starting with 0x1f", bytes: [0x1F, 0x41, 0x42, 0x0A, 0x43]),
    NamedInput(name: "all byte values", bytes: (0...255).map { UInt8($0) }),
  ]

  /// Lines of 131070 to 131074 bytes: around the 128 KiB read buffer, with and
  /// without their LF, and after a short line.
  static let bigCases: [NamedInput] = (131_070...131_074).flatMap { length -> [NamedInput] in
    let line = TestData.bigLine(length)
    return [
      NamedInput(name: "\(length) bytes + LF", bytes: line + [0x0A]),
      NamedInput(name: "\(length) bytes unterminated", bytes: line),
      NamedInput(
        name: "short line, \(length) + LF, LF, \(length) unterminated",
        bytes: Array("ab\n".utf8) + line + [0x0A, 0x0A] + line),
    ]
  }

  @Test(arguments: smallCases, Encoding.allCases)
  func small(input: NamedInput, encoding: Encoding) throws {
    try check(input.bytes, encoding: encoding)
  }

  @Test(arguments: bigCases, Encoding.allCases)
  func big(input: NamedInput, encoding: Encoding) throws {
    try check(input.bytes, encoding: encoding)
  }

  private func check(_ bytes: [UInt8], encoding: Encoding) throws {
    let dir = try TempDir()
    let encoded = try encoding.encode(bytes)
    let path = try dir.write(encoding == .plain ? "input.txt" : "input.gz", encoded)
    let count = countOutput(expectedLineCount(bytes))
    for mode in InputMode.allCases {
      expectSuccess(try Sluice.run("cat", input: path, mode: mode), stdout: bytes, "cat, \(mode)")
      expectSuccess(
        try Sluice.run("count", input: path, mode: mode), stdout: count, "count, \(mode)")
      expectSuccess(
        try Sluice.run("lines | count", input: path, mode: mode), stdout: count,
        "lines | count, \(mode)")
      expectSuccess(
        try Sluice.run("lines | cat", input: path, mode: mode), stdout: withFinalNewline(bytes),
        "lines | cat, \(mode)")
    }
  }

  /// Three big lines (the last unterminated) cut into gzip members at and
  /// around their LFs; members alternate between gzip's deflate and stored blocks.
  static let memberSplits: [[Int]] = [
    [131_072],  // just before the first LF
    [131_073],  // just after it
    [131_071],
    [65_536, 196_609],  // mid-line
    [131_072, 131_073],  // a member holding only the LF
    [0, 131_072, 131_072, 262_145, 393_218],  // empty members at both ends and inside
    [131_073 + 131_071],  // just before the second LF
    [1, 2, 3, 131_073 + 131_071 + 1],
  ]

  @Test(arguments: memberSplits)
  func bigLinesAcrossMembers(splits: [Int]) throws {
    let data =
      TestData.bigLine(131_072) + [0x0A] + TestData.bigLine(131_071) + [0x0A]
      + TestData.bigLine(131_073)
    #expect(data.count == 393_218)
    var input: [UInt8] = []
    var start = 0
    for (index, end) in (splits + [data.count]).enumerated() {
      let part = Array(data[start..<end])
      input += index % 2 == 0 ? try Reference.gzip(part, level: 1 + index % 9) : Gzip.member(part)
      start = end
    }
    let dir = try TempDir()
    let path = try dir.write("members.gz", input)
    for mode in InputMode.allCases {
      expectSuccess(try Sluice.run("cat", input: path, mode: mode), stdout: data, "cat, \(mode)")
      expectSuccess(
        try Sluice.run("count", input: path, mode: mode), stdout: countOutput(3), "count, \(mode)")
      expectSuccess(
        try Sluice.run("lines | count", input: path, mode: mode), stdout: countOutput(3),
        "lines | count, \(mode)")
      expectSuccess(
        try Sluice.run("lines | cat", input: path, mode: mode), stdout: data + [0x0A],
        "lines | cat, \(mode)")
    }
  }
}
