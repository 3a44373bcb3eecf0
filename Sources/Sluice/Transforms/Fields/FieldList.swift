/// Which fields to take from a record, as written after `fields`, `count-by`
/// or `sum`: `7`, `1,4`, `2-5`, `3-`, and negative numbers counting from the
/// end (`-1` is the last field). Fields are numbered from 1 and taken in the
/// order written, up to field ``maxField``.
public struct FieldList: Equatable, Sendable, CustomStringConvertible {
  /// The highest field number a list may name, from either end. A closed
  /// range gives an empty field for each field a record lacks, and `sum`
  /// keeps a column per field, so a mistyped `1-99999999` would write or
  /// hold that many for every record; no log has that many fields.
  public static let maxField = 65_536

  /// One element of the list.
  public enum Item: Equatable, Sendable {
    /// One field: from the start when positive, from the end when negative.
    case field(Int)
    /// Fields `from` through `to` (1-based, inclusive), or to the last field
    /// when `to` is `nil`.
    case range(from: Int, to: Int?)
  }

  /// The items in the order written.
  public let items: [Item]
  /// The list as written.
  public let description: String

  /// Parses a list such as `1,4` or `3-`.
  ///
  /// - Throws: a message saying what is wrong with the list.
  public init(parsing text: String) throws(FieldListError) {
    var items: [Item] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      if let number = Int(part), number != 0 {
        guard number.magnitude <= Self.maxField else {
          throw FieldListError(list: text, part: String(part), isTooHigh: true)
        }
        items.append(.field(number))
        continue
      }
      let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
      guard bounds.count == 2, let from = Int(bounds[0]), from > 0 else {
        throw FieldListError(list: text, part: String(part))
      }
      let to = Int(bounds[1])
      guard bounds[1].isEmpty || to.map({ $0 >= from }) == true else {
        throw FieldListError(list: text, part: String(part))
      }
      guard max(from, to ?? 0) <= Self.maxField else {
        throw FieldListError(list: text, part: String(part), isTooHigh: true)
      }
      items.append(.range(from: from, to: to))
    }
    self.items = items
    description = text
  }

  /// The highest field number the list can need when it is known without
  /// splitting the whole record; `nil` when it counts from the end or is
  /// open-ended.
  public var highestField: Int? {
    var highest = 0
    for item in items {
      switch item {
      case .field(let number) where number > 0: highest = max(highest, number)
      case .range(_, let to?): highest = max(highest, to)
      default: return nil
      }
    }
    return highest
  }
}

/// A field list that could not be parsed.
public struct FieldListError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The whole list as written.
  public let list: String
  /// The part of it that is wrong.
  public let part: String
  /// Whether the part names a field above ``FieldList/maxField`` (rather
  /// than not being a field number or range at all).
  public let isTooHigh: Bool

  /// A list whose part `part` is wrong.
  public init(list: String, part: String, isTooHigh: Bool = false) {
    self.list = list
    self.part = part
    self.isTooHigh = isTooHigh
  }

  /// The message: the part that is wrong, and examples of valid lists.
  public var description: String {
    isTooHigh
      ? "'\(part)': fields are numbered up to \(FieldList.maxField)"
      : "'\(part)' is not a field number or range (examples: 7, 1,4, 2-5, 3-, -1)"
  }
}
