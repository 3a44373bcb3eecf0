import Sluice
import Testing

@Suite struct SlicingTests {
  let numbers = (1...10).map(String.init)

  @Test func headPassesTheFirstNAndStops() throws {
    let out = Collector()
    let head = HeadStage(3, next: out)
    #expect(try head.process(record("1")) == .more)
    #expect(try head.process(record("2")) == .more)
    #expect(try head.process(record("3")) == .stop)
    #expect(try head.process(record("4")) == .stop)
    try head.finish()
    #expect(out.records == ["1", "2", "3"])
    let none = Collector()
    #expect(try HeadStage(0, next: none).process(record("x")) == .stop)
    #expect(none.records.isEmpty)
  }

  @Test func headPassesOnAStopFromDownstream() throws {
    let out = Collector(stopAfter: 1)
    #expect(try HeadStage(5, next: out).process(record("a")) == .stop)
  }

  @Test func tailKeepsTheLastN() throws {
    for n in [0, 1, 3, 10, 20] {
      let out = Collector()
      try push(numbers, through: TailStage(n, next: out))
      #expect(out.records == Array(numbers.suffix(n)), "tail \(n)")
    }
  }

  @Test func skipDropsTheFirstN() throws {
    for n in [0, 1, 9, 10, 11] {
      let out = Collector()
      try push(numbers, through: SkipStage(n, next: out))
      #expect(out.records == Array(numbers.dropFirst(n)), "skip \(n)")
    }
  }

  @Test func bernoulliSampleIsRepeatableAndNearP() throws {
    let lines = (0..<100_000).map(String.init)
    func sample(seed: UInt64) throws -> [String] {
      let out = Collector()
      try push(lines, through: BernoulliSampleStage(probability: 0.1, seed: seed, next: out))
      return out.records
    }
    let first = try sample(seed: 42)
    #expect(try sample(seed: 42) == first)
    #expect(try sample(seed: 43) != first)
    // 5 standard deviations of a binomial(100000, 0.1) is about 474.
    #expect(abs(first.count - 10_000) < 475)
  }

  @Test func reservoirSampleKeepsNInInputOrder() throws {
    let lines = (0..<1000).map(String.init)
    let out = Collector()
    try push(lines, through: ReservoirSampleStage(size: 25, seed: 7, next: out))
    #expect(out.records.count == 25)
    #expect(Set(out.records).count == 25)
    #expect(out.records.map { Int($0)! } == out.records.map { Int($0)! }.sorted())
    let few = Collector()
    try push(["a", "b"], through: ReservoirSampleStage(size: 5, seed: 1, next: few))
    #expect(few.records == ["a", "b"])
  }

  @Test func reservoirSampleIsRoughlyUniform() throws {
    // Each of 10 records should be picked about half the time by a sample of 5.
    var picks = [String: Int]()
    let lines = (0..<10).map(String.init)
    for seed in 0..<2000 {
      let out = Collector()
      try push(lines, through: ReservoirSampleStage(size: 5, seed: UInt64(seed), next: out))
      for record in out.records { picks[record, default: 0] += 1 }
    }
    for line in lines {
      #expect(
        (850...1150).contains(picks[line, default: 0]), "record \(line): \(picks[line, default: 0])"
      )
    }
  }

  private func record(_ text: String) -> Record {
    var builder = RecordBuilder()
    builder.append(text)
    return builder.finish()
  }
}
