#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// `stats`: summarises the numbers in one field of every record and, at the
/// end, passes on eight records `NAME<TAB>VALUE`: `count`, `sum`, `min`,
/// `max`, `mean`, `p50`, `p90`, `p99`.
///
/// Count, sum, min and max are exact (the sum while the numbers are
/// integers); the mean is a `Double`; the percentiles come from a
/// ``QuantileSketch`` and are within 0.5% of the exact values. With no
/// numbers, `count` is 0 and the other seven values are empty. A record
/// whose field is missing, empty or not a number throws a ``RecordProblem``.
public final class StatsStage: Stage {
  private let next: any Stage
  /// Fields and summary in one stored property, so that a record costs one
  /// dynamic exclusivity check, not one per property.
  private var state: State
  /// The summary so far.
  public var summary: NumericSummary { state.summary }

  private struct State {
    var fields: NumberFields
    var summary = NumericSummary()

    mutating func take(_ record: Record) throws(RecordProblem) {
      try fields.read(record)
      summary.add(fields.numbers[0])
    }
  }

  /// The percentiles written, as names and quantiles.
  static let percentiles: [(name: String, quantile: Double)] = [
    ("p50", 0.5), ("p90", 0.9), ("p99", 0.99),
  ]

  /// Creates `stats` of field `field` (from 1, or negative from the end),
  /// with fields separated as `delimiter` says, passing its result to `next`.
  public init(field: Int = 1, delimiter: FieldSplitter.Delimiter = .blanks, next: any Stage) {
    precondition(field != 0, "fields are numbered from 1")
    self.next = next
    let list = try! FieldList(parsing: String(field))
    state = State(fields: NumberFields(stage: "stats", list: list, delimiter: delimiter))
  }

  /// Adds a summary made elsewhere (another part of the input).
  public func add(_ other: NumericSummary) { state.summary.merge(other) }

  /// Adds the record's numbers; passes nothing on.
  ///
  /// - Throws: ``RecordProblem`` when a selected field is missing, empty or
  ///   not a number; the record then adds nothing.
  public func process(_ record: Record) throws -> Flow {
    try state.take(record)
    return .more
  }

  /// `value` to five significant digits: the sketch is good to 0.5%, so more
  /// digits of a percentile would only be noise (25211.914501482817 prints as
  /// 25212).
  static func significant(_ value: Double) -> Double {
    guard value != 0 && value.isFinite else { return value }
    let scale = pow(10, 4 - floor(log10(value.magnitude)))
    return (value * scale).rounded() / scale
  }

  /// Passes on the result, then finishes the next stage.
  public func finish() throws {
    let summary = state.summary
    var lines: [(String, String?)] = [
      ("count", String(summary.count)),
      ("sum", summary.count > 0 ? summary.sum.value.description : nil),
      ("min", summary.minimum?.description),
      ("max", summary.maximum?.description),
      ("mean", summary.mean.map(Number.format)),
    ]
    for (name, q) in Self.percentiles {
      lines.append((name, summary.quantile(q).map { Number.format(Self.significant($0)) }))
    }
    var builder = RecordBuilder(capacity: 64)
    for (name, value) in lines {
      builder.reset()
      builder.append(name)
      builder.append(0x09)
      if let value { builder.append(value) }
      if try next.process(builder.finish()) == .stop { break }
    }
    try next.finish()
  }
}
