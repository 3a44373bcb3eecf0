#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The bytes of one record (a line, a separated record, a paragraph, a
/// multi-line record or a chunk), viewed in place in the reader's buffer.
///
/// A record is bytes, not text: it may hold CR, NUL or invalid UTF-8. Making
/// one allocates nothing; it shares the reader's buffer and keeps it alive as
/// long as the record is held, so holding on to records is safe (the reader
/// then reads on into a new buffer). Convert explicitly with ``string`` or
/// ``bytes`` when an owned value is wanted.
public struct Record: RandomAccessCollection, Sendable, CustomStringConvertible {
  @usableFromInline let storage: ByteStorage
  @usableFromInline let offset: Int

  /// The number of bytes in the record.
  public let count: Int

  @inlinable
  init(storage: ByteStorage, range: Range<Int>) {
    self.storage = storage
    self.offset = range.lowerBound
    self.count = range.count
  }

  /// The position of the first byte: always 0.
  @inlinable public var startIndex: Int { 0 }
  /// The position after the last byte: ``count``.
  @inlinable public var endIndex: Int { count }

  /// The byte at `position`, which must be in `0..<count`.
  @inlinable
  public subscript(position: Int) -> UInt8 {
    precondition(position >= 0 && position < count, "Record index out of range")
    return storage.base.load(fromByteOffset: offset + position, as: UInt8.self)
  }

  /// Calls `body` with the record's bytes; the pointer is valid only inside
  /// `body`.
  @inlinable
  public func withUnsafeBytes<Result>(
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) rethrows -> Result {
    try body(UnsafeRawBufferPointer(start: storage.base + offset, count: count))
  }

  /// Calls `body` with the record's bytes, which are always contiguous, and
  /// returns its result (never `nil`), so that standard-library algorithms
  /// on a record work on the buffer directly instead of byte by byte.
  @inlinable
  public func withContiguousStorageIfAvailable<Result>(
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
  ) rethrows -> Result? {
    try withUnsafeBytes { try body($0.assumingMemoryBound(to: UInt8.self)) }
  }

  /// Whether the record contains `needle`'s bytes anywhere.
  @inlinable
  public func contains(_ needle: some Collection<UInt8>) -> Bool {
    let found = needle.withContiguousStorageIfAvailable { needle in
      withUnsafeBytes { Self.find(UnsafeRawBufferPointer(needle), in: $0) }
    }
    return found ?? contains(Array(needle))
  }

  /// Whether the record contains the UTF-8 bytes of `needle` anywhere.
  ///
  /// Convenient for a one-off test; to look for the same string in many
  /// records, a ``RecordMatcher`` (`literal: true`) is several times faster:
  /// it picks the needle's rarest bytes once instead of scanning for the
  /// first byte.
  @inlinable
  public func contains(_ needle: String) -> Bool {
    var needle = needle
    return needle.withUTF8 { needle in
      withUnsafeBytes { Self.find(UnsafeRawBufferPointer(needle), in: $0) }
    }
  }

  /// Whether the record starts with the UTF-8 bytes of `prefix`.
  @inlinable
  public func hasPrefix(_ prefix: String) -> Bool {
    starts(with: prefix.utf8)
  }

  /// The record decoded as UTF-8, with invalid sequences replaced by U+FFFD.
  public var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

  /// An owned copy of the record's bytes.
  public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

  /// The record as text, as ``string`` gives it.
  public var description: String { string }

  @usableFromInline
  static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
    guard let first = needle.first else { return true }
    guard needle.count <= haystack.count, let base = haystack.baseAddress else { return false }
    // memchr finds candidates at SIMD speed; memcmp confirms them. (glibc's
    // memmem is not exported to Swift without _GNU_SOURCE.)
    let last = base + (haystack.count - needle.count)
    var cursor = base
    while cursor <= last,
      let hit = memchr(cursor, Int32(first), cursor.distance(to: last) + 1)
    {
      if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return true }
      cursor = UnsafeRawPointer(hit) + 1
    }
    return false
  }
}

extension Record: Equatable {
  /// Two records are equal when their bytes are.
  public static func == (lhs: Record, rhs: Record) -> Bool {
    lhs.count == rhs.count
      && lhs.withUnsafeBytes { a in
        rhs.withUnsafeBytes { b in
          a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
        }
      }
  }
}
