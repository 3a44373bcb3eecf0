#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A mergeable summary of a stream of numbers that answers quantiles
/// (median, p90, p99) within a relative error, in bounded memory (the idea of
/// DDSketch: Masson, Rim and Lee, VLDB 2019).
///
/// Values are counted in logarithmic buckets: with `α` the relative accuracy
/// and `γ = (1+α)/(1−α)`, bucket `i` holds the values in `(γ^(i−1), γ^i]` and
/// stands for `2γ^i/(γ+1)`, which is within `α` of every value in it.
/// Positive and negative values (by magnitude) have separate stores, and
/// zeros a count of their own. A quantile is answered with the
/// representative of the bucket that holds the value of that rank, so it is
/// within `α` of the exact value (with `α = 0.005`, within 0.5%).
///
/// **Memory.** Each store keeps at most ``maxBucketsPerSign`` buckets, in a
/// fixed array of that many counts (2048 × 8 bytes = 16 KiB per sign by
/// default, allocated on the first value of that sign), whatever the number
/// of values. When the values of one sign span more buckets than that, the
/// buckets nearest zero are collapsed into the lowest kept one: 2048 buckets
/// with `α = 0.005` cover a ratio of `γ^2048 ≈ 7.8×10^8` between the smallest
/// and largest magnitude, so the accuracy guarantee holds for magnitudes down
/// to the largest one divided by 7.8×10^8; smaller ones are reported as that
/// bound (too large in magnitude). Which buckets are collapsed depends only
/// on the largest magnitude seen, so adding the values in any order, or
/// merging sketches of parts of them, gives the same buckets.
public struct QuantileSketch: Sendable, Equatable {
  /// The relative accuracy `α`: quantiles are within `α × value` of exact.
  public let relativeAccuracy: Double
  /// The most buckets kept for each sign.
  public let maxBucketsPerSign: Int
  private let gamma: Double
  private let logGamma: Double
  private let inverseLogGamma: Double
  /// `log(2/(γ+1))`: the representative of bucket `i` is `exp(i·log γ + this)`.
  private let logRepresentativeFactor: Double
  private var positive: BucketStore
  private var negative: BucketStore
  /// How many zeros were added.
  public private(set) var zeroCount = 0

  /// Creates an empty sketch.
  ///
  /// - Parameters:
  ///   - relativeAccuracy: `α`, in `(0, 1)`; 0.005 keeps quantiles within
  ///     0.5%.
  ///   - maxBucketsPerSign: the cap on buckets per sign (at least 2); see
  ///     the memory note above.
  public init(relativeAccuracy: Double = 0.005, maxBucketsPerSign: Int = 2048) {
    precondition(
      relativeAccuracy > 0 && relativeAccuracy < 1, "relative accuracy must be in (0, 1)")
    precondition(maxBucketsPerSign >= 2, "a sketch needs at least 2 buckets per sign")
    self.relativeAccuracy = relativeAccuracy
    self.maxBucketsPerSign = maxBucketsPerSign
    gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    logGamma = log(gamma)
    inverseLogGamma = 1 / logGamma
    logRepresentativeFactor = log(2 / (gamma + 1))
    positive = BucketStore(limit: maxBucketsPerSign)
    negative = BucketStore(limit: maxBucketsPerSign)
  }

  /// The number of values added.
  public var count: Int { positive.total + negative.total + zeroCount }

  /// The number of non-empty buckets, both signs together (at most
  /// `2 × maxBucketsPerSign`).
  public var bucketCount: Int { positive.nonEmptyCount + negative.nonEmptyCount }

  /// Adds one value, which must be finite.
  public mutating func add(_ value: Double) {
    precondition(value.isFinite, "a sketch takes finite values only")
    if value > 0 {
      positive.add(index(of: value), count: 1)
    } else if value < 0 {
      negative.add(index(of: -value), count: 1)
    } else {
      zeroCount += 1
    }
  }

  /// Adds the values of another sketch, which must have the same accuracy and
  /// bucket cap. The result is the sketch of all the values of both.
  public mutating func merge(_ other: QuantileSketch) {
    precondition(
      other.relativeAccuracy == relativeAccuracy && other.maxBucketsPerSign == maxBucketsPerSign,
      "merging sketches with different parameters")
    positive.merge(other.positive)
    negative.merge(other.negative)
    zeroCount += other.zeroCount
  }

  /// The estimated `q`-quantile (`q` in `0...1`; 0.5 is the median), or `nil`
  /// when the sketch is empty.
  ///
  /// The rank taken is `⌊q × (count − 1)⌋` (counted from 0 in sorted order),
  /// and the answer is the representative of the bucket holding that value.
  public func quantile(_ q: Double) -> Double? {
    precondition(q >= 0 && q <= 1, "a quantile must be in 0...1")
    guard count > 0 else { return nil }
    let rank = Int((q * Double(count - 1)).rounded(.down))
    var seen = 0
    if negative.total > 0 {
      for index in stride(from: negative.maxIndex, through: negative.minIndex, by: -1) {
        seen += negative[index]
        if seen > rank { return -representative(of: index) }
      }
    }
    seen += zeroCount
    if seen > rank { return 0 }
    for index in positive.minIndex...positive.maxIndex {
      seen += positive[index]
      if seen > rank { return representative(of: index) }
    }
    preconditionFailure("quantile rank beyond the count")
  }

