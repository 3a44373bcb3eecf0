/// Records counted per time bucket: the state of `timeline`, which merges
/// with the counts of other inputs by adding.
///
/// Buckets are ``width`` long on a zone's wall clock, counted from Monday
/// 1970-01-05 00:00 there, so that days start at midnight and weeks on
/// Monday. Memory grows with the number of buckets that have records, about
/// 50 bytes each.
public struct TimelineCounts: Sendable, Equatable {
  /// The length of a bucket, in seconds.
  public let width: Int64
  /// Records per bucket, keyed by the bucket's start in seconds since
  /// 1970-01-01T00:00 on the zone's wall clock.
  public private(set) var counts: [Int64: Int] = [:]

  /// The first Monday after the epoch, where buckets are counted from.
  static let origin: Int64 = 4 * 86_400

  /// Empty counts in buckets `width` seconds long.
  public init(width: Int64) {
    precondition(width > 0, "a bucket lasts more than 0 seconds")
    self.width = width
  }

  /// Counts one record at `wallSeconds` on the zone's clock.
  public mutating func add(wallSeconds: Int64) {
    let shifted = wallSeconds - Self.origin
    let index = shifted >= 0 ? shifted / width : (shifted + 1) / width - 1
    counts[index * width + Self.origin, default: 0] += 1
  }

  /// Adds counts made elsewhere (another input, another thread).
  public mutating func merge(_ other: TimelineCounts) {
    precondition(other.width == width, "timelines of different bucket widths")
    counts.merge(other.counts, uniquingKeysWith: +)
  }

  /// Every bucket from the first with records to the last, empty ones
  /// included, in time order: the start of each (on the wall clock) and
  /// its count.
  public var buckets: some Sequence<(start: Int64, count: Int)> {
    let first = counts.keys.min() ?? 0
    let last = counts.keys.max() ?? -width
    let counts = self.counts
    return stride(from: first, through: last, by: Int(width)).lazy.map { start in
      (start, counts[start] ?? 0)
    }
  }
}
