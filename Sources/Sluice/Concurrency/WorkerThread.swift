#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A thread that runs one closure and ends.
///
/// sluice needs only a few long-lived threads per run (a decoder running ahead
/// of the reader, the workers of `-j`), so a plain thread is the right tool:
/// no pool, no executor, no Foundation.
struct WorkerThread: ~Copyable {
  private let thread: pthread_t
  /// Whether someone still has to join or detach the thread.
  private var attached = true

  /// Starts a thread running `body`.
  init(_ body: @escaping @Sendable () -> Void) {
    final class Box {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, nil,
      { context in
        Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
        return nil
      }, context)
    // Only exhausted system resources make this fail; nothing sensible follows.
    precondition(status == 0, "cannot start a thread (error \(status))")
    self.thread = thread
  }

  /// Waits for the thread to end.
  consuming func join() {
    pthread_join(thread, nil)
    attached = false
  }

  /// Lets the thread run on alone; it releases its resources when it ends.
  consuming func detach() {
    pthread_detach(thread)
    attached = false
  }

  deinit {
    if attached { pthread_detach(thread) }
  }
}
