/// A running sum that stays exact while it can: integers are added exactly in
/// 128 bits; once a decimal is added the sum is a decimal.
///
/// The decimal part is a compensated (Neumaier) sum, kept apart from the
/// integer part, so that a few decimals among many large integers do not
/// lose the integers' precision. If the integer part would pass ±2^127
/// (±1.7×10^38), it moves into the decimal part and the sum becomes a decimal.
public struct NumberSum: Equatable, Sendable {
  private var integer: Int128 = 0
  private var decimal = 0.0
  private var compensation = 0.0
  /// Whether a decimal was added (or the integers overflowed 128 bits), so
  /// that the sum is a ``Number/decimal(_:)``.
  public private(set) var isDecimal = false

  /// Creates a sum of nothing: the integer 0.
  public init() {}

  /// Adds a number.
  public mutating func add(_ number: Number) {
    switch number {
    case .integer(let value): add(integer: value)
    case .decimal(let value): add(decimal: value)
    }
  }

  /// Adds an integer exactly (unless the sum leaves 128 bits).
  public mutating func add(integer value: Int128) {
    let (sum, overflow) = integer.addingReportingOverflow(value)
    if overflow {
      isDecimal = true
      addCompensated(Number.double(integer))
      addCompensated(Number.double(value))
      integer = 0
    } else {
      integer = sum
    }
  }

  /// Adds a decimal: the sum is a decimal from now on.
  public mutating func add(decimal value: Double) {
    isDecimal = true
    addCompensated(value)
  }

  /// Adds a sum made elsewhere (another part of the input): the result is
  /// the sum of everything both have seen, exact when both are integers.
  public mutating func merge(_ other: NumberSum) {
    add(integer: other.integer)
    isDecimal = isDecimal || other.isDecimal
    addCompensated(other.decimal)
    addCompensated(other.compensation)
  }

  /// The sum: an integer while only integers were added, otherwise the
  /// nearest `Double` to the compensated sum.
  public var value: Number {
    guard isDecimal else { return .integer(integer) }
    var total = self
    total.addCompensated(Number.double(integer))
    return .decimal(total.decimal + total.compensation)
  }

  private mutating func addCompensated(_ value: Double) {
    let sum = decimal + value
    if decimal.magnitude >= value.magnitude {
      compensation += (decimal - sum) + value
    } else {
      compensation += (value - sum) + decimal
    }
    decimal = sum
  }
}

/// The state of `sum`: one ``NumberSum`` per column, where the Nth number
/// taken from a record goes to column N.
public struct ColumnSums: Equatable, Sendable {
  /// The sums, one per column.
  public private(set) var columns: [NumberSum]

  /// Creates sums of nothing for `columns` columns (more are added when a
  /// record has more numbers).
  public init(columns: Int = 0) {
    self.columns = Array(repeating: NumberSum(), count: columns)
  }

  /// Adds `number` to the sum of `column` (counted from 0).
  public mutating func add(_ number: Number, toColumn column: Int) {
    if column >= columns.count { grow(to: column + 1) }
    columns[column].add(number)
  }

  /// Adds one record's numbers, the first to column 0 and so on.
  public mutating func add(_ numbers: some Collection<Number>) {
    for (column, number) in numbers.enumerated() { add(number, toColumn: column) }
  }

  /// Adds sums made elsewhere, column by column.
  public mutating func merge(_ other: ColumnSums) {
    if other.columns.count > columns.count { grow(to: other.columns.count) }
    for (column, sum) in other.columns.enumerated() { columns[column].merge(sum) }
  }

  mutating func grow(to count: Int) {
    columns += Array(repeating: NumberSum(), count: count - columns.count)
  }
}
