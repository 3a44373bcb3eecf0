/// How the output is encoded on its way out.
public enum OutputEncoding: Sendable, Equatable {
  /// The bytes as they are.
  case plain
  /// One gzip member, compressed at `level` (1 fastest to 9 smallest).
  case gzip(level: Int)

  /// gzip for a path ending in `.gz` (at `level`, 6 as gzip's default when
  /// nil), plain otherwise.
  public init(forPath path: String, level: Int? = nil) {
    self = path.hasSuffix(".gz") ? .gzip(level: level ?? 6) : .plain
  }
}
