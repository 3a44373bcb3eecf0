/// The runs of identical adjacent records in one part of an input, as
/// `uniq -c` counts them, kept so that the parts of an input counted
/// separately (on several threads, or machines) merge into the runs of the
/// whole: a run that ends one part and a run of the same record that starts
/// the next become one.
///
/// It holds one copy per run, so its memory follows the number of runs; the
/// `uniq` stage itself streams and keeps only the current run.
public struct AdjacentRuns: Equatable, Sendable {
  /// One run: a record and how many times it came in a row.
  public struct Run: Equatable, Sendable {
    /// The record's bytes.
    public var record: [UInt8]
    /// How many times in a row it came.
    public var count: Int
  }

  /// The runs, in input order.
  public private(set) var runs: [Run] = []

  /// Creates an empty list of runs.
  public init() {}

  /// Adds the next record of the part.
  public mutating func add(_ record: UnsafeRawBufferPointer) {
    if let last = runs.indices.last, runs[last].record.elementsEqual(record) {
      runs[last].count += 1
    } else {
      runs.append(Run(record: Array(record), count: 1))
    }
  }

  /// Appends the runs of the part that follows this one.
  public mutating func merge(_ next: AdjacentRuns) {
    guard let first = next.runs.first else { return }
    if let last = runs.indices.last, runs[last].record == first.record {
      runs[last].count += first.count
      runs += next.runs.dropFirst()
    } else {
      runs += next.runs
    }
  }
}
