#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Thrown by ``OutputSink`` when the reader of the output has gone away (the
/// `| head` case): the run ends at once and quietly.
struct OutputClosed: Error {}

/// Buffered output to a file descriptor, written in large blocks, plain or
/// gzip-compressed.
///
/// A closed pipe (`EPIPE`) becomes ``OutputClosed``; any other write failure
/// becomes ``SluiceError/writeFailed(reason:)``, so a full disk is never a
/// silent success.
final class OutputSink {
  private let descriptor: Descriptor
  private let compressor: GzipCompressor?
  private let buffer: UnsafeMutableRawBufferPointer
  private var used = 0
  /// What a write made while the input was quiet met, thrown by the next
  /// flush: the run could not stop in the middle of a read.
  private var failure: (any Error)?
  /// The progress display on the same terminal, whose line is erased before
  /// each write.
  private let terminal: ProgressDisplay?

  /// Creates a sink writing to `descriptor` through a buffer of `capacity`
  /// bytes, encoded as `encoding` says. SIGPIPE is ignored from here on, so a
  /// closed pipe shows up as an error to handle rather than killing the
  /// process. With `terminal`, a progress display on the same terminal, its
  /// line is erased before each write.
  init(
    descriptor: Descriptor = .standardOutput, encoding: OutputEncoding = .plain,
    capacity: Int = 128 << 10, sharing terminal: ProgressDisplay? = nil
  ) {
    signal(SIGPIPE, SIG_IGN)
    self.descriptor = descriptor
    self.terminal = terminal
    if case .gzip(let level) = encoding {
      compressor = GzipCompressor(level: level)
    } else {
      compressor = nil
    }
    buffer = .allocate(byteCount: capacity, alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// Appends `bytes`; large blocks bypass the buffer.
  @inline(__always)
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    if bytes.count <= buffer.count - used {
      UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: bytes)
      used += bytes.count
      return
    }
    try flush()
    if bytes.count >= buffer.count / 2 {
      try writeAll(bytes)
    } else {
      buffer.copyMemory(from: bytes)
      used = bytes.count
    }
  }

  /// Appends one byte.
  @inline(__always)
  func write(_ byte: UInt8) throws {
    if used == buffer.count { try flush() }
    buffer[used] = byte
    used += 1
  }

  /// Appends the UTF-8 bytes of `text`.
  func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Writes out everything buffered.
  func flush() throws {
    if let failure { throw failure }
    guard used > 0 else { return }
    defer { used = 0 }
    try writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<used]))
  }

  /// Writes out everything buffered, for a run whose input has gone quiet
  /// (``StoredBytes/whenStalled``): the records already through the chain
  /// reach their reader now, not when the buffer fills, as a followed log
  /// needs. A failure is thrown by the next write.
  func flushWhileWaiting() {
    do {
      try flush()
    } catch {
      failure = error
      // No room left: every write now goes through flush(), which throws.
      used = buffer.count
    }
  }

  /// Writes out everything buffered and ends the encoding (the gzip
  /// trailer): the last call on a sink.
  func finish() throws {
    try flush()
    try compressor?.finish(emit: writeOut)
  }

  /// Runs `body`, a whole run writing to this sink, and ends it as every run
  /// ends, on one thread or several: the output is finished after the last
  /// record; a closed pipe ends the run quietly; any other error is reported
  /// after the output before it has been finished too (unless the output
  /// itself failed), once `whenFailing` has stopped whatever else is running.
  /// The records skipped are reported last. Returns the most severe status
  /// met: `body`'s (it reports the problems of single inputs itself) or the
  /// error's.
  func run(
    reportingTo diagnostics: Diagnostics, whenFailing: () -> Void = {},
    _ body: (_ worst: inout ExitStatus, _ skipped: inout SkippedRecords) throws -> Void
  ) -> ExitStatus {
    var worst = ExitStatus.success
    var skipped = SkippedRecords()
    do {
      try body(&worst, &skipped)
      try finish()
    } catch is OutputClosed {
    } catch let error as SluiceError {
      whenFailing()
      if error.exitStatus != .ioError { try? finish() }
      diagnostics.report(error)
      worst = max(worst, error.exitStatus)
    } catch {
      preconditionFailure("unexpected error \(error)")
    }
    skipped.report.forEach(diagnostics.report)
    return worst
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
    if let compressor {
      try compressor.compress(bytes, emit: writeOut)
    } else {
      try writeOut(bytes)
    }
  }

  private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
    guard let terminal else { return try writeDirectly(bytes) }
    try terminal.withLineCleared { try writeDirectly(bytes) }
  }

  private func writeDirectly(_ bytes: UnsafeRawBufferPointer) throws {
    var rest = bytes
    while !rest.isEmpty {
      let written: Int
      do {
        written = try descriptor.write(rest)
      } catch SystemError.brokenPipe {
        throw OutputClosed()
      } catch {
        throw SluiceError.writeFailed(reason: "\(error)")
      }
      rest = UnsafeRawBufferPointer(rebasing: rest[written...])
    }
  }
}
