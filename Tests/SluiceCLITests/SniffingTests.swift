// The input format comes from the bytes, never from the name: only `1f 8b`
// starts gzip; everything else passes through unchanged, like `gzip -dcf`.

import Foundation
import Testing

@Suite("format sniffing")
struct SniffingTests {
  static let passThroughCases: [NamedInput] = {
    let text = Array("hello\nworld\n".utf8)
    return [
      NamedInput(name: "empty", bytes: []),
      NamedInput(name: "one byte 0x1f", bytes: [0x1F]),
      NamedInput(name: "one byte 0x8b", bytes: [0x8B]),
      NamedInput(name: "0x1f then text", bytes: [0x1F] + text),
      NamedInput(name: "0x8b 0x1f", bytes: [0x8B, 0x1F, 0x0A]),
      NamedInput(
        name: "zlib stream (stored)", bytes: Gzip.zlibStream(text, deflate: Deflate.stored(text))),
      NamedInput(name: "raw stored deflate", bytes: Deflate.stored(text)),
      NamedInput(name: "gzip member after one byte", bytes: [0x0A] + Gzip.member(text)),
      NamedInput(name: "NUL bytes", bytes: [0, 0, 0, 0, 0]),
    ]
  }()

  /// Each is written as `x.gz` (the name must not matter) and must come out
  /// byte for byte, as from `gzip -dcf`.
  @Test(arguments: passThroughCases)
  func passesThrough(input: NamedInput) throws {
    let dir = try TempDir()
    try expectMatchesGzip(input.bytes, name: "x.gz", in: dir, original: input.bytes)
    let path = try dir.write("y.gz", input.bytes)
    for mode in InputMode.allCases {
      expectSuccess(
        try Sluice.run("cat", input: path, mode: mode), stdout: input.bytes, "cat, \(mode)")
      expectSuccess(
        try Sluice.run("count", input: path, mode: mode),
        stdout: countOutput(expectedLineCount(input.bytes)),
        "count, \(mode)")
    }
  }

  @Test func compressedZlibAndRawDeflate() throws {
    let dir = try TempDir()
    let text = Array(String(repeating: "compressible text\n", count: 100).utf8)
    for (name, bytes) in [
      ("zlib", try Gzip.compressedZlibStream(text)), ("raw", try Deflate.compressed(text)),
    ] {
      #expect(bytes.count < text.count, "\(name) is not compressed")
      let path = try dir.write("\(name).gz", bytes)
      for mode in InputMode.allCases {
        expectSuccess(
          try Sluice.run("cat", input: path, mode: mode), stdout: bytes, "\(name), \(mode)")
      }
    }
  }

  @Test func gzipNamedAsText() throws {
    let dir = try TempDir()
    let text = Array("compressed\n".utf8)
    let path = try dir.write("notes.txt", try Reference.gzip(text))
    expectSuccess(try Sluice.run(["cat", path]), stdout: text)
  }

  /// `1f 8b` then something that is not a gzip header: gzip rejects it, and
  /// so must sluice (exit 65).
  static let badMagicCases: [NamedInput] = [
    NamedInput(name: "magic only", bytes: [0x1F, 0x8B]),
    NamedInput(name: "magic and method", bytes: [0x1F, 0x8B, 0x08]),
    NamedInput(name: "magic then text", bytes: [0x1F, 0x8B] + Array("plain text\n".utf8)),
    NamedInput(name: "nine header bytes", bytes: Array(Gzip.member([]).prefix(9))),
    NamedInput(name: "header only", bytes: Array(Gzip.member([]).prefix(10))),
  ]

  @Test(arguments: badMagicCases)
  func magicWithoutGzip(input: NamedInput) throws {
    let dir = try TempDir()
    let oracle = try Reference.gunzip(input.bytes)
    #expect(oracle.status == 1, "gzip: \(oracle)")
    try expectMatchesGzip(input.bytes, in: dir)
  }
}
