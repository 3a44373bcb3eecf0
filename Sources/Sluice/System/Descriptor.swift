#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// An open file descriptor: the few calls sluice makes on one (open, read,
/// write, close), retried when a signal interrupts them, with failures as a
/// typed ``SystemError``.
///
/// A value does not own the descriptor: whoever opened it closes it.
public struct Descriptor: Hashable, Sendable {
  /// The descriptor's number.
  public let rawValue: Int32

  /// The descriptor numbered `rawValue`.
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// Standard input (0).
  public static let standardInput = Descriptor(rawValue: 0)
  /// Standard output (1).
  public static let standardOutput = Descriptor(rawValue: 1)
  /// Standard error (2).
  public static let standardError = Descriptor(rawValue: 2)

  /// Opens `path` for reading, not inherited by programs this one starts.
  public static func openForReading(_ path: String) throws(SystemError) -> Descriptor {
    try open(path, O_RDONLY | O_CLOEXEC, mode: 0)
  }

  /// Creates `path` (or empties it) for writing, with the permissions a new
  /// file gets (0666 less the umask).
  public static func create(_ path: String) throws(SystemError) -> Descriptor {
    try open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o666)
  }

  private static func open(_ path: String, _ flags: Int32, mode: mode_t) throws(SystemError)
    -> Descriptor
  {
    while true {
      let number = Glibc.open(path, flags, mode)
      if number >= 0 { return Descriptor(rawValue: number) }
      if errno != EINTR { throw SystemError(code: errno) }
    }
  }

  /// Reads up to `buffer.count` bytes into `buffer`; 0 at the end.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
    while true {
      let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno != EINTR { throw SystemError(code: errno) }
    }
  }

  /// Reads up to `buffer.count` bytes at `offset` without moving the
  /// descriptor's own position, so threads can share the descriptor; 0 at
  /// the end.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(SystemError)
    -> Int
  {
    while true {
      let count = pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset))
      if count >= 0 { return count }
      if errno != EINTR { throw SystemError(code: errno) }
    }
  }

  /// The size of the regular file open here; `nil` for anything else (a
  /// pipe, a terminal, a device, a directory).
  var regularFileSize: UInt64? {
    var status = stat()
    guard fstat(rawValue, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return UInt64(status.st_size)
  }

  /// Whether a read would return at once: data, the end, or an error is
  /// waiting. Always true for a regular file; false for a pipe or terminal
  /// whose writer has sent nothing yet.
  var hasInputReady: Bool {
    var request = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
    // A failed poll says nothing: answer as if a read could go ahead.
    return poll(&request, 1, 0) != 0
  }

  /// Writes some of `bytes` and returns how many (at least one unless
  /// `bytes` is empty).
  public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
    while true {
      let count = Glibc.write(rawValue, bytes.baseAddress, bytes.count)
      if count >= 0 { return count }
      if errno != EINTR { throw SystemError(code: errno) }
    }
  }

  /// Writes all of `bytes`.
  public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
    var rest = bytes
    while !rest.isEmpty {
      rest = UnsafeRawBufferPointer(rebasing: rest[(try write(rest))...])
    }
  }

  /// Closes the descriptor.
  public func close() throws(SystemError) {
    // After EINTR the descriptor is closed on Linux: never retry.
    if Glibc.close(rawValue) != 0 && errno != EINTR { throw SystemError(code: errno) }
  }
}

/// A failed system call's error number, described as the C library does.
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The `errno` value.
  public let code: Int32

  /// The error numbered `code`.
  public init(code: Int32) { self.code = code }

  /// The error of the last failed call on this thread.
  public static var last: SystemError { SystemError(code: errno) }

  /// The reader of a pipe went away (`EPIPE`).
  public static let brokenPipe = SystemError(code: EPIPE)
  /// The path names a directory (`EISDIR`).
  public static let isDirectory = SystemError(code: EISDIR)

  /// `No such file or directory`, as `strerror` says.
  public var description: String {
    // The XSI strerror_r fills the buffer (glibc's strerror is thread-safe
    // too, but only since 2.32).
    var text = [UInt8](repeating: 0, count: 256)
    let status = text.withUnsafeMutableBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { strerror_r(code, $0.baseAddress!, $0.count) }
    }
    guard status == 0, let end = text.firstIndex(of: 0) else { return "error \(code)" }
    return String(decoding: text[..<end], as: UTF8.self)
  }
}
