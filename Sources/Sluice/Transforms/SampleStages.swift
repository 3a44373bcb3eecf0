/// `sample P`: passes on each record with probability P, independently.
public final class BernoulliSampleStage: Stage {
  private let next: any Stage
  private let probability: Double
  private var random: SeededRandom

  /// Creates a stage keeping each record with `probability`, drawing from a
  /// generator seeded with `seed`.
  public init(probability: Double, seed: UInt64, next: any Stage) {
    self.probability = probability
    random = SeededRandom(seed: seed)
    self.next = next
  }

  /// Passes the record on with the stage's probability, and drops it
  /// otherwise.
  public func process(_ record: Record) throws -> Flow {
    guard Double.random(in: 0..<1, using: &random) < probability else { return .more }
    return try next.process(record)
  }

  /// Finishes the next stage: this sample holds nothing back.
  public func finish() throws { try next.finish() }
}

/// `sample -n N`: keeps a uniform random sample of N records (all of them if
/// there are fewer) and passes them on at the end, in input order. Memory: N
/// records.
public final class ReservoirSampleStage: Stage {
  private let next: any Stage
  private let size: Int
  private var reservoir: [(position: Int, bytes: [UInt8])] = []
  private var seen = 0
  private var random: SeededRandom

  /// Creates a stage sampling `size` records, drawing from a generator seeded
  /// with `seed`.
  public init(size: Int, seed: UInt64, next: any Stage) {
    self.size = size
    random = SeededRandom(seed: seed)
    self.next = next
  }

  /// Keeps a copy of the record when it enters the sample (in place of a
  /// record kept before); passes nothing on before ``finish()``.
  public func process(_ record: Record) throws -> Flow {
    defer { seen += 1 }
    // Algorithm R: the n-th record replaces a kept one with probability size/n.
    if reservoir.count < size {
      reservoir.append((seen, record.bytes))
    } else if size > 0 {
      let slot = Int.random(in: 0...seen, using: &random)
      if slot < size {
        reservoir[slot].position = seen
        record.withUnsafeBytes { bytes in
          reservoir[slot].bytes.removeAll(keepingCapacity: true)
          reservoir[slot].bytes.append(contentsOf: bytes)
        }
      }
    }
    return .more
  }

  /// Passes on the sampled records in input order, until the next stage
  /// wants no more, then finishes it.
  public func finish() throws {
    var builder = RecordBuilder()
    for entry in reservoir.sorted(by: { $0.position < $1.position }) {
      builder.reset()
      entry.bytes.withUnsafeBytes { builder.append($0) }
      if try next.process(builder.finish()) == .stop { break }
    }
    try next.finish()
  }
}
