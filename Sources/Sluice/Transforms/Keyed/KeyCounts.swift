/// The state of `count-by`: how many times each key (a byte string) was seen.
///
/// Counting a key that is already there allocates nothing; memory grows with
/// the number of distinct keys: about 23–35 bytes per key plus the key's
/// bytes (keys and counts in one arena, and an open-addressing index).
/// Counts made separately (by threads, per input) combine with
/// ``merge(_:)``, and the result is the same as one pass over all the records.
public struct KeyCounts: Sendable {
  private var table: ByteKeyTable

  /// Creates an empty state with room for about `minimumCapacity` keys.
  public init(minimumCapacity: Int = 0) {
    table = ByteKeyTable(valueSize: MemoryLayout<Int>.size, minimumCapacity: minimumCapacity)
  }

  /// The number of distinct keys.
  public var keyCount: Int { table.count }

  /// Whether no key was counted.
  public var isEmpty: Bool { table.isEmpty }

  /// The sum of all counts.
  public var total: Int {
    var total = 0
    table.forEachEntry { total += table.value(of: $0, as: Int.self) }
    return total
  }

  /// Adds `count` to the count of `key` (a key not seen before starts at 0).
  @inline(__always)
  public mutating func add(_ key: UnsafeRawBufferPointer, count: Int = 1) {
    let entry = table.insert(key).entry
    table.setValue(table.value(of: entry, as: Int.self) &+ count, of: entry)
  }

  /// Adds `count` to the count of the key made of `bytes`.
  public mutating func add(bytes key: [UInt8], count: Int = 1) {
    key.withUnsafeBytes { add($0, count: count) }
  }

  /// The count of `key`: 0 when it was never added.
  public func count(of key: UnsafeRawBufferPointer) -> Int {
    table.find(key).map { table.value(of: $0, as: Int.self) } ?? 0
  }

  /// The count of the key made of `bytes`: 0 when it was never added.
  public func count(of key: [UInt8]) -> Int {
    key.withUnsafeBytes { count(of: $0) }
  }

  /// Adds every count of `other` to this state.
  public mutating func merge(_ other: KeyCounts) {
    let source = other.table
    source.forEachEntry { entry in
      source.withKey(of: entry) { add($0, count: source.value(of: entry, as: Int.self)) }
    }
  }

  /// Calls `body` with each key and its count, in the order the keys were
  /// first added; the key view is valid only inside `body`.
  public func forEachKey(_ body: (_ key: UnsafeRawBufferPointer, _ count: Int) throws -> Void)
    rethrows
  {
    try table.forEachEntry { entry in
      try table.withKey(of: entry) { try body($0, table.value(of: entry, as: Int.self)) }
    }
  }

  /// Calls `body` with each key and its count, highest count first and equal
  /// counts by key bytewise (as memcmp orders them, a key before the longer
  /// keys it starts), until `body` returns `.stop`. The key view is valid only
  /// inside `body`. Sorting allocates one array of 24 bytes per key.
  public func forEachSorted(
    _ body: (_ key: UnsafeRawBufferPointer, _ count: Int) throws -> Flow
  ) rethrows {
    for item in sortedItems() {
      if try table.withKey(of: item.entry, { try body($0, item.count) }) == .stop { return }
    }
  }

  /// Every key with its count, in the order of ``forEachSorted(_:)``, as
  /// owned copies.
  public func sorted() -> [(key: [UInt8], count: Int)] {
    sortedItems().map { (table.keyBytes(of: $0.entry), $0.count) }
  }

  private struct SortItem {
    var count: Int
    /// The key's first 8 bytes, so that most comparisons need no memcmp.
    var prefix: UInt64
    var entry: Int
  }

  private func sortedItems() -> [SortItem] {
    let table = self.table
    var items: [SortItem] = []
    items.reserveCapacity(table.count)
    table.forEachEntry { entry in
      items.append(
        SortItem(
          count: table.value(of: entry, as: Int.self), prefix: table.sortPrefix(of: entry),
          entry: entry))
    }
    items.sort { a, b in
      if a.count != b.count { return a.count > b.count }
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      return table.compareKeys(a.entry, b.entry) < 0
    }
    return items
  }
}

extension KeyCounts: Equatable {
  /// Two states are equal when they have the same keys with the same counts,
  /// whatever the order the keys came in.
  public static func == (lhs: KeyCounts, rhs: KeyCounts) -> Bool {
    guard lhs.keyCount == rhs.keyCount else { return false }
    var equal = true
    lhs.forEachKey { key, count in
      if equal {
        equal = rhs.table.find(key).map { rhs.table.value(of: $0, as: Int.self) == count } ?? false
      }
    }
    return equal
  }
}
