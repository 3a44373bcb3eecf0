import Glibc

/// A file in memory (an unlinked file in /dev/shm) with a path that opens it,
/// so that one fuzz input after another is read through the same path as a
/// file on disk, without touching the disk or leaving anything behind.
public final class MemoryFile: Sendable {
  private let descriptor: Int32
  /// A path that opens the file: a fresh open file description each time,
  /// read from the start.
  public let path: String

  /// An empty file.
  public init() {
    var template = Array("/dev/shm/sluice-fuzz-XXXXXX".utf8CString)
    descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    precondition(descriptor >= 0, "mkstemp in /dev/shm failed: errno \(errno)")
    unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    path = "/proc/self/fd/\(descriptor)"
  }

  deinit { close(descriptor) }

  /// Makes `bytes` the whole content of the file.
  public func replaceContent(with bytes: UnsafeRawBufferPointer) {
    precondition(ftruncate(descriptor, 0) == 0)
    var written = 0
    while written < bytes.count {
      let n = pwrite(
        descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(written))
      precondition(n > 0, "pwrite failed: errno \(errno)")
      written += n
    }
  }
}
