import Foundation
import Sluice
import Testing

@Suite struct SketchTests {
  /// Values from several distributions, by name.
  static let distributions: [(String, @Sendable (inout SeededRandom) -> Double)] = [
    ("uniform", { Double.random(in: 0..<1000, using: &$0) }),
    ("uniform wide", { Double.random(in: -1e6..<1e6, using: &$0) }),
    ("exponential", { -log(1 - Double.random(in: 0..<1, using: &$0)) * 50 }),
    ("log-normal", { exp(normal(&$0) * 2 + 3) }),
    ("negative log-normal", { -exp(normal(&$0) + 1) }),
    ("integers with zeros", { Double(Int.random(in: -20...200, using: &$0)) }),
    ("pareto", { 1 / pow(1 - Double.random(in: 0..<1, using: &$0), 1 / 1.2) }),
  ]

  @Test(arguments: 0..<distributions.count)
  func everyPercentileIsWithinOnePercent(distribution: Int) {
    let (name, draw) = Self.distributions[distribution]
    var random = SeededRandom(seed: 42 + UInt64(distribution))
    let values = (0..<50_000).map { _ in draw(&random) }
    var sketch = QuantileSketch()
    for value in values { sketch.add(value) }
    #expect(sketch.count == values.count)
    let sorted = values.sorted()
    var worst = 0.0
    for percent in 1...99 {
      let q = Double(percent) / 100
      let exact = sorted[Int((q * Double(values.count - 1)).rounded(.down))]
      let estimate = sketch.quantile(q)!
      let error = exact == 0 ? abs(estimate) : abs(estimate - exact) / abs(exact)
      worst = max(worst, error)
      #expect(error <= 0.01, "\(name) p\(percent): \(estimate) for \(exact)")
    }
    // The guarantee is α = 0.5%, with a little room for rounding in log().
    #expect(worst <= 0.005 * (1 + 1e-9), "\(name): worst relative error \(worst)")
    #expect(sketch.quantile(0) == sketch.buckets.first!.value)
    #expect(sketch.quantile(1) == sketch.buckets.last!.value)
  }

  @Test func mergingPartsGivesTheSameBuckets() {
    var random = SeededRandom(seed: 3)
    let values = (0..<30_000).map { index -> Double in
      switch index % 4 {
      case 0: exp(normal(&random) * 3)
      case 1: -Double.random(in: 0..<100, using: &random)
      case 2: 0
      default: Double.random(in: 1e-3..<1e9, using: &random)
      }
    }
    var whole = QuantileSketch()
    for value in values { whole.add(value) }
    for parts in [2, 3, 7] {
      var merged = QuantileSketch()
      let size = (values.count + parts - 1) / parts
      for start in stride(from: 0, to: values.count, by: size) {
        var part = QuantileSketch()
        for value in values[start..<min(start + size, values.count)] { part.add(value) }
        merged.merge(part)
      }
      #expect(merged == whole)
      #expect(merged.buckets.map(\.count) == whole.buckets.map(\.count))
      for q in stride(from: 0.0, through: 1.0, by: 0.05) {
        #expect(merged.quantile(q) == whole.quantile(q))
      }
    }
    // Order does not matter either.
    var reversed = QuantileSketch()
    for value in values.reversed() { reversed.add(value) }
    #expect(reversed == whole)
  }

  @Test func negativesZerosAndOrder() {
    var sketch = QuantileSketch()
    for value in [-100.0, -1, 0, 0, 0, 1, 100] { sketch.add(value) }
    #expect(sketch.count == 7)
    #expect(sketch.zeroCount == 3)
    #expect(sketch.buckets.map(\.count) == [1, 1, 3, 1, 1])
    #expect(sketch.buckets.map(\.value) == sketch.buckets.map(\.value).sorted())
    #expect(sketch.quantile(0.5) == 0)
    let low = sketch.quantile(0)!
    #expect(abs(low + 100) <= 0.5)
    let high = sketch.quantile(1)!
    #expect(abs(high - 100) <= 0.5)
    #expect(sketch.quantile(1.0 / 6)! < 0 && sketch.quantile(1.0 / 6)! > -1.01)
    #expect(QuantileSketch().quantile(0.5) == nil)
    var zeros = QuantileSketch()
    zeros.add(0)
    zeros.add(-0.0)
    #expect(zeros.quantile(0.99) == 0)
  }

