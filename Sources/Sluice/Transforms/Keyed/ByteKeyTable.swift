#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A hash table from byte strings to a small fixed-size value (a count, or
/// nothing for a set): the storage under ``KeyCounts`` and ``KeySet``.
///
/// Looking up a key that is present allocates nothing: keys are given as
/// `UnsafeRawBufferPointer` views (a record, a field) and compared in place,
/// and the value is updated in place.
///
/// Layout:
/// - the *arena*: one growing block (grown by `realloc`, which on Linux remaps
///   large blocks rather than copying them) holding one *entry* per key, back
///   to back in insertion order: the key's length (4 bytes), the value
///   (`valueSize` bytes), then the key's bytes. An entry is named by its
///   offset in the arena.
/// - the *index*: open addressing with linear probing, one 8-byte slot per
///   position holding 24 bits of the key's hash (checked before the arena is
///   touched) and the entry's offset plus one (40 bits; 0 is an empty slot).
///   It doubles when 70% full, so it has 1.4 to 2.9 slots per key. Growing
///   walks the arena in order and hashes each key again.
///
/// So a lookup touches two places in memory: a slot, and an entry whose
/// length, value and key bytes are side by side. Memory per key is
/// 4 + `valueSize` + the key's length in the arena (which grows by doubling)
/// plus 11–23 bytes of index: about 23–35 bytes plus the key for a count,
/// 15–27 plus the key for a set. It grows with the number of distinct keys
/// only. Limits: keys under 4 GiB each, arena under 1 TiB.
///
/// A value type: copies share storage until one of them changes. It is
/// `Sendable` because the arena it points into is written only while this
/// table is its sole owner.
struct ByteKeyTable: @unchecked Sendable {
  private var slots: [UInt64]
  /// Owns the arena's memory; `base`, `used` and `capacity` describe it.
  /// They are kept here rather than read from the class so that the hot path
  /// touches no class property (each such access costs a dynamic exclusivity
  /// check).
  private var arena: KeyArena
  private var base: UnsafeMutableRawPointer
  /// The bytes of the arena in use.
  private var used = 0
  private var capacity: Int
  /// The bytes of a value in each entry.
  let valueSize: Int
  /// The number of keys.
  private(set) var count = 0
  /// The sum of the keys' lengths.
  private(set) var keyBytes = 0

  private static let offsetBits: UInt64 = 40
  private static let offsetMask: UInt64 = (1 << offsetBits) - 1
  private static let lengthSize = MemoryLayout<UInt32>.size

  /// Creates an empty table whose entries hold `valueSize` bytes of value,
  /// with room for about `minimumCapacity` keys before the index grows.
  init(valueSize: Int, minimumCapacity: Int = 0) {
    precondition(valueSize >= 0)
    self.valueSize = valueSize
    var size = 16
    while size * 7 / 10 < minimumCapacity { size *= 2 }
    slots = Array(repeating: 0, count: size)
    capacity = 256
    arena = KeyArena(capacity: capacity)
    base = arena.base
  }

  /// Whether the table has no key.
  var isEmpty: Bool { count == 0 }

  /// The entry of `key`, or `nil` when it is not in the table.
  func find(_ key: UnsafeRawBufferPointer) -> Int? {
    let found = probe(key, hash: ByteHash.hash(key))
    return found.entry >= 0 ? found.entry : nil
  }

  /// Adds `key` unless it is there already; returns its entry and whether it
  /// was added (its value is then all zero bytes). The storage is made unique,
  /// so the value can be changed in place next.
  @inline(__always)
  mutating func insert(_ key: UnsafeRawBufferPointer) -> (entry: Int, inserted: Bool) {
    if !isKnownUniquelyReferenced(&arena) {
      capacity = max(used + used / 2, 256)
      arena = arena.copy(count: used, capacity: capacity)
      base = arena.base
    }
    let hash = ByteHash.hash(key)
    let found = probe(key, hash: hash)
    if found.entry >= 0 { return (found.entry, false) }
    return (add(key, hash: hash, at: found.slot), true)
  }

  /// Calls `body` with the key of `entry`; the view is valid only inside
  /// `body`.
  @inline(__always)
  func withKey<Result>(
    of entry: Int, _ body: (UnsafeRawBufferPointer) throws -> Result
  ) rethrows -> Result {
    try body(key(of: entry))
  }

  /// An owned copy of the key of `entry`.
  func keyBytes(of entry: Int) -> [UInt8] { Array(key(of: entry)) }

  /// The value of `entry`, read as a `T` of `valueSize` bytes.
  @inline(__always)
  func value<T: BitwiseCopyable>(of entry: Int, as type: T.Type) -> T {
    base.loadUnaligned(fromByteOffset: entry + Self.lengthSize, as: T.self)
  }

  /// Sets the value of `entry` (after ``insert(_:)``, which made the storage
  /// unique).
  @inline(__always)
  mutating func setValue<T: BitwiseCopyable>(_ value: T, of entry: Int) {
    assert(MemoryLayout<T>.size == valueSize)
    base.storeBytes(of: value, toByteOffset: entry + Self.lengthSize, as: T.self)
  }

