/// One input's decoded bytes: the stored bytes passed through unchanged when
/// they are plain, or through a ``Decompressor`` when the first bytes name a
/// compressed format.
final class DecodedInput {
  private let stored: StoredBytes
  private var decompressor: (any Decompressor)?
  private var sniffed = false
  private let decodeAhead: Bool

  /// Opens `source`; nothing is read until the first ``read(into:)``. With
  /// `decodeAhead`, compressed input is decoded on a second thread.
  init(opening source: InputSource, decodeAhead: Bool = false) throws(SluiceError) {
    stored = try StoredBytes(opening: source)
    self.decodeAhead = decodeAhead
  }

  /// The input's name in messages.
  var name: String { stored.name }

  /// How many stored (possibly compressed) bytes have been read.
  var storedOffset: UInt64 { decompressor?.storedBytesRead ?? stored.offset }

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
        decodeAhead
        ? ReadAheadDecoder(source: stored, prefix: prefix)
        : GzipDecoder(source: stored, prefix: prefix)
      decompressor = decoder
      return try decoder.read(into: buffer)
    }
  }
}
