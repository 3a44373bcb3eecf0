import Sluice

/// The end of a chain in tests: keeps what reaches it as strings, and can ask
/// for no more after a number of records.
final class Collector: Stage {
  private(set) var records: [String] = []
  private(set) var finished = false
  private let stopAfter: Int?

  init(stopAfter: Int? = nil) { self.stopAfter = stopAfter }

  func process(_ record: Record) throws -> Flow {
    records.append(record.string)
    if let stopAfter, records.count >= stopAfter { return .stop }
    return .more
  }

  func finish() throws { finished = true }
}

/// Pushes `lines` through `stage` as records (stopping when it says so), then
/// finishes it.
func push(_ lines: [String], through stage: any Stage) throws {
  var builder = RecordBuilder()
  for line in lines {
    builder.reset()
    builder.append(line)
    if try stage.process(builder.finish()) == .stop { break }
  }
  try stage.finish()
}
