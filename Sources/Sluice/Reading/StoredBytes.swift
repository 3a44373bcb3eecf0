/// The bytes of one input as they are stored (compressed or not), read through
/// a file descriptor with no seeking and no assumption about the size, so pipes,
/// FIFOs and terminals work like files.
final class StoredBytes {
  /// The input's name in messages: its path, or `<stdin>`.
  let name: String
  private let descriptor: Descriptor
  private let ownsDescriptor: Bool
  /// How many bytes have been read so far.
  private(set) var offset: UInt64 = 0
  /// Told every read's size, for a progress display.
  var meter: ProgressMeter?

  /// Opens `source` for reading.
  init(opening source: InputSource) throws(SluiceError) {
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

  deinit {
    if ownsDescriptor { try? descriptor.close() }
  }

  /// Reads up to `buffer.count` bytes; 0 means the end of the input.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SluiceError) -> Int {
    let count: Int
    do {
      count = try descriptor.read(into: buffer)
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
