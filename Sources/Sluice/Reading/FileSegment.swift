#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A piece of a big plain file, cut at record ends, that one thread reads
/// while others read the other pieces: how a run with threads to spare
/// shares out a single file.
///
/// A file is cut at nominal offsets (``SharedFile/forPieces(_:after:pieceSize:)``),
/// each moved to just after the first record separator at or after the byte
/// before it, so that every record lies in one piece. The piece finds both
/// of its cuts when it is first read (two small reads, close to where it
/// reads anyway): planning reads nothing, and a file of any size costs the
/// same to plan and to hold.
struct FileSegment: Sendable {
  /// The file the piece is of.
  let file: SharedFile
  /// Where the piece starts before its cut is moved to a record end.
  let nominalStart: UInt64
  /// Where the next piece starts before its cut is moved; `nil` for the last
  /// piece, which runs to wherever the file ends when it gets there.
  let nominalEnd: UInt64?

  /// The piece's bytes: from `start` up to `end` (`nil`: to the end of the
  /// file); `nil` for a piece with no bytes (all of it lies in a record that
  /// began before it).
  func bounds() throws(SluiceError) -> (start: UInt64, end: UInt64?)? {
    guard let start = try file.cut(at: nominalStart) else { return nil }
    guard let nominalEnd else { return (start, nil) }
    guard let end = try file.cut(at: nominalEnd) else { return (start, nil) }
    return start < end ? (start, end) : nil
  }
}

/// A plain file cut into pieces: their nominal offsets are computed, not
/// held, so a file of any size costs the same.
struct FilePieces: Sendable {
  let file: SharedFile
  /// The number of pieces (at least two).
  let count: Int

  /// Piece `index` (from 0); the last also takes what the division leaves.
  subscript(index: Int) -> FileSegment {
    let length = file.plannedSize / UInt64(count)
    return FileSegment(
      file: file, nominalStart: UInt64(index) * length,
      nominalEnd: index + 1 < count ? UInt64(index + 1) * length : nil)
  }
}

/// A regular file open for reading by several threads at once, each at its
/// own offsets (pread), closed when the last of its pieces is done with it.
///
/// Every piece reads the file that was opened even if its path is renamed or
/// replaced meanwhile (log rotation), as a run on one thread would.
final class SharedFile: Sendable {
  /// The path, as messages name the file.
  let name: String
  let descriptor: Descriptor
  /// The byte that ends records.
  private let separator: UInt8
  /// The file's size when the run was planned: cuts are looked for only
  /// before it, so that a file growing meanwhile is cut the same way by
  /// every piece.
  let plannedSize: UInt64

  private init(name: String, descriptor: Descriptor, separator: UInt8, plannedSize: UInt64) {
    self.name = name
    self.descriptor = descriptor
    self.separator = separator
    self.plannedSize = plannedSize
  }

  deinit { try? descriptor.close() }

  /// Opens the file at `path` to be cut into pieces of about `pieceSize`
  /// bytes, for records ending with `separator`: `nil` unless it is a
  /// regular file of plain data (not compressed) of at least two pieces.
  static func forPieces(_ path: String, after separator: UInt8, pieceSize: Int) -> FilePieces? {
    precondition(pieceSize > 0)
    // Looked at before opening: opening a FIFO would change what its writer sees.
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size >= 2 * pieceSize,
      let descriptor = try? Descriptor.openForReading(path)
    else { return nil }
    guard let size = descriptor.regularFileSize, size >= 2 * UInt64(pieceSize) else {
      try? descriptor.close()
      return nil
    }
    let file = SharedFile(
      name: path, descriptor: descriptor, separator: separator, plannedSize: size)
    guard file.startsPlain() else { return nil }
    return FilePieces(file: file, count: Int(size / UInt64(pieceSize)))
  }

  /// Where a piece that nominally starts at `offset` starts: 0 for the first;
  /// else just after the first separator at or after `offset - 1` (so a
  /// record that ends right before `offset` stays in the piece before); `nil`
  /// when there is none before the planned size.
  fileprivate func cut(at offset: UInt64) throws(SluiceError) -> UInt64? {
    guard offset > 0 else { return 0 }
    let window = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 << 10, alignment: 1)
    defer { window.deallocate() }
    var position = offset - 1
    while position < plannedSize {
      let wanted = Int(min(UInt64(window.count), plannedSize - position))
      let count: Int
      do {
        count = try descriptor.read(
          into: UnsafeMutableRawBufferPointer(rebasing: window[..<wanted]), at: position)
      } catch {
        throw .readFailed(input: name, reason: "\(error)")
      }
      guard count > 0 else { return nil }  // truncated meanwhile
      if let found = memchr(window.baseAddress!, Int32(separator), count) {
        return position + UInt64(window.baseAddress!.distance(to: found) + 1)
      }
      position += UInt64(count)
    }
    return nil
  }

  /// Whether the file's first bytes name no compressed format.
  private func startsPlain() -> Bool {
    withUnsafeTemporaryAllocation(byteCount: InputFormat.sniffLength, alignment: 1) { prefix in
      guard let count = try? descriptor.read(into: prefix, at: 0) else { return false }
      return InputFormat(sniffing: UnsafeRawBufferPointer(rebasing: prefix[..<count])) == .plain
    }
  }
}
