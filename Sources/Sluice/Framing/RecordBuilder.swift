/// Builds records from bytes that are not in the input (selected fields, a
/// count and a key), reusing one buffer while nobody holds the records it
/// built before.
public struct RecordBuilder {
  private var storage: ByteStorage
  private var used = 0

  /// Creates a builder with room for `capacity` bytes to start with.
  public init(capacity: Int = 4096) {
    storage = ByteStorage(capacity: max(capacity, 16))
  }

  /// Starts a new record, dropping what was appended since the last
  /// ``finish()``.
  public mutating func reset() {
    if !isKnownUniquelyReferenced(&storage) {
      storage = ByteStorage(capacity: storage.capacity)
    }
    used = 0
  }

  /// Appends bytes.
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    reserve(bytes.count)
    if let base = bytes.baseAddress {
      (storage.base + used).copyMemory(from: base, byteCount: bytes.count)
    }
    used += bytes.count
  }

  /// Appends one byte.
  public mutating func append(_ byte: UInt8) {
    reserve(1)
    storage.base.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
    used += 1
  }

  /// Appends the bytes of `record`.
  public mutating func append(_ record: Record) {
    record.withUnsafeBytes { append($0) }
  }

  /// Appends the UTF-8 bytes of `text`.
  public mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
  }

  /// The record built since the last ``reset()``.
  public func finish() -> Record {
    Record(storage: storage, range: 0..<used)
  }

  private mutating func reserve(_ count: Int) {
    guard used + count > storage.capacity else { return }
    let capacity = max(storage.capacity * 2, used + count)
    if isKnownUniquelyReferenced(&storage) {
      storage.resize(to: capacity)
    } else {
      let fresh = ByteStorage(capacity: capacity)
      fresh.base.copyMemory(from: storage.base, byteCount: used)
      storage = fresh
    }
  }
}
