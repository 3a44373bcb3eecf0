import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Counts how far a run has come, from every thread that reads: bytes read
/// as stored, bytes decoded, records framed. Updated once per buffer (or per
/// batch of records), so counting costs nothing measurable.
public final class ProgressMeter: Sendable {
  private let stored = Atomic<Int>(0)
  private let decoded = Atomic<Int>(0)
  private let framed = Atomic<Int>(0)
  /// The size of all inputs as stored, when every one is a regular file.
  public let totalStoredBytes: Int?

  /// A meter for inputs of `totalStoredBytes` in all (`nil`: not known).
  public init(totalStoredBytes: Int?) {
    self.totalStoredBytes = totalStoredBytes
  }

  /// A meter for `sources`, whose total is known when all are regular files.
  public convenience init(measuring sources: [InputSource]) {
    var total = 0
    for source in sources {
      guard case .file(let path) = source, let size = Self.regularFileSize(path) else {
        self.init(totalStoredBytes: nil)
        return
      }
      total += size
    }
    self.init(totalStoredBytes: total)
  }

  private static func regularFileSize(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// What the meter shows at one moment.
  public struct Reading: Equatable, Sendable {
    /// Bytes read from the inputs as stored (compressed or not).
    public var storedBytes: Int
    /// Bytes after decoding.
    public var decodedBytes: Int
    /// Records framed so far (0 when the program does not frame records).
    public var records: Int
    /// The size of all inputs as stored, when known.
    public var totalStoredBytes: Int?

    /// A reading of these figures.
    public init(storedBytes: Int, decodedBytes: Int, records: Int, totalStoredBytes: Int?) {
      self.storedBytes = storedBytes
      self.decodedBytes = decodedBytes
      self.records = records
      self.totalStoredBytes = totalStoredBytes
    }
  }

  /// The figures now.
  public var reading: Reading {
    Reading(
      storedBytes: stored.load(ordering: .relaxed), decodedBytes: decoded.load(ordering: .relaxed),
      records: framed.load(ordering: .relaxed), totalStoredBytes: totalStoredBytes)
  }

  func addStored(_ count: Int) { stored.add(count, ordering: .relaxed) }
  func addDecoded(_ count: Int) { decoded.add(count, ordering: .relaxed) }
  func addRecords(_ count: Int) { framed.add(count, ordering: .relaxed) }
}
