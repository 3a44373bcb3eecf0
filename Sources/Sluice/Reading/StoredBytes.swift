/// The bytes of one input as they are stored (compressed or not), read through
/// a file descriptor with no seeking and no assumption about the size, so pipes,
/// FIFOs and terminals work like files; or the bytes of one piece of a plain
/// file (``FileSegment``).
final class StoredBytes {
  /// The input's name in messages: its path, or `<stdin>`.
  let name: String
  private let descriptor: Descriptor
  private let ownsDescriptor: Bool
  /// The piece read, at its own offsets; `nil` when reading the whole input.
  private let segment: FileSegment?
  /// The piece's bytes, found at the first read: `nil` before, and
  /// `.some(nil)` for a piece with none.
  private var bounds: (start: UInt64, end: UInt64?)??
  /// How many bytes have been read so far.
  private(set) var offset: UInt64 = 0
  /// Told every read's size, for a progress display.
  var meter: ProgressMeter?
  /// Called just before a read that has to wait for its writer (a pipe or
  /// terminal that has sent nothing more yet, as from `tail -f`), so that
  /// output held in buffers can go out while the input is quiet.
  var whenStalled: (() -> Void)?
  /// Whether a read can wait for a writer: the input is not a regular file.
  private lazy var canStall = segment == nil && descriptor.regularFileSize == nil

  /// Opens `source` for reading.
  init(opening source: InputSource) throws(SluiceError) {
    segment = nil
    switch source {
    case .standardInput:
      name = source.name
      descriptor = .standardInput
      ownsDescriptor = false
    case .file(let path):
      name = path
      do {
        descriptor = try Descriptor.openForReading(path)
      } catch {
        throw .cannotOpen(input: path, reason: "\(error)")
      }
      ownsDescriptor = true
    }
  }

  /// Reads the piece `segment` of a file (the file stays open while a piece
  /// of it is read).
  init(_ segment: FileSegment) {
    self.segment = segment
    name = segment.file.name
    descriptor = segment.file.descriptor
    ownsDescriptor = false
  }

  deinit {
    if ownsDescriptor { try? descriptor.close() }
  }

  /// Reads up to `buffer.count` bytes; 0 means the end of the input.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    if let segment, bounds == nil { bounds = .some(try segment.bounds()) }
    let count: Int
    do {
      if let bounds {
        guard let (start, end) = bounds else { return 0 }
        let position = start + offset
        let rest = end.map { Int(clamping: $0 - min($0, position)) } ?? buffer.count
        count = try descriptor.read(
          into: UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(rest)), at: position)
      } else {
        if let whenStalled, canStall, !descriptor.hasInputReady { whenStalled() }
        count = try descriptor.read(into: buffer)
      }
    } catch  where error == .isDirectory && offset == 0 {
      // open(2) accepts a directory; the first read is where it shows.
      throw .cannotOpen(input: name, reason: error.description)
    } catch {
      throw .readFailed(input: name, reason: "\(error)")
    }
    offset += UInt64(count)
    meter?.addStored(count)
    return count
  }
}
