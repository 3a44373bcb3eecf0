/// Reads the path syntax of ``JSONPath`` from text, byte by byte.
struct JSONPathParser {
  private let bytes: [UInt8]
  private var position = 0

  init(_ text: String) {
    bytes = Array(text.utf8)
  }

  var atEnd: Bool { position == bytes.count }

  /// The rest of the text from the current position, for messages.
  var peekText: String {
    String(decoding: bytes[position...].prefix(12), as: UTF8.self)
  }

  func error(_ message: String) -> JSONPathError {
    JSONPathError(message, at: position)
  }

  mutating func take(_ byte: UInt8) -> Bool {
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    position + ahead < bytes.count ? bytes[position + ahead] : nil
  }

  /// One path: `.` alone, or steps starting with `.`.
  mutating func path() throws(JSONPathError) -> JSONPath {
    guard take(UInt8(ascii: ".")) else {
      throw error(atEnd ? "missing path (e.g. .status)" : "a path starts with '.' (e.g. .status)")
    }
    var components: [JSONPath.Component] = []
    var first = true
    while let byte = peek(), byte != UInt8(ascii: ",") {
      if byte == UInt8(ascii: "[") {
        components.append(try bracket())
      } else if byte == UInt8(ascii: ".") || first {
        if !first { position += 1 }
        if peek() == UInt8(ascii: "[") {
          components.append(try bracket())
        } else if peek() == UInt8(ascii: "\"") {
          components.append(.key(try string()))
        } else {
          components.append(.key(try name()))
        }
      } else {
        throw error("unexpected '\(peekText)' in path")
      }
      first = false
    }
    return JSONPath(components)
  }

  /// `[N]` or `["KEY"]`.
  private mutating func bracket() throws(JSONPathError) -> JSONPath.Component {
    position += 1  // [
    let component: JSONPath.Component
    if peek() == UInt8(ascii: "\"") {
      component = .key(try string())
    } else if let byte = peek(), byte == UInt8(ascii: "-") {
      throw error("negative array indexes are not supported")
    } else {
      let start = position
      while let byte = peek(), (0x30...0x39).contains(byte) { position += 1 }
      guard position > start else {
        throw error("expected an array index or a quoted key after '['")
      }
      guard position - start <= 18,
        let index = Int(String(decoding: bytes[start..<position], as: UTF8.self))
      else {
        position = start
        throw error("array index too large")
      }
      component = .index(index)
    }
    guard take(UInt8(ascii: "]")) else { throw error("expected ']'") }
    return component
  }

  /// A plain key: letters, digits, `_`, not starting with a digit.
  private mutating func name() throws(JSONPathError) -> String {
    let start = position
    while let byte = peek(), Self.isNameByte(byte, first: position == start) { position += 1 }
    guard position > start else {
      throw error(
        atEnd
          ? "a path cannot end with '.'"
          : "expected a key after '.' (quote keys with other characters: .\"a-b\")")
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// A JSON string literal, decoded.
  private mutating func string() throws(JSONPathError) -> String {
    let start = position
    position += 1  // "
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
      raw.removeAll()
    }
    while true {
      guard let byte = peek() else {
        position = start
        throw error("unterminated quoted key")
      }
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush()
        guard let escape = peek() else { throw error("unterminated quoted key") }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(escape)
        case UInt8(ascii: "b"): raw.append(0x08)
        case UInt8(ascii: "f"): raw.append(0x0C)
        case UInt8(ascii: "n"): raw.append(0x0A)
        case UInt8(ascii: "r"): raw.append(0x0D)
        case UInt8(ascii: "t"): raw.append(0x09)
        case UInt8(ascii: "u"):
          var unit = try hex4()
          if (0xD800...0xDBFF).contains(unit), peek() == UInt8(ascii: "\\"),
            peek(1) == UInt8(ascii: "u")
          {
            let save = position
            position += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
              unit = 0x10000 + ((unit - 0xD800) << 10 | (low - 0xDC00))
            } else {
              position = save
            }
          }
          scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
        default:
          position -= 2
          throw error("invalid escape in quoted key")
        }
      case 0..<0x20:
        position -= 1
        throw error("control character in quoted key")
      default:
        raw.append(byte)
      }
    }
  }

  private mutating func hex4() throws(JSONPathError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek(), let digit = Self.hexValue(byte) else {
        throw error("expected four hex digits after \\u")
      }
      value = value << 4 | digit
      position += 1
    }
    return value
  }

  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: UInt32(byte - 0x30)
    case 0x41...0x46: UInt32(byte - 0x41 + 10)
    case 0x61...0x66: UInt32(byte - 0x61 + 10)
    default: nil
    }
  }

  static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
    switch byte {
    case 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"): true
    case 0x30...0x39: !first
    default: false
    }
  }

  /// Whether `key` can be written as `.key`.
  static func isPlainName(_ key: String) -> Bool {
    let bytes = Array(key.utf8)
    return !bytes.isEmpty && bytes.indices.allSatisfy { isNameByte(bytes[$0], first: $0 == 0) }
  }

  /// `key` as a JSON string literal.
  static func quoted(_ key: String) -> String {
    var text = "\""
    for scalar in key.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\t": text += "\\t"
      case "\r": text += "\\r"
      case "\u{00}"..."\u{1F}":
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    return text + "\""
  }
}