  @Test func extremeMagnitudes() {
    var sketch = QuantileSketch()
    for value in [Double.leastNormalMagnitude, 1e-300, 1, 1e300, .greatestFiniteMagnitude] {
      sketch.add(value)
      sketch.add(-value)
    }
    // Far apart values of one sign collapse into a few buckets, but nothing
    // overflows or traps.
    #expect(sketch.count == 10)
    #expect(sketch.quantile(1)!.isFinite)
    #expect(sketch.quantile(0)!.isFinite)
    var big = QuantileSketch()
    big.add(.greatestFiniteMagnitude)
    #expect(abs(big.quantile(0.5)! / .greatestFiniteMagnitude - 1) <= 0.005)
  }

  @Test func theBucketCapCollapsesTheSmallestMagnitudes() {
    let cap = 64
    var sketch = QuantileSketch(relativeAccuracy: 0.01, maxBucketsPerSign: cap)
    let gamma = 1.01 / 0.99
    // 1, γ, γ², … spread over 4 × cap buckets on each side.
    let values = (0..<(4 * cap)).map { pow(gamma, Double($0) + 0.5) }
    var shuffler = SeededRandom(seed: 1)
    for value in values.shuffled(using: &shuffler) {
      sketch.add(value)
      sketch.add(-value)
    }
    #expect(sketch.bucketCount == 2 * cap)
    #expect(sketch.count == 8 * cap)
    // The highest cap − 1 buckets are kept exactly; all lower values are
    // reported as the lowest kept bucket.
    let positive = sketch.buckets.filter { $0.value > 0 }
    #expect(positive.count == cap)
    #expect(positive.first!.count == 4 * cap - (cap - 1))
    #expect(positive.dropFirst().allSatisfy { $0.count == 1 })
    #expect(abs(sketch.quantile(1)! / values.last! - 1) <= 0.01)
    let lowestKept = values[values.count - cap]
    #expect(abs(positive.first!.value / lowestKept - 1) <= 0.01)
    #expect(sketch.quantile(0.5)! == -positive.first!.value)
    // Values below the window when it is full go to the lowest bucket too.
    sketch.add(1e-9)
    #expect(sketch.bucketCount == 2 * cap)
    #expect(sketch.buckets.first { $0.value > 0 }!.count == 4 * cap - (cap - 1) + 1)

    // Collapsing depends only on the values: any order and any split agree.
    var ascending = QuantileSketch(relativeAccuracy: 0.01, maxBucketsPerSign: cap)
    var merged = QuantileSketch(relativeAccuracy: 0.01, maxBucketsPerSign: cap)
    var part = QuantileSketch(relativeAccuracy: 0.01, maxBucketsPerSign: cap)
    for (index, value) in values.enumerated() {
      ascending.add(value)
      ascending.add(-value)
      if index % 5 == 0 { merged.add(value) } else { part.add(value) }
      if index % 3 == 0 { merged.add(-value) } else { part.add(-value) }
    }
    ascending.add(1e-9)
    part.add(1e-9)
    merged.merge(part)
    #expect(ascending == sketch)
    #expect(merged == sketch)
  }

  @Test func memoryDoesNotGrowWithTheInput() {
    var sketch = QuantileSketch()
    var random = SeededRandom(seed: 9)
    for _ in 0..<200_000 { sketch.add(exp(Double.random(in: -40...40, using: &random))) }
    #expect(sketch.bucketCount <= sketch.maxBucketsPerSign)
    #expect(sketch.bucketCount == 2048)
  }
}

/// A standard normal value (Box–Muller).
private func normal(_ random: inout SeededRandom) -> Double {
  let u = 1 - Double.random(in: 0..<1, using: &random)
  let v = Double.random(in: 0..<1, using: &random)
  return sqrt(-2 * log(u)) * cos(2 * .pi * v)
}
