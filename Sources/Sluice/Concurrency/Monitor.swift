#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// State shared between threads, guarded by one lock, with a condition that
/// threads wait on until the state is what they need.
///
/// Every change wakes all waiters, which re-check their own condition: with
/// two or three threads per monitor that is simpler than targeted signals and
/// costs nothing measurable (a wake-up per 128 KiB buffer).
final class Monitor<State>: @unchecked Sendable {
  // pthread objects must not move once initialised, so they live on the heap.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let condition: UnsafeMutablePointer<pthread_cond_t>
  private var state: State

  /// Creates a monitor guarding `state`.
  init(_ state: State) {
    self.state = state
    mutex = .allocate(capacity: 1)
    condition = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  /// Changes the state under the lock and wakes every waiting thread.
  @discardableResult
  func update<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
    pthread_mutex_lock(mutex)
    defer {
      pthread_cond_broadcast(condition)
      pthread_mutex_unlock(mutex)
    }
    return try body(&state)
  }

  /// Reads the state under the lock, waking nobody: for polling a flag
  /// without disturbing the threads that wait on the monitor.
  func read<Result>(_ body: (State) -> Result) -> Result {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return body(state)
  }

  /// Waits until `isReady` holds for the state, then changes it with `body`
  /// under the same lock and wakes every waiting thread.
  ///
  /// With `spinning`, it first looks again every microsecond for up to that
  /// many microseconds before it sleeps: for a thread that waits often and
  /// briefly (a reader faster than its decoder), whose waker then finds
  /// nobody asleep and need not make the system call that wakes a thread.
  func wait<Result>(
    until isReady: (State) -> Bool, spinning: Int = 0,
    then body: (inout State) throws -> Result
  ) rethrows -> Result {
    pthread_mutex_lock(mutex)
    defer {
      pthread_cond_broadcast(condition)
      pthread_mutex_unlock(mutex)
    }
    var spins = spinning
    while !isReady(state) && spins > 0 {
      pthread_mutex_unlock(mutex)
      Self.pause(nanoseconds: 1000)
      spins -= 1
      pthread_mutex_lock(mutex)
    }
    while !isReady(state) { pthread_cond_wait(condition, mutex) }
    return try body(&state)
  }

  /// Lets about `nanoseconds` pass without giving up the processor.
  private static func pause(nanoseconds: Int) {
    let end = AdaptiveSpin.microseconds() * 1000 + nanoseconds
    while AdaptiveSpin.microseconds() * 1000 < end {}
  }
}
