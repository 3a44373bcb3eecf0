// Crafting gzip (RFC 1952), deflate stored blocks (RFC 1951) and zlib
// (RFC 1950) bytes by hand, and generating reproducible test data.

import Foundation
import Sluice

// MARK: - Checksums

enum Checksum {
  private static let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
    }
    return value
  }

  /// The CRC-32 used by gzip (reflected, polynomial 0xEDB88320).
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    bytes.withUnsafeBufferPointer { buffer in
      crcTable.withUnsafeBufferPointer { table in
        for byte in buffer {
          crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
      }
    }
    return crc ^ 0xFFFF_FFFF
  }

  /// The Adler-32 used by zlib streams.
  static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return b << 16 | a
  }
}

func littleEndian16(_ value: UInt16) -> [UInt8] {
  [UInt8(value & 0xFF), UInt8(value >> 8)]
}

func littleEndian32(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) }
}

// MARK: - Deflate

enum Deflate {
  /// An empty non-final stored block, as a sync or full flush writes it.
  static let flushMarker: [UInt8] = [0x00, 0x00, 0x00, 0xFF, 0xFF]

  /// `data` as stored (uncompressed) deflate blocks of at most `blockSize`
  /// bytes; the last block is marked final when `final` is true. Empty data
  /// gives one empty block.
  static func stored(_ data: [UInt8], blockSize: Int = 65535, final: Bool = true) -> [UInt8] {
    precondition(blockSize > 0 && blockSize <= 65535)
    var out: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + blockSize, data.count)
      let isLast = end == data.count
      let length = UInt16(end - start)
      out.append(isLast && final ? 0x01 : 0x00)
      out += littleEndian16(length) + littleEndian16(~length)
      out += data[start..<end]
      start = end
    } while start < data.count
    return out
  }

  /// The deflate data inside a member that `gzip -c -n` wrote (flags 0, so
  /// the header is exactly 10 bytes).
  static func body(ofGzipMember member: [UInt8]) -> [UInt8] {
    precondition(member.count >= 18 && member[3] == 0, "not a plain gzip -n member")
    return Array(member[10..<(member.count - 8)])
  }

  /// `data` compressed by `gzip -LEVEL` as raw deflate data (final block included).
  static func compressed(_ data: [UInt8], level: Int = 6) throws -> [UInt8] {
    body(ofGzipMember: try Reference.gzip(data, level: level))
  }

  /// The number of bytes of a stored encoding of `dataCount` bytes.
  static func storedSize(_ dataCount: Int, blockSize: Int = 65535) -> Int {
    let blocks = max(1, (dataCount + blockSize - 1) / blockSize)
    return dataCount + 5 * blocks
  }
}

// MARK: - Gzip

/// The fields of a gzip member header, each settable to odd values.
struct GzipHeader: Sendable {
  enum HeaderCRC: Sendable {
    case absent, correct, wrong
  }

  var method: UInt8 = 8
  var text = false
  /// Extra bits or'ed into FLG (0x20, 0x40, 0x80 are reserved).
  var extraFlagBits: UInt8 = 0
  var modificationTime: UInt32 = 0
  var extraFlags: UInt8 = 0
  var operatingSystem: UInt8 = 3
  /// FEXTRA payload (without XLEN).
  var extra: [UInt8]? = nil
  /// FNAME, without the terminating zero.
  var name: [UInt8]? = nil
  /// FCOMMENT, without the terminating zero.
  var comment: [UInt8]? = nil
  var headerCRC: HeaderCRC = .absent

  var bytes: [UInt8] {
    var flags = extraFlagBits
    if text { flags |= 0x01 }
    if headerCRC != .absent { flags |= 0x02 }
    if extra != nil { flags |= 0x04 }
    if name != nil { flags |= 0x08 }
    if comment != nil { flags |= 0x10 }
    var out: [UInt8] = [0x1F, 0x8B, method, flags]
    out += littleEndian32(modificationTime)
    out += [extraFlags, operatingSystem]
    if let extra {
      out += littleEndian16(UInt16(extra.count)) + extra
    }
    if let name { out += name + [0] }
    if let comment { out += comment + [0] }
    switch headerCRC {
    case .absent: break
    case .correct: out += littleEndian16(UInt16(Checksum.crc32(out) & 0xFFFF))
    case .wrong: out += littleEndian16(UInt16(Checksum.crc32(out) & 0xFFFF) ^ 0x0100)
    }
    return out
  }
}

