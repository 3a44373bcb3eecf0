/// One input's decoded bytes: the stored bytes passed through unchanged when
/// they are plain, or through a ``Decompressor`` when the first bytes name a
/// compressed format.
final class DecodedInput {
  private let stored: StoredBytes
  private var decompressor: (any Decompressor)?
  private var sniffed = false
  private let options: ReadOptions

  /// Opens `source`, to be read as `options` say (the inflate backend,
  /// decoding ahead); nothing is read until the first ``read(into:)``.
  init(opening source: InputSource, options: ReadOptions = ReadOptions()) throws(SluiceError) {
    stored = try StoredBytes(opening: source)
    stored.meter = options.meter
    self.options = options
  }

  /// The input's name in messages.
  var name: String { stored.name }

  /// A problem that did not stop decoding, known once the input has ended.
  var warning: SluiceWarning? { decompressor?.warning }

  /// Fills the start of `buffer` (at least ``InputFormat/sniffLength`` bytes)
  /// with decoded bytes and returns how many; 0 means the input has ended.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    if let decompressor { return try decompressor.read(into: buffer) }
    if sniffed { return try stored.read(into: buffer) }
    return try sniffAndRead(into: buffer)
  }

  private func sniffAndRead(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    precondition(buffer.count >= InputFormat.sniffLength)
    sniffed = true
    // Pipes may deliver one byte at a time: insist on enough to sniff.
    var count = 0
    while count < InputFormat.sniffLength {
      let more = try stored.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
      if more == 0 { break }
      count += more
    }
    let prefix = UnsafeRawBufferPointer(rebasing: buffer[..<count])
    switch InputFormat(sniffing: prefix) {
    case .plain:
      return count
    case .gzip:
      let decoder: any Decompressor =
        options.decodeAhead
        ? ReadAheadDecoder(source: stored, prefix: prefix, backend: options.inflateBackend)
        : GzipDecoder(source: stored, prefix: prefix, backend: options.inflateBackend)
      decompressor = decoder
      return try decoder.read(into: buffer)
    }
  }
}