  /// The non-empty buckets, from the most negative values to the most
  /// positive, each as its representative value and count (zeros as value
  /// 0): for looking inside, and for tests.
  public var buckets: [(value: Double, count: Int)] {
    var result: [(value: Double, count: Int)] = []
    if negative.total > 0 {
      for index in stride(from: negative.maxIndex, through: negative.minIndex, by: -1)
      where negative[index] > 0 {
        result.append((-representative(of: index), negative[index]))
      }
    }
    if zeroCount > 0 { result.append((0, zeroCount)) }
    if positive.total > 0 {
      for index in positive.minIndex...positive.maxIndex where positive[index] > 0 {
        result.append((representative(of: index), positive[index]))
      }
    }
    return result
  }

  /// Two sketches are equal when they have the same parameters and the same
  /// counts in the same buckets.
  public static func == (lhs: QuantileSketch, rhs: QuantileSketch) -> Bool {
    lhs.relativeAccuracy == rhs.relativeAccuracy && lhs.maxBucketsPerSign == rhs.maxBucketsPerSign
      && lhs.zeroCount == rhs.zeroCount && lhs.positive == rhs.positive
      && lhs.negative == rhs.negative
  }

  /// The bucket of a positive finite value: `⌈log_γ(value)⌉`.
  @inline(__always)
  private func index(of magnitude: Double) -> Int {
    Int((log(magnitude) * inverseLogGamma).rounded(.up))
  }

  /// `2γ^i/(γ+1)`, computed in logs so that it does not overflow for the
  /// largest doubles.
  private func representative(of index: Int) -> Double {
    min(exp(Double(index) * logGamma + logRepresentativeFactor), .greatestFiniteMagnitude)
  }
}

/// The bucket counts of one sign: at most `limit` consecutive bucket indices,
/// in a ring of `limit` counts (bucket `i` in slot `i mod limit`), so that the
/// window moves without copying.
private struct BucketStore: Sendable {
  let limit: Int
  private var counts: [Int] = []
  /// The lowest and highest non-empty bucket, when `total > 0`.
  private(set) var minIndex = 0
  private(set) var maxIndex = 0
  /// The number of values counted.
  private(set) var total = 0

  init(limit: Int) { self.limit = limit }

  subscript(index: Int) -> Int { counts[slot(index)] }

  var nonEmptyCount: Int {
    guard total > 0 else { return 0 }
    return (minIndex...maxIndex).count { counts[slot($0)] > 0 }
  }

  /// Counts `count` values in bucket `index`, collapsing the lowest buckets
  /// into the lowest kept one when the span would pass `limit`: afterwards
  /// the buckets kept are at most `limit` up to the highest.
  mutating func add(_ index: Int, count: Int) {
    var index = index
    if total == 0 {
      if counts.isEmpty { counts = Array(repeating: 0, count: limit) }
      minIndex = index
      maxIndex = index
    } else if index > maxIndex {
      let lowest = index - limit + 1
      if lowest > minIndex {
        // Fold the buckets below `lowest` into it. Their slots are the ones
        // the buckets above `maxIndex` take, so they must be emptied anyway.
        var folded = 0
        for old in minIndex..<min(lowest, maxIndex + 1) {
          folded += counts[slot(old)]
          counts[slot(old)] = 0
        }
        counts[slot(lowest)] += folded
        minIndex = lowest
      }
      maxIndex = index
    } else if index < minIndex {
      // The highest bucket stays; below the window, values go to its floor.
      index = max(index, maxIndex - limit + 1)
      minIndex = index
    }
    counts[slot(index)] += count
    total += count
  }

  /// Adds the counts of another store with the same limit.
  mutating func merge(_ other: BucketStore) {
    guard other.total > 0 else { return }
    // Highest first, so the window is placed once and the rest fall in it.
    for index in stride(from: other.maxIndex, through: other.minIndex, by: -1) {
      let count = other[index]
      if count > 0 { add(index, count: count) }
    }
  }

  @inline(__always)
  private func slot(_ index: Int) -> Int {
    let remainder = index % limit
    return remainder < 0 ? remainder + limit : remainder
  }
}

extension BucketStore: Equatable {
  /// Equal when the same buckets hold the same counts, wherever the ring
  /// happens to start.
  static func == (lhs: BucketStore, rhs: BucketStore) -> Bool {
    guard lhs.limit == rhs.limit, lhs.total == rhs.total else { return false }
    guard lhs.total > 0 else { return true }
    guard lhs.minIndex == rhs.minIndex, lhs.maxIndex == rhs.maxIndex else { return false }
    return (lhs.minIndex...lhs.maxIndex).allSatisfy { lhs[$0] == rhs[$0] }
  }
}
