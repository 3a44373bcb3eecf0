/// `sum`: adds up the numbers in the selected fields of every record and, at
/// the end, passes on one record with one sum per column, separated by tabs.
///
/// The Nth number of a record goes to column N (`sum 2,5` has two columns).
/// Integer columns are exact; a column that meets a decimal is written as a
/// decimal (see ``NumberSum`` and ``Number/format(_:)``). A record with a
/// field that is missing, empty or not a number throws a ``RecordProblem``
/// and adds nothing, not even its good fields.
public final class SumStage: Stage {
  private let next: any Stage
  /// Fields and sums in one stored property, so that a record costs one
  /// dynamic exclusivity check, not one per property.
  private var state: State
  /// The sums so far.
  public var sums: ColumnSums { state.sums }

  private struct State {
    var fields: NumberFields
    var sums: ColumnSums

    mutating func take(_ record: Record) throws(RecordProblem) {
      try fields.read(record)
      for column in 0..<fields.count { sums.add(fields.numbers[column], toColumn: column) }
    }
  }

  /// Creates a `sum` of the fields in `list`, split as `delimiter` says,
  /// passing its result to `next`.
  public init(
    fields list: FieldList, delimiter: FieldSplitter.Delimiter = .blanks, next: any Stage
  ) {
    self.next = next
    let fields = NumberFields(stage: "sum", list: list, delimiter: delimiter)
    state = State(fields: fields, sums: ColumnSums(columns: fields.minimumCount))
  }

  /// Adds sums made elsewhere (another part of the input).
  public func add(_ other: ColumnSums) { state.sums.merge(other) }

  /// Adds the record's numbers; passes nothing on.
  ///
  /// - Throws: ``RecordProblem`` when a selected field is missing, empty or
  ///   not a number; the record then adds nothing.
  public func process(_ record: Record) throws -> Flow {
    try state.take(record)
    return .more
  }

  /// Passes on the result, then finishes the next stage.
  public func finish() throws {
    var builder = RecordBuilder(capacity: 64)
    for (column, sum) in state.sums.columns.enumerated() {
      if column > 0 { builder.append(0x09) }
      builder.append(sum.value.description)
    }
    _ = try next.process(builder.finish())
    try next.finish()
  }
}
