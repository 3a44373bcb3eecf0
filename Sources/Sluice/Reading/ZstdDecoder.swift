import CZstd

// The only file that calls libzstd. Everything zstd-shaped (ZSTD_DCtx, the
// buffer structs, error codes) stays here; the rest of sluice sees bytes and
// SluiceError.

/// Decodes zstd data exactly as `zstd -dc` does: frames and skippable frames
/// one after another, each decoded by libzstd's streaming decoder with the
/// tool's window limit, and between frames the tool's own rule: the end of
/// the input, or four bytes that start a frame; fewer than four bytes are an
/// "unknown header", four others an "unsupported format".
///
/// `zstd -dc` also decodes gzip, xz, lzma and lz4 data found after a frame
/// (it is built with those libraries); sluice reports them as an unsupported
/// format.
///
/// libzstd drops what a call produced when the call fails, so how much of
/// the data before a fault comes out would depend on how the input happened
/// to be cut into calls. The decoder therefore hands the library one unit of
/// the frame per call (the frame header, one block with its header, the
/// checksum), after the output of the previous unit has been handed out in
/// full: every block before the faulty unit is delivered, whatever the
/// buffer sizes, the read sizes of a pipe, or decoding ahead.
final class ZstdDecoder: Decompressor {
  /// Frames whose window is larger than 2^27 bytes (128 MiB) are refused,
  /// as `zstd -dc` refuses them without `--memory` or `--long`. The window
  /// is what the decoder must hold, so this bounds its memory for any input;
  /// zstd's levels 1 to 19 use at most 8 MiB, `--ultra -22` 128 MiB.
  static let windowLogLimit: Int32 = 27

  private enum State {
    /// Before a frame, or after one: what follows is decided here.
    case frameStart
    /// Inside a frame: `next` is the unit after the current one.
    case frame(next: Unit)
    case finished
  }

  /// The parts of a frame (RFC 8878), each handed to libzstd in one call.
  private enum Unit {
    case frameHeader
    case block(checksum: Bool)
    case checksum
    /// The contents of a skippable frame, after its 8-byte header.
    case skippableData(UInt64)
    /// Nothing more, by the frame's own layout.
    case end
  }

  private let context: OpaquePointer
  private let input: CompressedInput
  private let inputCapacity: Int
  private var state = State.frameStart
  /// Bytes of the current unit the library has not taken yet.
  private var unitRemaining: UInt64 = 0
  /// The library's own estimate of the input it wants next.
  private var hint = 0
  /// Whether the last call filled the output, so decoded bytes may still be
  /// waiting in the library: they go out before the next unit goes in.
  private var flushPending = false
  private var decoded: UInt64 = 0
  private var pending = PendingFault()
  /// Nothing in zstd is a warning: `zstd -dc` either succeeds or fails.
  let warning: SluiceWarning? = nil

