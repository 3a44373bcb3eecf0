#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A piece of a big plain file, cut at a record end, that one thread reads
/// while others read the other pieces: how a run with threads to spare
/// shares out a single file.
///
/// The pieces of a file read one open descriptor, each at its own offsets
/// (pread), so they all read the file that was opened, even if its path is
/// renamed or replaced meanwhile (log rotation), as a run on one thread
/// would. The last piece has no end: a file still growing is read to
/// wherever it ends when that piece gets there, again as one thread would.
struct FileSegment: Sendable {
  /// The file the piece is of.
  let file: SharedFile
  /// Where the piece starts: 0, or just after a record end.
  let start: UInt64
  /// Where the next piece starts; `nil` for the last piece.
  let end: UInt64?

  /// How far past each nominal cut a record end is looked for: a cut that
  /// falls in a longer record is dropped (its pieces are read as one).
  static let cutSearchLength = 64 << 10

  /// Cuts the file at `path` into pieces of about `pieceSize` bytes, each
  /// ending just after a `separator` byte (the last where the file ends);
  /// `nil` unless it is a regular file of plain data (not compressed) that
  /// gives at least two pieces.
  static func cut(_ path: String, after separator: UInt8, pieceSize: Int) -> [FileSegment]? {
    precondition(pieceSize > 0)
    // Looked at before opening: opening a FIFO would change what its writer sees.
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size >= 2 * pieceSize,
      let descriptor = try? Descriptor.openForReading(path)
    else { return nil }
    let file = SharedFile(name: path, descriptor: descriptor)
    guard let size = descriptor.regularFileSize, size >= 2 * UInt64(pieceSize),
      file.startsPlain()
    else { return nil }
    let pieces = size / UInt64(pieceSize)
    var starts: [UInt64] = [0]
    let window = UnsafeMutableRawBufferPointer.allocate(byteCount: cutSearchLength, alignment: 1)
    defer { window.deallocate() }
    let base = window.baseAddress!
    for piece in 1..<pieces {
      let nominal = max(size * piece / pieces, starts.last! + 1)
      guard let count = try? descriptor.read(into: window, at: nominal), count > 0,
        let found = memchr(base, Int32(separator), count)
      else { continue }
      let cut = nominal + UInt64(base.distance(to: found) + 1)
      if cut < size { starts.append(cut) }
    }
    guard starts.count >= 2 else { return nil }
    return starts.indices.map { index in
      FileSegment(
        file: file, start: starts[index],
        end: index + 1 < starts.count ? starts[index + 1] : nil)
    }
  }
}

/// A regular file open for reading by several threads at once, closed when
/// the last of its pieces is done with it.
final class SharedFile: Sendable {
  /// The path, as messages name the file.
  let name: String
  let descriptor: Descriptor

  init(name: String, descriptor: Descriptor) {
    self.name = name
    self.descriptor = descriptor
  }

  deinit { try? descriptor.close() }

  /// Whether the file's first bytes name no compressed format.
  fileprivate func startsPlain() -> Bool {
    withUnsafeTemporaryAllocation(byteCount: InputFormat.sniffLength, alignment: 1) { prefix in
      guard let count = try? descriptor.read(into: prefix, at: 0) else { return false }
      return InputFormat(sniffing: UnsafeRawBufferPointer(rebasing: prefix[..<count])) == .plain
    }
  }
}
