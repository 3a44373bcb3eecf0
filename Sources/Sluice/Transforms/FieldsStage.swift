/// `fields LIST`: passes on each record's selected fields, joined by a
/// separator (a TAB by default); a field the record lacks is empty.
public final class FieldsStage: Stage {
  private let next: any Stage
  private var selector: FieldSelector
  private let separator: [UInt8]
  private var builder = RecordBuilder()

  /// Creates a stage passing the fields `selector` selects, joined by
  /// `separator`, to `next`.
  public init(_ selector: FieldSelector, joinedBy separator: [UInt8] = [0x09], next: any Stage) {
    self.selector = selector
    self.separator = separator
    self.next = next
  }

  /// Passes on a new record made of the record's selected fields. It is
  /// built in a buffer the stage reuses while nobody holds the one before
  /// (``RecordBuilder``), so no record costs an allocation.
  public func process(_ record: Record) throws -> Flow {
    builder.reset()
    selector.append(record, joinedBy: separator, to: &builder)
    return try next.process(builder.finish())
  }

  /// Finishes the next stage: fields holds nothing back.
  public func finish() throws { try next.finish() }
}