  /// Creates a decoder for `source`, whose first bytes, already read while
  /// sniffing the format, are `prefix`.
  init(source: StoredBytes, prefix: UnsafeRawBufferPointer) {
    // The largest unit: a whole block with its header.
    inputCapacity = ZSTD_DStreamInSize()
    input = CompressedInput(source: source, prefix: prefix, capacity: inputCapacity)
    guard let context = ZSTD_createDCtx() else {
      preconditionFailure("ZSTD_createDCtx failed")
    }
    self.context = context
    let status = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Self.windowLogLimit)
    precondition(ZSTD_isError(status) == 0, "ZSTD_d_windowLogMax refused")
  }

  deinit { ZSTD_freeDCtx(context) }

  func read(into output: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    try pending.raise()
    var produced = 0
    do throws(SluiceError) {
      while produced < output.count {
        switch state {
        case .frameStart:
          // zstd -dc looks at four bytes: none left is the end.
          if input.available.count < 4 {
            if produced > 0 { return produced }
            guard try input.ensure(4) else {
              if input.available.isEmpty {
                state = .finished
                return produced
              }
              throw corrupt("unknown header")
            }
          }
          guard InputFormat.startsZstdFrame(input.available) else {
            throw corrupt("unsupported format")
          }
          state = .frame(next: .frameHeader)
          unitRemaining = 0
        case .frame(let next):
          if flushPending {
            // Only flush: no new input that could fail and lose these bytes.
            produced += try decode(0, into: output, from: produced)
            continue
          }
          if unitRemaining == 0 {
            guard try takeUnit(next, holding: produced) else { return produced }
            continue
          }
          let wanted = Int(min(unitRemaining, UInt64(inputCapacity)))
          if input.available.count < wanted {
            if produced > 0 { return produced }
            _ = try input.ensure(wanted)
            guard !input.available.isEmpty else { throw truncated() }
          }
          produced += try decode(
            min(wanted, input.available.count), into: output, from: produced)
        case .finished:
          return produced
        }
      }
      return produced
    } catch {
      state = .finished
      return try pending.deliver(produced, before: error)
    }
  }

  /// Works out the size of the unit `unit` from its first bytes and makes it
  /// the current one. Returns false, having read nothing, when that needs
  /// more input and `produced` bytes should go out first.
  private func takeUnit(_ unit: Unit, holding produced: Int) throws(SluiceError) -> Bool {
    // Bytes needed to tell the unit's size.
    let needed: Int
    switch unit {
    case .frameHeader: needed = 8  // the skippable size, or enough of a header
    case .block: needed = 3
    case .checksum, .skippableData, .end: needed = 0
    }
    if input.available.count < needed {
      if produced > 0 { return false }
      guard try input.ensure(needed) else {
        // Cut short: hand over what there is; the library then waits for
        // the rest, and the end of the input is reported.
        guard !input.available.isEmpty else { throw truncated() }
        unitRemaining = UInt64(input.available.count)
        state = .frame(next: .end)
        return true
      }
    }
    let bytes = input.available
    var size: UInt64
    var next = Unit.end
    switch unit {
    case .frameHeader:
      if bytes[0] & 0xF0 == 0x50 {  // a skippable frame: magic, then LE32 size
        size = 8
        next = .skippableData(UInt64(littleEndian: bytes, at: 4, count: 4))
      } else {
        let descriptor = bytes[4]
        let singleSegment = descriptor & 0x20 != 0
        let contentSizeBytes: [UInt64] = [singleSegment ? 1 : 0, 2, 4, 8]
        let dictionaryIDBytes: [UInt64] = [0, 1, 2, 4]
        size =
          5 + (singleSegment ? 0 : 1) + dictionaryIDBytes[Int(descriptor & 3)]
          + contentSizeBytes[Int(descriptor >> 6)]
        next = .block(checksum: descriptor & 0x04 != 0)
      }
    case .block(let checksum):
      let header = UInt64(littleEndian: bytes, at: 0, count: 3)
      let blockSize = header >> 3
      switch (header >> 1) & 3 {
      case 1: size = 3 + 1  // RLE: one byte repeated
      case 3: size = 3  // reserved: the library rejects the header
      default: size = 3 + blockSize
      }
      next = header & 1 == 0 ? .block(checksum: checksum) : checksum ? .checksum : .end
    case .checksum:
      size = 4
    case .skippableData(let count):
      size = count
    case .end:
      // By the layout the frame is over, yet the library wants more.
      size = UInt64(max(hint, 1))
    }
    unitRemaining = size
    state = .frame(next: next)
    return true
  }

  /// Hands the library the next `count` bytes of the current unit (none:
  /// only flush) and takes what it decodes into `output` after `offset`;
  /// returns the number of bytes decoded.
  private func decode(_ count: Int, into output: UnsafeMutableRawBufferPointer, from offset: Int)
    throws(SluiceError) -> Int
  {
    let bytes = input.available
    var inBuffer = ZSTD_inBuffer(src: bytes.baseAddress, size: count, pos: 0)
    var outBuffer = ZSTD_outBuffer(
      dst: output.baseAddress! + offset, size: output.count - offset, pos: 0)
    let status = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
    if ZSTD_isError(status) != 0 { throw libraryFault(status) }
    input.consume(inBuffer.pos)
    unitRemaining -= UInt64(inBuffer.pos)
    decoded += UInt64(outBuffer.pos)
    flushPending = outBuffer.pos == outBuffer.size
    if status == 0 {
      // The frame is decoded and flushed: what follows is decided anew.
      state = .frameStart
      flushPending = false
      unitRemaining = 0
    }
    hint = status
    return outBuffer.pos
  }

  // MARK: Errors, in zstd's words

  private func truncated() -> SluiceError {
    input.fault("premature end", decoded: decoded, atEnd: true)
  }

  private func corrupt(_ reason: String) -> SluiceError { input.fault(reason, decoded: decoded) }

  /// The library's description of the fault (`zstd -dc` prints the same),
  /// starting in lower case like sluice's other messages.
  private func libraryFault(_ status: Int) -> SluiceError {
    var reason = String(cString: ZSTD_getErrorName(status))
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    if ZSTD_getErrorCode(status) == ZSTD_error_frameParameter_windowTooLarge {
      reason += " (a window over \(1 << (Self.windowLogLimit - 20)) MiB)"
    }
    return corrupt(reason)
  }
}

extension UInt64 {
  /// The little-endian number in `count` bytes of `bytes` from `offset`.
  fileprivate init(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int, count: Int) {
    var value: UInt64 = 0
    for index in (0..<count).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
    self = value
  }
}
