/// The format of an input, recognised from its first bytes and never from its
/// name.
enum InputFormat {
  case plain
  case gzip

  /// The number of leading bytes needed to tell the formats apart.
  static let sniffLength = 2

  /// Recognises the format from the input's first bytes (fewer than
  /// ``sniffLength`` only when the input is that short).
  init(sniffing prefix: UnsafeRawBufferPointer) {
    if prefix.count >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B {
      self = .gzip
    } else {
      self = .plain
    }
  }
}
