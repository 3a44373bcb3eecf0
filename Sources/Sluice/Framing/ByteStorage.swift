/// A fixed-size block of memory that decoded bytes are read into and that
/// ``Record`` values point into.
///
/// Records keep their storage alive, so a record stays valid for as long as it
/// is held. The reader reuses a storage only when it holds the sole reference;
/// otherwise it moves on to a fresh one, which makes keeping records safe and
/// not keeping them (the usual case) free of allocation. Bytes are never
/// written while anything but the reader refers to the storage, hence
/// `Sendable`.
@usableFromInline
final class ByteStorage: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutableRawPointer
  @usableFromInline let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(byteCount: capacity, alignment: 64)
  }

  deinit { base.deallocate() }
}
