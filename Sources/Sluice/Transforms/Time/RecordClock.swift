/// Tells the time of each record of one input, in order: the first timestamp
/// in its text, or the value of a JSON field. A record without one (a stack
/// trace's line) takes the time of the last record that had one; before the
/// first, a record has no time.
struct RecordClock {
  private var scanner: TimestampScanner
  private var field: JSONExtractor?
  private var value = RecordBuilder(capacity: 64)
  private let stage: String
  /// The time of the last record that had one.
  private(set) var last: Timestamp?

  /// A clock reading times as `settings` say, for the stage named `stage`
  /// (named in its problems).
  init(_ settings: TimeSettings, stage: String) {
    scanner = settings.scanner
    field = settings.field.map { JSONExtractor(paths: [$0]) }
    self.stage = stage
  }

  /// The time of `record`, or the last one seen when it has none.
  ///
  /// - Throws: ``RecordProblem`` when times are in a JSON field and the
  ///   record is not JSON.
  mutating func time(of record: Record) throws(RecordProblem) -> Timestamp? {
    if let found = try ownTime(of: record) { last = found }
    return last
  }

  private mutating func ownTime(of record: Record) throws(RecordProblem) -> Timestamp? {
    guard field != nil else {
      return record.withUnsafeBytes { scanner.first(in: $0.assumingMemoryBound(to: UInt8.self)) }
    }
    value.reset()
    do {
      try field!.append(record, to: &value)
    } catch {
      switch error {
      case .invalid: throw RecordProblem(.invalidJSON, stage: stage, detail: error.description)
      // A path into a value that is no object or array: no time there.
      case .cannotIndex: return nil
      }
    }
    return value.finish().withUnsafeBytes { bytes in
      let bytes = bytes.assumingMemoryBound(to: UInt8.self)
      return EpochTime.instant(bytes) ?? scanner.first(in: bytes)
    }
  }
}
