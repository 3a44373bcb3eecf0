/// A lazy, single-pass sequence of the records of an ``Input``: the Swift
/// counterpart of a Python generator over a file.
///
/// Nothing is read until the first element is asked for, and reading stops
/// when the consumer stops, so `.lazy.filter { }.map { }.prefix(10)` reads only
/// as far as it needs. Iterating again continues where the last iteration
/// stopped, like a generator.
///
/// You get one only inside ``Input/withRecords(_:_:)`` (or one of its
/// variants). A `Sequence` cannot throw, so when reading fails the sequence
/// just ends, and the error is thrown by `withRecords` when the closure
/// returns: it cannot be missed. Using the sequence after the closure has
/// returned is a programming error and traps.
public struct RecordSequence: Sequence {
  let state: RecordSequenceState

  /// Makes an iterator that continues where the sequence stands.
  public func makeIterator() -> Iterator { Iterator(state: state) }

  /// The iterator of a ``RecordSequence``.
  public struct Iterator: IteratorProtocol {
    let state: RecordSequenceState

    /// The next record, or `nil` at the end of the input or after an error.
    public mutating func next() -> Record? { state.next() }
  }
}

/// What the sequences of one `withRecords` scope share: the reader, the
/// framing, the first error and whether the scope is still open.
final class RecordSequenceState {
  private var records: InputRecords
  private let framing: Framing
  private(set) var error: SluiceError?
  private var isOpen = true

  init(_ input: Input, framing: Framing) {
    records = InputRecords(input)
    self.framing = framing
  }

  func next() -> Record? {
    precondition(isOpen, "A Sluice sequence was used after its with… closure returned")
    guard error == nil else { return nil }
    do {
      return try records.next(framing)
    } catch {
      self.error = error
      return nil
    }
  }

  /// Runs `body` with a sequence over this state, then closes it and throws
  /// the reading error, if any, in preference to an error of `body` (which
  /// only saw a sequence that had ended early).
  func scope<Result>(_ body: (RecordSequence) throws -> Result) throws -> Result {
    defer { isOpen = false }
    let result: Result
    do {
      result = try body(RecordSequence(state: self))
    } catch {
      if let readError = self.error { throw readError }
      throw error
    }
    if let readError = self.error { throw readError }
    return result
  }
}
