/// Why a record's values could not be extracted: it is not valid JSON, or a
/// path steps into a value that cannot be indexed that way (a key into a
/// string, number, boolean or array; a position into an object or scalar).
/// Stepping into `null` is not a problem: the value is missing, as in jq.
public enum JSONProblem: Error, Equatable, Sendable, CustomStringConvertible {
  /// Not valid JSON: what was wrong, at which byte of the record (from 0).
  case invalid(reason: String, offset: Int)
  /// `path` could not be followed: the value at its step `step` (from 0) is a
  /// `valueType` (`string`, `number`, `boolean`, `array`, `object`).
  case cannotIndex(path: JSONPath, step: Int, valueType: String)

  /// One line for messages, such as `expected ':' at byte 12` or
  /// `.user.id: cannot index string with "id"`.
  public var description: String {
    switch self {
    case .invalid(let reason, let offset):
      return "\(reason) at byte \(offset + 1)"
    case .cannotIndex(let path, let step, let valueType):
      let with: String
      switch path.components[step] {
      case .key(let key): with = JSONPathParser.quoted(key)
      case .index(let index): with = "number \(index)"
      }
      return "\(path): cannot index \(valueType) with \(with)"
    }
  }
}
