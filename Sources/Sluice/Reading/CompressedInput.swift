/// The stored bytes of a compressed input on their way into a decoding
/// library: a small fixed buffer, refilled from the source, that knows where
/// in the stored input its bytes are (for the `at byte N` of messages).
///
/// The bzip2, xz and zstd decoders read through this; gzip keeps its own
/// buffer, which also gives bytes back to ISA-L (``GzipDecoder``).
final class CompressedInput {
  /// Where the bytes come from.
  let source: StoredBytes
  private let buffer: UnsafeMutableRawBufferPointer
  private var start = 0
  private var end = 0
  /// Whether the source has ended: every stored byte is in the buffer or
  /// consumed.
  private(set) var sourceEnded = false

  /// A buffer of `capacity` bytes (or the prefix's size, if larger) holding
  /// `prefix`, the input's first bytes, already read while sniffing.
  init(source: StoredBytes, prefix: UnsafeRawBufferPointer, capacity: Int) {
    self.source = source
    buffer = .allocate(byteCount: max(capacity, prefix.count), alignment: 16)
    buffer.copyMemory(from: prefix)
    end = prefix.count
  }

  deinit { buffer.deallocate() }

  /// The input's name in messages.
  var name: String { source.name }

  /// The bytes read and not yet consumed.
  var available: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: buffer[start..<end])
  }

  /// The offset in the stored input of the next unconsumed byte.
  var offset: UInt64 { source.offset - UInt64(end - start) }

  /// How many stored bytes have been read: the input's size once it ended.
  var bytesRead: UInt64 { source.offset }

  /// The error for a fault in the data, `reason`, found after `decoded`
  /// bytes were produced: at the first byte not yet used, or with `atEnd`
  /// (the data ended too early) at the end of what was read.
  func fault(_ reason: String, decoded: UInt64, atEnd: Bool = false) -> SluiceError {
    .corruptInput(
      input: name, reason: reason, offset: atEnd ? bytesRead : offset, decodedOffset: decoded)
  }

  /// Marks the first `count` available bytes as used.
  func consume(_ count: Int) {
    precondition(count <= end - start, "consumed more than was available")
    start += count
  }

  /// Reads more bytes after the available ones, moving those to the front
  /// when the buffer is full; returns false when the source has ended.
  func refill() throws(SluiceError) -> Bool {
    guard !sourceEnded else { return false }
    if start == end {
      start = 0
      end = 0
    } else if end == buffer.count {
      precondition(start > 0, "refilling a full buffer")
      let count = end - start
      buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
      start = 0
      end = count
    }
    let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
    if count == 0 { sourceEnded = true }
    end += count
    return count > 0
  }

  /// Makes at least `count` bytes (at most the buffer's size) available,
  /// unless the source ends first; returns whether they are.
  func ensure(_ count: Int) throws(SluiceError) -> Bool {
    precondition(count <= buffer.count, "more than the buffer holds")
    while end - start < count {
      if buffer.count - start < count {
        // Not enough room after the available bytes: move them to the front.
        let kept = end - start
        buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: kept)
        start = 0
        end = kept
      }
      guard try refill() else { return false }
    }
    return true
  }
}