enum Gzip {
  /// The 8-byte trailer: CRC-32 and ISIZE of `data`.
  static func trailer(for data: [UInt8]) -> [UInt8] {
    littleEndian32(Checksum.crc32(data)) + littleEndian32(UInt32(truncatingIfNeeded: data.count))
  }

  /// A member holding `data`, with `deflate` as its compressed data (stored
  /// blocks when nil).
  static func member(_ data: [UInt8], header: GzipHeader = GzipHeader(), deflate: [UInt8]? = nil)
    -> [UInt8]
  {
    header.bytes + (deflate ?? Deflate.stored(data)) + trailer(for: data)
  }

  /// A member compressed by gzip itself, with `header` instead of gzip's.
  static func compressedMember(_ data: [UInt8], header: GzipHeader = GzipHeader(), level: Int = 6)
    throws -> [UInt8]
  {
    member(data, header: header, deflate: try Deflate.compressed(data, level: level))
  }

  /// A stored member of exactly `totalSize` bytes (header, blocks, trailer)
  /// whose data is taken from the start of `filler`, repeated as needed.
  static func storedMember(totalSize: Int, filler: [UInt8]) -> (member: [UInt8], data: [UInt8]) {
    precondition(totalSize >= 23 && !filler.isEmpty)
    var dataCount = max(0, totalSize - 18 - 5)
    while dataCount > 0 && 18 + Deflate.storedSize(dataCount) > totalSize { dataCount -= 1 }
    precondition(
      18 + Deflate.storedSize(dataCount) == totalSize, "no stored member of \(totalSize) bytes")
    var data: [UInt8] = []
    data.reserveCapacity(dataCount)
    while data.count < dataCount { data += filler.prefix(dataCount - data.count) }
    return (member(data), data)
  }

  /// `data` as a zlib stream (RFC 1950) around `deflate`; the default header
  /// 78 01 says "fastest", 78 9c "default".
  static func zlibStream(_ data: [UInt8], deflate: [UInt8], header: [UInt8] = [0x78, 0x01])
    -> [UInt8]
  {
    header + deflate + littleEndian32(Checksum.adler32(data)).reversed()
  }

  /// `data` as a zlib stream with gzip's deflate data.
  static func compressedZlibStream(_ data: [UInt8]) throws -> [UInt8] {
    zlibStream(data, deflate: try Deflate.compressed(data), header: [0x78, 0x9C])
  }
}

// MARK: - Reproducible random data

enum TestData {
  /// `count` bytes of line content (never LF) mixing printable ASCII with CR,
  /// NUL, tabs, 0x1f, 0x8b and other high bytes.
  static func lineContent<G: RandomNumberGenerator>(_ count: Int, using rng: inout G) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
      var word = rng.next()
      for _ in 0..<8 where index < count {
        let roll = UInt8(truncatingIfNeeded: word)
        word >>= 8
        let byte: UInt8
        switch roll {
        case 0..<200: byte = 0x20 + roll % 95  // printable
        case 200..<208: byte = 0x0D  // CR
        case 208..<214: byte = 0x00  // NUL
        case 214..<218: byte = 0x09
        case 218..<222: byte = 0x1F
        case 222..<226: byte = 0x8B
        default: byte = 0x80 | roll  // other high bytes
        }
        out[index] = byte
        index += 1
      }
    }
    return out
  }

  /// Plain text that compresses well: lines of words and numbers.
  static func text<G: RandomNumberGenerator>(lines: Int, using rng: inout G) -> [UInt8] {
    let words = [
      "alpha", "bravo", "charlie", "delta", "echo", "GET", "/index.html", "200", "404", "-",
    ]
    var out: [UInt8] = []
    for lineNumber in 0..<lines {
      out += Array("\(lineNumber) ".utf8)
      for _ in 0..<Int.random(in: 1...12, using: &rng) {
        out += Array(words[Int.random(in: 0..<words.count, using: &rng)].utf8) + [0x20]
      }
      out.append(0x0A)
    }
    return out
  }

  /// A line of exactly `count` content bytes (no LF), deterministic per length.
  static func bigLine(_ count: Int, seed: UInt64 = 0) -> [UInt8] {
    var rng = SeededRandom(seed: seed &+ UInt64(count))
    return lineContent(count, using: &rng)
  }
}
