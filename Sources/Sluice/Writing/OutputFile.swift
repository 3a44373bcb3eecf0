#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A file the output is written to under a temporary name in the same folder,
/// and renamed to its real name only when complete: a crash, a kill or a
/// full disk never leaves a half-written file under the name asked for. The
/// temporary file goes too when a signal (Ctrl-C, `kill`, a closed terminal)
/// stops the process, unless that signal was already handled another way.
///
/// ```swift
/// let file = try OutputFile(path: "errors.log.gz")
/// // ... write to file.descriptor ...
/// try file.commit()   // or let it go: the temporary file is removed
/// ```
public final class OutputFile {
  /// The name the output gets when complete.
  public let path: String
  /// Where to write the output: the temporary file.
  public let descriptor: Descriptor
  private let temporaryPath: String
  /// For removing the temporary file if a signal stops the process.
  private let ticket: Int?
  private var done = false

  /// Creates the temporary file next to `path` (with the permissions a new
  /// file gets from the umask, like a shell redirection).
  public init(path: String) throws(SluiceError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    // The folder with its slash ("" for the current one, "/" for the root).
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var template = Array(
      folder.utf8CString.dropLast()
        + ".\(name).sluice-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw .cannotCreate(output: path, reason: SystemError.last.description)
    }
    temporaryPath = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    descriptor = Descriptor(rawValue: fd)
    ticket = TemporaryFiles.remember(temporaryPath)
    // mkstemp makes the file private (0600): give it what a new file gets.
    let mask = umask(0)
    umask(mask)
    fchmod(fd, 0o666 & ~mask)
  }

  /// Closes the file and gives it its real name, replacing any file there.
  public func commit() throws(SluiceError) {
    precondition(!done, "output file committed or discarded twice")
    done = true
    // Forgotten once gone from under its temporary name, not before.
    defer { ticket.map(TemporaryFiles.forget) }
    do {
      try descriptor.close()
    } catch {
      unlink(temporaryPath)
      throw .writeFailed(reason: "\(path): \(error)")
    }
    guard rename(temporaryPath, path) == 0 else {
      let reason = SystemError.last.description
      unlink(temporaryPath)
      throw .cannotCreate(output: path, reason: reason)
    }
  }

  /// Closes and removes the temporary file: the real name is left as it was.
  public func discard() {
    guard !done else { return }
    done = true
    try? descriptor.close()
    unlink(temporaryPath)
    ticket.map(TemporaryFiles.forget)
  }

  deinit { discard() }
}
