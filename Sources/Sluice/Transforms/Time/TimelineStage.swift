/// `timeline INTERVAL`: counts records per time bucket and at the end passes
/// on one `BUCKET_START<TAB>COUNT` record per bucket, from the first with
/// records to the last, empty ones included, in time order; with a bar
/// width, a bar of block characters after another TAB, the longest for the
/// busiest bucket.
///
/// Bucket starts are ISO 8601 on the zone's wall clock, with the zone's
/// offset (`Z` for UTC). In a zone that changes its clocks, the hour they
/// go back counts both hours, and the hour they skip has no bucket. A
/// record without a time of its own counts at the last time seen in its
/// input; before any, it is not counted.
public final class TimelineStage: Stage {
  private let next: any Stage
  private var state: State
  private let barWidth: Int?
  /// The counts so far.
  public var counts: TimelineCounts { state.counts }

  /// Clock and counts in one stored property: one exclusivity check per record.
  private struct State {
    var clock: RecordClock
    var zone: ZoneClock
    var counts: TimelineCounts
  }

  /// Creates a stage counting records in buckets `width` long, reading times
  /// and bucketing on the clock `settings` say; with `barWidth` (columns for
  /// the longest bar) it draws bars.
  public init(width: TimeSpan, settings: TimeSettings, barWidth: Int? = nil, next: any Stage) {
    state = State(
      clock: RecordClock(settings, stage: "timeline"), zone: ZoneClock(settings.zone),
      counts: TimelineCounts(width: width.seconds))
    self.barWidth = barWidth
    self.next = next
  }

  /// Adds counts made elsewhere (another input, another thread).
  public func add(_ other: TimelineCounts) { state.counts.merge(other) }

  /// Counts the record in the bucket of its time (the last time seen in its
  /// input when it has none); passes nothing on before ``finish()``.
  ///
  /// - Throws: ``RecordProblem`` when times are read from a JSON field and
  ///   the record is not valid JSON.
  public func process(_ record: Record) throws -> Flow {
    guard let time = try state.clock.time(of: record) else { return .more }
    let seconds = time.seconds
    state.counts.add(wallSeconds: seconds + Int64(state.zone.offset(atUTC: seconds)))
    return .more
  }

  /// Passes on one record per bucket, in time order, until the next stage
  /// wants no more, then finishes it.
  /// The most lines a timeline writes: more means times far apart (a stray
  /// `0001-01-01` in a message, or a bucket far too short), and tens of
  /// millions of empty lines would help nobody.
  public static let maximumBuckets = 10_000_000

  /// Passes on one line per bucket, then finishes `next`.
  ///
  /// - Throws: ``SluiceError/usage(_:)`` when the buckets from the first time
  ///   to the last are more than ``maximumBuckets``.
  public func finish() throws {
    if let first = state.counts.counts.keys.min(), let last = state.counts.counts.keys.max(),
      (last - first) / state.counts.width >= Int64(Self.maximumBuckets)
    {
      let from = state.zone.iso8601(utcSeconds: state.zone.utcSeconds(forLocal: first))
      let to = state.zone.iso8601(utcSeconds: state.zone.utcSeconds(forLocal: last))
      let width = TimeSpan(seconds: state.counts.width)
      throw SluiceError.usage(
        "timeline: \(width) buckets from \(from) to \(to) would be \((last - first) / state.counts.width + 1) "
          + "lines (more than \(Self.maximumBuckets)): a stray timestamp? Keep a window with "
          + "since/until, or take a longer INTERVAL")
    }
    let highest = state.counts.counts.values.max() ?? 0
    var line = RecordBuilder(capacity: 256)
    for (start, count) in state.counts.buckets {
      let utc = state.zone.utcSeconds(forLocal: start)
      let label = state.zone.iso8601(utcSeconds: utc)
      // A wall-clock time the zone skips (clocks going forward) has no bucket.
      guard state.zone.wallSeconds(ofUTC: utc) == start else { continue }
      line.reset()
      line.append(label)
      line.append(0x09)
      line.append(String(count))
      if let barWidth {
        line.append(0x09)
        line.append(Self.bar(count, of: highest, width: barWidth))
      }
      if try next.process(line.finish()) == .stop { break }
    }
    try next.finish()
  }

  /// A bar `width` columns long for `highest`, in eighths of a column.
  static func bar(_ count: Int, of highest: Int, width: Int) -> String {
    guard highest > 0, count > 0 else { return "" }
    let eighths = max(1, Int((Double(count) / Double(highest) * Double(width * 8)).rounded()))
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
  }

  /// The columns the longest bar may take on a terminal `columns` wide,
  /// after a bucket start and a count, each followed by a TAB.
  public static func barWidth(columns: Int) -> Int {
    // "2026-11-29T10:00:00+01:00" and a TAB reach column 32, a count of up
    // to 7 digits and a TAB column 40.
    max(10, columns - 41)
  }
}
