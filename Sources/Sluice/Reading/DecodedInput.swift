/// One input's decoded bytes: the stored bytes passed through unchanged when
/// they are plain, or through a ``Decompressor`` when the first bytes name a
/// compressed format (gzip, bzip2, xz, zstd: see ``InputFormat``).
final class DecodedInput {
  private let stored: StoredBytes
  private var decompressor: (any Decompressor)?
  private var sniffed = false
  /// Sniffed bytes of plain input still to be delivered: only when the first
  /// read's buffer was too small to sniff in (see ``read(into:)``).
  private var pendingPrefix: ArraySlice<UInt8> = []
  private let options: ReadOptions

  /// Opens `source`, to be read as `options` say (the gzip inflate backend,
  /// decoding ahead); nothing is read until the first ``read(into:)``.
  init(opening source: InputSource, options: ReadOptions = ReadOptions()) throws(SluiceError) {
    stored = try StoredBytes(opening: source)
    stored.meter = options.meter
    self.options = options
  }

  /// Reads the piece `segment` of a plain file: passed through as it is,
  /// never sniffed (a piece may start with any bytes).
  init(_ segment: FileSegment, options: ReadOptions = ReadOptions()) {
    stored = StoredBytes(segment)
    stored.meter = options.meter
    self.options = options
    sniffed = true
  }

  /// The input's name in messages.
  var name: String { stored.name }

  /// Called on the reading thread just before it has to wait for the
  /// input's writer (a pipe or terminal that has sent nothing more yet, as
  /// from `tail -f`), so that output held in buffers can go out while the
  /// input is quiet. Never called for a regular file. Set before the first
  /// read.
  var whenStalled: (() -> Void)? {
    didSet { stored.whenStalled = whenStalled }
  }

  /// A problem that did not stop decoding, known once the input has ended.
  var warning: SluiceWarning? { decompressor?.warning }

  /// Fills the start of `buffer` (not empty on the first call) with decoded
  /// bytes and returns how many; 0 means the input has ended.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    let count = try decodedRead(into: buffer)
    options.meter?.addDecoded(count)
    return count
  }

  private func decodedRead(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    if let decompressor { return try decompressor.read(into: buffer) }
    if !pendingPrefix.isEmpty { return deliverPendingPrefix(into: buffer) }
    if sniffed { return try stored.read(into: buffer) }
    precondition(!buffer.isEmpty, "nowhere to read the first bytes into")
    sniffed = true
    // The first bytes are sniffed where they are read, in the caller's
    // buffer, so plain input costs no copy; a buffer smaller than the
    // longest magic number (the library allows that) borrows a few bytes.
    if buffer.count >= InputFormat.sniffLength { return try sniffAndRead(into: buffer) }
    let prefix = UnsafeMutableRawBufferPointer.allocate(
      byteCount: InputFormat.sniffLength, alignment: 1)
    defer { prefix.deallocate() }
    let count = try sniffAndRead(into: prefix, decodingInto: buffer)
    guard decompressor == nil else { return count }
    pendingPrefix = ArraySlice(prefix[..<count])
    return deliverPendingPrefix(into: buffer)
  }

  /// Reads the first bytes into `buffer` and recognises the format. Plain
  /// input: returns the number of bytes read, left in `buffer`. Compressed
  /// input: makes the decoder and returns what it decodes into `output`.
  private func sniffAndRead(
    into buffer: UnsafeMutableRawBufferPointer,
    decodingInto output: UnsafeMutableRawBufferPointer? = nil
  ) throws(SluiceError) -> Int {
    // Pipes may deliver one byte at a time: insist on enough to sniff, but
    // only while the bytes so far could still begin a magic number.
    var count = 0
    while count < buffer.count
      && InputFormat.isUndecided(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    {
      let more = try stored.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
      if more == 0 { break }
      count += more
    }
    let prefix = UnsafeRawBufferPointer(rebasing: buffer[..<count])
    let format = InputFormat(sniffing: prefix)
    if format == .plain { return count }
    let decoder = makeDecoder(format, prefix: prefix)
    decompressor = decoder
    return try decoder.read(into: output ?? buffer)
  }

  /// Hands out the sniffed bytes of plain input that did not fit the first read.
  private func deliverPendingPrefix(into buffer: UnsafeMutableRawBufferPointer) -> Int {
    let count = min(buffer.count, pendingPrefix.count)
    buffer.copyBytes(from: pendingPrefix.prefix(count))
    pendingPrefix = pendingPrefix.dropFirst(count)
    return count
  }

  /// The decoder for `format`, on a second thread when decoding ahead.
  private func makeDecoder(_ format: InputFormat, prefix: UnsafeRawBufferPointer)
    -> any Decompressor
  {
    let backend = options.inflateBackend
    let decoder: any Decompressor
    switch format {
    case .gzip:
      // gzip's member CRCs move to the reading thread (ReadAheadDecoder).
      if options.decodeAhead {
        return ReadAheadDecoder(
          gzip: stored, prefix: prefix, backend: backend, whenStalled: whenStalled)
      }
      return GzipDecoder(source: stored, prefix: prefix, backend: backend)
    case .bzip2: decoder = Bzip2Decoder(source: stored, prefix: prefix)
    case .xz: decoder = XzDecoder(source: stored, prefix: prefix)
    case .zstd:
      // Never ahead: zstd decodes faster than handing its output from one
      // thread to the other costs (64 MiB log: count 50 vs 58 ms, fields 7 |
      // count-by 133 vs 141 ms, release build, 2 cores).
      return ZstdDecoder(source: stored, prefix: prefix)
    case .plain: preconditionFailure("plain input has no decoder")
    }
    return options.decodeAhead
      ? ReadAheadDecoder(running: decoder, reading: stored, whenStalled: whenStalled)
      : decoder
  }
}
