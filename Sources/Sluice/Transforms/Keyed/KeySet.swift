/// The state of `distinct`: the set of keys (byte strings) seen so far, in
/// the order they were first seen.
///
/// Checking a key that is already there allocates nothing; memory grows with
/// the number of distinct keys: about 15–27 bytes per key plus the key's
/// bytes (keys in one arena, and an open-addressing index). Sets built
/// separately combine with ``merge(_:)``.
public struct KeySet: Sendable {
  private var table: ByteKeyTable

  /// Creates an empty set with room for about `minimumCapacity` keys.
  public init(minimumCapacity: Int = 0) {
    table = ByteKeyTable(valueSize: 0, minimumCapacity: minimumCapacity)
  }

  /// The number of keys.
  public var count: Int { table.count }

  /// Whether the set has no key.
  public var isEmpty: Bool { table.isEmpty }

  /// Adds `key` and tells whether it is new (was not in the set).
  @discardableResult
  public mutating func insert(_ key: UnsafeRawBufferPointer) -> Bool {
    table.insert(key).inserted
  }

  /// Adds the key made of `bytes` and tells whether it is new.
  @discardableResult
  public mutating func insert(bytes key: [UInt8]) -> Bool {
    key.withUnsafeBytes { insert($0) }
  }

  /// Whether `key` is in the set.
  public func contains(_ key: UnsafeRawBufferPointer) -> Bool { table.find(key) != nil }

  /// Whether the key made of `bytes` is in the set.
  public func contains(bytes key: [UInt8]) -> Bool { key.withUnsafeBytes { contains($0) } }

  /// Adds the keys of `other` that are not in this set, in `other`'s order.
  public mutating func merge(_ other: KeySet) {
    other.forEachKey { insert($0) }
  }

  /// Calls `body` with each key in the order it was first added; the view is
  /// valid only inside `body`.
  public func forEachKey(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    try table.forEachEntry { try table.withKey(of: $0, body) }
  }

  /// The keys in the order they were first added, as owned copies.
  public var keys: [[UInt8]] {
    var keys: [[UInt8]] = []
    keys.reserveCapacity(count)
    forEachKey { keys.append(Array($0)) }
    return keys
  }
}

extension KeySet: Equatable {
  /// Two sets are equal when they hold the same keys, whatever their order.
  public static func == (lhs: KeySet, rhs: KeySet) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var equal = true
    lhs.forEachKey { key in
      if equal && !rhs.contains(key) { equal = false }
    }
    return equal
  }
}
