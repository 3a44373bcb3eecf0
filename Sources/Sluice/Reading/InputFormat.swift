/// The format of an input, recognised from its first bytes and never from its
/// name.
///
/// The magic numbers are those the reference tools look for, so that what
/// sluice decodes is what `gzip -dc`, `bzip2 -dc`, `xz -dc` and `zstd -dc`
/// decode; anything else, and any input shorter than a whole magic number,
/// is plain and passes through unchanged.
enum InputFormat {
  case plain
  /// `1f 8b` (RFC 1952).
  case gzip
  /// `BZh` and the block size digit `1` to `9`.
  case bzip2
  /// `fd 37 7a 58 5a 00` (the .xz stream header).
  case xz
  /// A zstd frame (`28 b5 2f fd`) or a skippable frame (`50`...`5f 2a 4d 18`),
  /// which `zstd -dc` also accepts first.
  case zstd

  /// The number of leading bytes needed to tell the formats apart: the
  /// longest magic number, xz's.
  static let sniffLength = 6

  private static let xzMagic: [UInt8] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]
  private static let bzip2Magic: [UInt8] = [0x42, 0x5A, 0x68]  // "BZh"

  /// Recognises the format from the input's first bytes (fewer than
  /// ``sniffLength`` only when the input is that short).
  init(sniffing prefix: UnsafeRawBufferPointer) {
    if prefix.starts(with: [0x1F, 0x8B]) {
      self = .gzip
    } else if prefix.count >= 4 && prefix.starts(with: Self.bzip2Magic)
      && (0x31...0x39).contains(prefix[3])
    {
      self = .bzip2
    } else if prefix.starts(with: Self.xzMagic) {
      self = .xz
    } else if Self.startsZstdFrame(prefix) {
      self = .zstd
    } else {
      self = .plain
    }
  }

  /// Whether more bytes could still change the verdict on `prefix`: it is a
  /// proper beginning of some magic number. Sniffing stops reading as soon
  /// as this is false, so a short first line typed into a pipe is not held
  /// back waiting for six bytes.
  static func isUndecided(_ prefix: UnsafeRawBufferPointer) -> Bool {
    guard prefix.count < sniffLength else { return false }
    func begins(_ magic: [UInt8]) -> Bool {
      prefix.count < magic.count && magic.starts(with: prefix)
    }
    if begins([0x1F, 0x8B]) || begins(xzMagic) || begins([0x28, 0xB5, 0x2F, 0xFD]) {
      return true
    }
    if prefix.count < 4 && bzip2Magic.starts(with: prefix.prefix(3)) { return true }
    // A skippable frame: 0x50...0x5f, then 2a 4d 18.
    return prefix.count < 4 && (prefix.isEmpty || (0x50...0x5F).contains(prefix[0]))
      && [0x2A, 0x4D, 0x18].starts(with: prefix.dropFirst())
  }

  /// Whether `bytes` start with a zstd frame or a skippable frame: the test
  /// `zstd -dc` applies at the start and after every frame. Frames of zstd
  /// before 0.8 (2016; other magic numbers) are not recognised.
  static func startsZstdFrame(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard bytes.count >= 4 else { return false }
    let magic =
      UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
    return magic == 0xFD2F_B528 || magic & 0xFFFF_FFF0 == 0x184D_2A50
  }
}
