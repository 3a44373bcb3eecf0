/// `since TIME` and `until TIME`: keep the records whose time is in a
/// window, inclusive at its start, exclusive at its end, so that adjacent
/// windows never share a record.
///
/// A record's time is its first timestamp (or its JSON field's, as
/// ``TimeSettings`` say), else the last one seen in its input; a record
/// before any has no time and is dropped.
public final class TimeWindowStage: Stage {
  /// Which edge of the window the stage holds.
  public enum Edge: Sendable {
    /// Keep records at or after the instant.
    case since(Timestamp)
    /// Keep records before the instant. When `stopsEarly`, the records are
    /// taken to be in time order, and the stage wants no more of an input
    /// after a record more than ``TimeWindowStage/lateness`` past the end.
    case until(Timestamp, stopsEarly: Bool)
  }

  /// How far past `until`'s end a record must be before the stage gives up
  /// on its input: lines logged a little out of order (a web server writes
  /// a request when it ends, stamped with when it began) are still kept.
  public static let lateness: Int64 = 60

  private let edge: Edge
  private let next: any Stage
  private var clock: RecordClock

  /// Creates a stage keeping the records inside `edge`, reading times as
  /// `settings` say, and passing them to `next`.
  public init(_ edge: Edge, settings: TimeSettings, next: any Stage) {
    self.edge = edge
    self.next = next
    switch edge {
    case .since: clock = RecordClock(settings, stage: "since")
    case .until: clock = RecordClock(settings, stage: "until")
    }
  }

  /// Passes the record on when its time is inside the window, and drops it
  /// otherwise (or when it has no time). With an `until` edge that stops
  /// early, a record past the end by ``lateness`` seconds or more answers
  /// ``Flow/nextInput``.
  ///
  /// - Throws: ``RecordProblem`` when times are read from a JSON field and
  ///   the record is not valid JSON, or the next stage's error.
  public func process(_ record: Record) throws -> Flow {
    guard let time = try clock.time(of: record) else { return .more }
    switch edge {
    case .since(let start):
      return time >= start ? try next.process(record) : .more
    case .until(let end, let stopsEarly):
      if time < end { return try next.process(record) }
      return stopsEarly && time >= end.adding(seconds: Self.lateness) ? .nextInput : .more
    }
  }

  /// Finishes the next stage: the window holds nothing back.
  public func finish() throws { try next.finish() }
}
