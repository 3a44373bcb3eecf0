import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The temporary files of the outputs being written (``OutputFile``),
/// removed when a signal stops the process (Ctrl-C, `kill`, a closed
/// terminal), so that an interrupted run leaves nothing behind, as a failed
/// one does. The process then ends by the same signal, as it would have.
///
/// Only signals still handled the default way are caught: `nohup`'s ignored
/// SIGHUP stays ignored, and a program with handlers of its own keeps them.
/// SIGKILL cannot be caught.
enum TemporaryFiles {
  /// A path to remove, written only while no handler may read it.
  final class Slot: Sendable {
    static let free = 0
    static let filling = 1
    static let holding = 2
    let state = Atomic<Int>(Slot.free)
    nonisolated(unsafe) let path = UnsafeMutablePointer<CChar>.allocate(
      capacity: Int(PATH_MAX) + 1)
  }

  /// Room for the files one run writes at once (`-o FILE` and a `split`
  /// part); a file that finds none is removed only the usual ways.
  private static let slots = (0..<4).map { _ in Slot() }
  private static let stoppingSignals = [SIGINT, SIGTERM, SIGHUP]
  private static let handlers: Void = {
    for number in stoppingSignals {
      // A disposition other than the default (nil) is put back.
      if let previous = signal(number, removeAndStop) { signal(number, previous) }
    }
  }()

  /// Removes `path` if a signal stops the process before ``forget(_:)``;
  /// returns the ticket to forget it with.
  static func remember(_ path: String) -> Int? {
    _ = handlers
    let bytes = path.utf8CString
    guard bytes.count <= Int(PATH_MAX) + 1 else { return nil }
    for (ticket, slot) in slots.enumerated()
    where slot.state.compareExchange(
      expected: Slot.free, desired: Slot.filling, ordering: .acquiring
    ).exchanged {
      bytes.withUnsafeBufferPointer { slot.path.update(from: $0.baseAddress!, count: $0.count) }
      slot.state.store(Slot.holding, ordering: .releasing)
      return ticket
    }
    return nil
  }

  /// Stops removing the path remembered with `ticket` (it has been renamed
  /// or removed).
  static func forget(_ ticket: Int) {
    slots[ticket].state.store(Slot.free, ordering: .releasing)
  }

  /// Removes every path remembered: only async-signal-safe calls.
  fileprivate static func removeAll() {
    for slot in slots where slot.state.load(ordering: .acquiring) == Slot.holding {
      unlink(slot.path)
    }
  }
}

/// The handler of the stopping signals: removes the temporary files, then
/// ends the process by the signal, handled the default way (the signal is
/// blocked while its handler runs, and is delivered once it returns).
private let removeAndStop: @convention(c) (Int32) -> Void = { number in
  TemporaryFiles.removeAll()
  signal(number, SIG_DFL)
  raise(number)
}
