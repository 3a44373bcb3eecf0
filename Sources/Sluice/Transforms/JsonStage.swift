/// `json [PATH,...]`: passes on the values at the paths in each record (one
/// JSON document), joined by a separator (a TAB by default), or with no
/// paths the record as compact JSON. A record that is not valid JSON, or
/// where a path steps into something it cannot index, is a
/// ``RecordProblem``.
public final class JsonStage: Stage {
  private let next: any Stage
  private var extractor: JSONExtractor
  private let separator: [UInt8]
  private var builder = RecordBuilder()

  /// Creates a stage passing what `extractor` takes out of each record,
  /// joined by `separator`, to `next`.
  public init(_ extractor: JSONExtractor, joinedBy separator: [UInt8] = [0x09], next: any Stage) {
    self.extractor = extractor
    self.separator = separator
    self.next = next
  }

  /// Passes on the record's values (or its compact form).
  ///
  /// - Throws: ``RecordProblem`` of kind ``RecordProblem/Kind/invalidJSON``
  ///   or ``RecordProblem/Kind/jsonCannotIndex``, or the next stage's error.
  public func process(_ record: Record) throws -> Flow {
    builder.reset()
    do {
      try extractor.append(record, joinedBy: separator, to: &builder)
    } catch {
      switch error {
      case .invalid:
        throw RecordProblem(.invalidJSON, stage: "json", detail: error.description)
      case .cannotIndex:
        throw RecordProblem(.jsonCannotIndex, stage: "json", detail: error.description)
      }
    }
    return try next.process(builder.finish())
  }

  /// Finishes the next stage: `json` keeps nothing between records.
  public func finish() throws { try next.finish() }
}
