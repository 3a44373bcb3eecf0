import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Shows a ``ProgressMeter`` as one self-updating line on standard error: on
/// a thread of its own that wakes a few times a second, first after a delay,
/// so short runs never show it; ``stop(_:)`` erases it. Messages written
/// through ``withLineCleared(_:)`` never mix with it.
public final class ProgressDisplay: Sendable {
  private let meter: ProgressMeter
  private let descriptor: Int32
  /// Whether the descriptor is a terminal: then the line is redrawn in place
  /// with an escape sequence; otherwise it is padded with spaces.
  private let isTerminal: Bool
  private let width: Int
  private let delay: Double
  private let interval: Int32
  private let state = Mutex(State())
  /// The thread sleeps in poll(2) on this pipe, so that ``stop(_:)`` wakes it
  /// at once: a run that ends never waits for the next tick.
  private let wake: (read: Int32, write: Int32)
  private let started = ProgressDisplay.seconds()

  private struct State {
    /// The length of the line on screen; 0 when none is.
    var shown = 0
    var stopped = false
  }

  /// A display of `meter` on `descriptor` (standard error), `width`
  /// columns wide, first drawn after `delay` seconds, redrawn every
  /// `interval` seconds.
  public init(
    _ meter: ProgressMeter, descriptor: Int32 = 2, width: Int = 80, delay: Double = 1,
    interval: Double = 0.25
  ) {
    self.meter = meter
    self.descriptor = descriptor
    isTerminal = isatty(descriptor) == 1
    self.width = max(20, width - 1)
    self.delay = delay
    self.interval = Int32(interval * 1000)
    var ends: [Int32] = [-1, -1]
    if pipe(&ends) == 0 {
      for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    } else {
      ends = [-1, -1]
    }
    wake = (ends[0], ends[1])
  }

  deinit {
    close(wake.read)
    close(wake.write)
  }

  /// Starts the thread that draws the line; returns it for ``stop(_:)``.
  public func start() -> ProgressTicker {
    ProgressTicker(WorkerThread { [self] in run() })
  }

  /// Stops drawing and erases the line; `ticker` is what ``start()`` gave.
  public func stop(_ ticker: consuming ProgressTicker) {
    state.withLock { $0.stopped = true }
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)
    ticker.thread.join()
    state.withLock { erase(&$0) }
  }

  /// Runs `body` (which writes to the same descriptor) with the line erased
  /// first; the next tick draws it again below what `body` wrote.
  public func withLineCleared<Result>(_ body: () throws -> Result) rethrows -> Result {
    try state.withLock { state in
      erase(&state)
      return try body()
    }
  }

  private func run() {
    var poller = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
    while true {
      _ = poll(&poller, 1, interval)
      let elapsed = Self.seconds() - started
      let done = state.withLock { state -> Bool in
        if state.stopped { return true }
        if elapsed >= delay { draw(after: elapsed, into: &state) }
        return false
      }
      if done { return }
    }
  }

  private func draw(after elapsed: Double, into state: inout State) {
    let text = ProgressLine.text(meter.reading, after: elapsed, width: width)
    let line: String
    if isTerminal {
      line = "\r" + text + "\u{1B}[K"
    } else {
      line = "\r" + text + String(repeating: " ", count: max(0, state.shown - text.count))
    }
    emit(line)
    state.shown = text.count
  }

  private func erase(_ state: inout State) {
    guard state.shown > 0 else { return }
    emit(isTerminal ? "\r\u{1B}[K" : "\r" + String(repeating: " ", count: state.shown) + "\r")
    state.shown = 0
  }

  private func emit(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }

  private static func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}

/// The drawing thread of a ``ProgressDisplay``, handed back to
/// ``ProgressDisplay/stop(_:)``.
public struct ProgressTicker: ~Copyable {
  fileprivate let thread: WorkerThread
  fileprivate init(_ thread: consuming WorkerThread) { self.thread = thread }
}
