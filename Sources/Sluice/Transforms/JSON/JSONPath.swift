/// A path to a value inside a JSON document, written in a subset of jq's
/// syntax: `.status`, `.user.id`, `.tags[0]`, `."a.b"`, `.["a b"]`, or `.`
/// for the whole value.
///
/// The subset: a path starts with `.`; each step is `.NAME` (letters, digits
/// and `_`, not starting with a digit), `."KEY"` or `["KEY"]` (a JSON string,
/// with its escapes, for keys with any other characters) or `[N]` (an array
/// element, counted from 0). `.["KEY"]` and `.[N]` are accepted too. There are
/// no negative indexes, slices, `?`, pipes or functions, and no spaces.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Hashable, Sendable {
    /// The member of an object with this key.
    case key(String)
    /// The element of an array at this position, from 0.
    case index(Int)
  }

  /// The steps, outermost first; empty for `.`, the whole value.
  public var components: [Component]

  /// Creates a path of `components`.
  public init(_ components: [Component]) {
    self.components = components
  }

  /// Parses one path, such as `.user.id` or `.tags[0]`.
  ///
  /// - Throws: ``JSONPathError`` saying what is wrong and where.
  public init(parsing text: String) throws(JSONPathError) {
    var parser = JSONPathParser(text)
    let path = try parser.path()
    guard parser.atEnd else { throw parser.error("unexpected '\(parser.peekText)'") }
    self = path
  }

  /// Parses a comma-separated list of paths, such as `.status,.user.id`
  /// (commas inside quoted keys belong to the key).
  ///
  /// - Throws: ``JSONPathError`` saying what is wrong and where.
  public static func list(parsing text: String) throws(JSONPathError) -> [JSONPath] {
    var parser = JSONPathParser(text)
    var paths = [try parser.path()]
    while !parser.atEnd {
      guard parser.take(UInt8(ascii: ",")) else {
        throw parser.error("expected ',' between paths, found '\(parser.peekText)'")
      }
      paths.append(try parser.path())
    }
    return paths
  }

  /// The path in the syntax it is parsed from (keys that are not plain names
  /// quoted), so that parsing the description gives the path back.
  public var description: String {
    guard !components.isEmpty else { return "." }
    var text = ""
    for component in components {
      switch component {
      case .key(let key) where JSONPathParser.isPlainName(key):
        text += "." + key
      case .key(let key):
        text += "[" + JSONPathParser.quoted(key) + "]"
      case .index(let index):
        text += "[\(index)]"
      }
    }
    return text.hasPrefix("[") ? "." + text : text
  }
}

/// Why a path could not be parsed, and where (a byte offset).
public struct JSONPathError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// The offset in bytes of the offending spot in the path text.
  public var offset: Int

  /// Creates an error.
  public init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }

  /// The message and where.
  public var description: String { "\(message) (at byte \(offset + 1) of the path)" }
}
