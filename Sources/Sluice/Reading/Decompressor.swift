/// A decoder for one compressed format: it reads stored bytes from its source
/// and produces the decoded bytes.
///
/// New formats (bzip2, xz, zstd, another inflate backend) conform to this and
/// register their magic bytes in ``InputFormat``; nothing above the reading
/// layer changes.
protocol Decompressor: AnyObject {
  /// Fills the start of `buffer` with decoded bytes and returns how many;
  /// 0 means the input has ended cleanly.
  ///
  /// A fault found after some bytes were produced is thrown by the next call,
  /// so everything decoded before it is delivered first.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int

  /// A problem that did not stop decoding, known once the input has ended.
  var warning: SluiceWarning? { get }
}