  /// Calls `body` with each entry, in the order the keys were added.
  func forEachEntry(_ body: (Int) throws -> Void) rethrows {
    var entry = 0
    let end = used
    while entry < end {
      try body(entry)
      entry += Self.lengthSize + valueSize + length(of: entry)
    }
  }

  /// Orders the keys of entries `a` and `b` bytewise, as memcmp does (bytes
  /// unsigned; a key before the longer keys it starts): negative, zero or
  /// positive.
  func compareKeys(_ a: Int, _ b: Int) -> Int {
    let keyA = key(of: a)
    let keyB = key(of: b)
    let common = min(keyA.count, keyB.count)
    if common > 0 {
      let order = memcmp(keyA.baseAddress!, keyB.baseAddress!, common)
      if order != 0 { return Int(order) }
    }
    return keyA.count - keyB.count
  }

  /// The first 8 bytes of the key of `entry` as a big-endian number, padded
  /// with zero bytes: keys whose prefixes differ are ordered as their
  /// prefixes are (equal prefixes need ``compareKeys(_:_:)``).
  func sortPrefix(of entry: Int) -> UInt64 {
    let key = key(of: entry)
    var prefix: UInt64 = 0
    for index in 0..<8 {
      prefix <<= 8
      if index < key.count { prefix |= UInt64(key[index]) }
    }
    return prefix
  }

  // MARK: - Entries and index

  @inline(__always)
  private func length(of entry: Int) -> Int {
    Int(base.loadUnaligned(fromByteOffset: entry, as: UInt32.self))
  }

  @inline(__always)
  private func key(of entry: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(
      start: base + entry + Self.lengthSize + valueSize, count: length(of: entry))
  }

  @inline(__always)
  private static func tag(_ hash: UInt64) -> UInt64 { hash >> offsetBits }

  /// Finds `key`: its entry (or -1) and the slot it is in (or the empty slot
  /// where it would go).
  @inline(__always)
  private func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (entry: Int, slot: Int) {
    let tag = Self.tag(hash)
    return slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var position = Int(truncatingIfNeeded: hash) & mask
      while true {
        let slot = slots[position]
        if slot == 0 { return (-1, position) }
        if slot >> Self.offsetBits == tag {
          let entry = Int(truncatingIfNeeded: slot & Self.offsetMask) - 1
          let stored = self.key(of: entry)
          if stored.count == key.count
            && (key.count == 0 || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0)
          {
            return (entry, position)
          }
        }
        position = (position + 1) & mask
      }
    }
  }

  /// Appends a new entry for `key` and puts it in the empty `slot`.
  private mutating func add(_ key: UnsafeRawBufferPointer, hash: UInt64, at slot: Int) -> Int {
    precondition(key.count <= Int(UInt32.max), "key too long")
    let entry = used
    precondition(
      UInt64(entry + Self.lengthSize + valueSize + key.count) < Self.offsetMask, "too many keys")
    let size = Self.lengthSize + valueSize + key.count
    if used + size > capacity {
      capacity = max(capacity * 2, used + size)
      base = arena.resize(to: capacity)
    }
    let start = base + used
    start.storeBytes(of: UInt32(key.count), as: UInt32.self)
    (start + Self.lengthSize).initializeMemory(as: UInt8.self, repeating: 0, count: valueSize)
    if let source = key.baseAddress, key.count > 0 {
      (start + Self.lengthSize + valueSize).copyMemory(from: source, byteCount: key.count)
    }
    used += size
    slots[slot] = Self.tag(hash) << Self.offsetBits | UInt64(entry + 1)
    count += 1
    keyBytes += key.count
    if count * 10 > slots.count * 7 { grow() }
    return entry
  }

  /// Doubles the index, hashing every key again in arena order.
  private mutating func grow() {
    var larger = [UInt64](repeating: 0, count: slots.count * 2)
    larger.withUnsafeMutableBufferPointer { larger in
      let mask = larger.count - 1
      forEachEntry { entry in
        let hash = ByteHash.hash(key(of: entry))
        var position = Int(truncatingIfNeeded: hash) & mask
        while larger[position] != 0 { position = (position + 1) & mask }
        larger[position] = Self.tag(hash) << Self.offsetBits | UInt64(entry + 1)
      }
    }
    slots = larger
  }
}

/// The memory of a ``ByteKeyTable``'s arena. The table changes it only while
/// it is the sole owner (copy on write), hence `Sendable`.
final class KeyArena: @unchecked Sendable {
  private(set) var base: UnsafeMutableRawPointer

  init(capacity: Int) {
    guard let memory = malloc(capacity) else { fatalError("out of memory (\(capacity) bytes)") }
    base = memory
  }

  deinit { free(base) }

  /// A new arena of `capacity` bytes starting with the first `count` bytes
  /// of this one.
  func copy(count: Int, capacity: Int) -> KeyArena {
    let copy = KeyArena(capacity: capacity)
    copy.base.copyMemory(from: base, byteCount: count)
    return copy
  }

  /// Resizes the block, keeping its bytes, and returns its new address.
  func resize(to capacity: Int) -> UnsafeMutableRawPointer {
    guard let memory = realloc(base, capacity) else {
      fatalError("out of memory (\(capacity) bytes)")
    }
    base = memory
    return memory
  }
}
