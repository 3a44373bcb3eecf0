/// The state of `stats`: count, sum, minimum and maximum kept exactly, and a
/// ``QuantileSketch`` for the percentiles. Summaries of parts of the input
/// combine with ``merge(_:)`` into the summary of the whole.
public struct NumericSummary: Equatable, Sendable {
  /// How many numbers were added.
  public private(set) var count = 0
  /// Their sum, exact while they are integers (see ``NumberSum``).
  public private(set) var sum = NumberSum()
  /// The smallest number, exactly as read; `nil` when empty.
  public private(set) var minimum: Number?
  /// The largest number, exactly as read; `nil` when empty.
  public private(set) var maximum: Number?
  /// The sketch the percentiles come from.
  public private(set) var sketch: QuantileSketch

  /// Creates an empty summary whose sketch has the given parameters (see
  /// ``QuantileSketch/init(relativeAccuracy:maxBucketsPerSign:)``).
  public init(relativeAccuracy: Double = 0.005, maxBucketsPerSign: Int = 2048) {
    sketch = QuantileSketch(
      relativeAccuracy: relativeAccuracy, maxBucketsPerSign: maxBucketsPerSign)
  }

  /// Adds one number.
  public mutating func add(_ number: Number) {
    count += 1
    sum.add(number)
    if minimum.map({ number.isLess(than: $0) }) ?? true { minimum = number }
    if maximum.map({ $0.isLess(than: number) }) ?? true { maximum = number }
    sketch.add(number.doubleValue)
  }

  /// Adds a summary of other numbers (its sketch must have the same
  /// parameters).
  public mutating func merge(_ other: NumericSummary) {
    count += other.count
    sum.merge(other.sum)
    if let low = other.minimum, minimum.map({ low.isLess(than: $0) }) ?? true { minimum = low }
    if let high = other.maximum, maximum.map({ $0.isLess(than: high) }) ?? true { maximum = high }
    sketch.merge(other.sketch)
  }

  /// The mean, or `nil` when empty.
  public var mean: Double? {
    guard count > 0 else { return nil }
    return sum.value.doubleValue / Double(count)
  }

  /// The estimated `q`-quantile (see ``QuantileSketch/quantile(_:)``), or
  /// `nil` when empty. The sketch's answer is kept between the exact minimum
  /// and maximum, which can only bring it closer to the true value (and makes
  /// it exact when all the numbers are equal).
  public func quantile(_ q: Double) -> Double? {
    guard let estimate = sketch.quantile(q), let minimum, let maximum else { return nil }
    return min(max(estimate, minimum.doubleValue), maximum.doubleValue)
  }
}
