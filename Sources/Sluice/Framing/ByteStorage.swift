#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A block of memory that decoded bytes are read into and that ``Record``
/// values point into.
///
/// Records keep their storage alive, so a record stays valid for as long as it
/// is held. The reader reuses (or grows) a storage only when it holds the sole
/// reference; otherwise it moves on to a fresh one, which makes keeping records
/// safe and not keeping them (the usual case) free of allocation. Bytes are
/// never written while anything but the reader refers to the storage, hence
/// `Sendable`.
@usableFromInline
final class ByteStorage: @unchecked Sendable {
  // Read on every record: no dynamic exclusivity check (only resize writes them,
  // and only while nothing else refers to the storage).
  @usableFromInline @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
  @usableFromInline @exclusivity(unchecked) private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    guard let memory = malloc(capacity) else { fatalError("out of memory (\(capacity) bytes)") }
    base = memory
  }

  deinit { free(base) }

  /// Resizes the block keeping its first `capacity` bytes. Only for a storage
  /// no record refers to. realloc can move a large block by remapping its
  /// pages, so growing to a long record never holds two copies of it.
  func resize(to capacity: Int) {
    guard let memory = realloc(base, capacity) else {
      fatalError("out of memory (\(capacity) bytes)")
    }
    base = memory
    self.capacity = capacity
  }
}
