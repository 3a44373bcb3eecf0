/// A decoder for one compressed format: it reads stored bytes from its source
/// and produces the decoded bytes.
///
/// Each format (``GzipDecoder``, ``Bzip2Decoder``, ``XzDecoder``,
/// ``ZstdDecoder``) conforms to this and registers its magic bytes in
/// ``InputFormat``; nothing above the reading layer changes, and
/// ``ReadAheadDecoder`` can run any of them on a second thread.
protocol Decompressor: AnyObject {
  /// Fills the start of `buffer` with decoded bytes and returns how many;
  /// 0 means the input has ended cleanly.
  ///
  /// A fault found after some bytes were produced is thrown by the next call,
  /// so everything decoded before it is delivered first.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int

  /// A problem that did not stop decoding, known once the input has ended.
  var warning: SluiceWarning? { get }

  /// Moves the gzip member trailers read since the last call to the end of
  /// `list`, for a decoder that leaves its checksums to the thread reading
  /// its output (see ``MemberChecker``). The other formats check their own
  /// data and add nothing.
  func takeTrailers(into list: inout [MemberTrailer])
}

extension Decompressor {
  func takeTrailers(into list: inout [MemberTrailer]) {}
}
