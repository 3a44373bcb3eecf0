#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// How long a thread that waits again and again for another should keep
/// looking before it sleeps: a little longer than its recent waits when they
/// are short, and not at all when they are long.
///
/// A thread asleep costs the thread that wakes it a system call (measured
/// here: 4% of ISA-L's inflating thread, a wake-up per 256 KiB buffer, while
/// its reader, three times faster, slept through most of each wait). Looking
/// a little longer than the wait lets the reader catch the buffer awake; when
/// waits are longer than ``longest`` (zlib inflates three times slower than
/// ISA-L), looking would only burn a processor, so it sleeps at once.
struct AdaptiveSpin {
  /// The longest it looks, in microseconds.
  static let longest = 150
  /// The recent waits' moving average, in microseconds.
  private var average = 0

  /// How long to look before sleeping, in microseconds.
  var budget: Int { average < Self.longest ? min(Self.longest, 2 * average + 10) : 0 }

  /// Waits with `wait`, given ``budget``, and learns how long it took.
  mutating func measure<Result>(_ wait: (_ budget: Int) throws -> Result) rethrows -> Result {
    let start = Self.microseconds()
    defer { average = (3 * average + (Self.microseconds() - start)) / 4 }
    return try wait(budget)
  }

  /// A monotonic clock in microseconds.
  static func microseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1_000_000 + now.tv_nsec / 1000
  }
}
