/// A lazy sequence of the selected fields of each record of a base sequence,
/// joined by a separator: the library's counterpart of the `fields` stage.
///
/// Each element is built in a buffer the iterator reuses while no earlier
/// element is held, so iterating allocates nothing per record.
public struct FieldsSequence<Base: Sequence>: Sequence where Base.Element == Record {
  @usableFromInline let base: Base
  @usableFromInline let list: FieldList
  @usableFromInline let delimiter: FieldSplitter.Delimiter
  @usableFromInline let separator: [UInt8]

  @inlinable
  init(base: Base, list: FieldList, delimiter: FieldSplitter.Delimiter, separator: [UInt8]) {
    self.base = base
    self.list = list
    self.delimiter = delimiter
    self.separator = separator
  }

  /// The iterator of a ``FieldsSequence``.
  public struct Iterator: IteratorProtocol {
    @usableFromInline var base: Base.Iterator
    @usableFromInline var selector: FieldSelector
    @usableFromInline var builder = RecordBuilder()
    @usableFromInline let separator: [UInt8]

    @inlinable
    init(base: Base.Iterator, selector: FieldSelector, separator: [UInt8]) {
      self.base = base
      self.selector = selector
      self.separator = separator
    }

    /// The selected fields of the next record, or `nil` at the end.
    @inlinable
    public mutating func next() -> Record? {
      guard let record = base.next() else { return nil }
      builder.reset()
      selector.append(record, joinedBy: separator, to: &builder)
      return builder.finish()
    }
  }

  /// Makes an iterator over the base sequence's records.
  @inlinable
  public func makeIterator() -> Iterator {
    Iterator(
      base: base.makeIterator(), selector: FieldSelector(list, delimiter: delimiter),
      separator: separator)
  }
}

extension FieldsSequence: LazySequenceProtocol where Base: LazySequenceProtocol {}

/// The `fields` stage for any sequence of records, such as the one
/// ``Input/withLines(_:)`` hands out.
extension Sequence where Element == Record {
  /// The fields in `list` of each record, joined by `separator` (a TAB by
  /// default), lazily when the sequence is lazy.
  ///
  /// ```swift
  /// let paths = try input.withLines { lines in
  ///   Array(lines.lazy.fields(try FieldList(parsing: "7")).prefix(10).map(\.string))
  /// }
  /// ```
  @inlinable
  public func fields(
    _ list: FieldList, delimiter: FieldSplitter.Delimiter = .blanks,
    joinedBy separator: [UInt8] = [0x09]
  ) -> FieldsSequence<Self> {
    FieldsSequence(base: self, list: list, delimiter: delimiter, separator: separator)
  }
}
