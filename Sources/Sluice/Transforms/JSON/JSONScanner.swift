/// The single pass over one record: checks that it is one valid JSON value
/// (RFC 8259) and notes where the values of a ``JSONPathTree``'s paths are,
/// without building any of them. Values no path needs are skipped as they
/// are read (still checked). Nesting is followed with a preallocated stack,
/// never by recursion, so any depth is safe: beyond ``maximumDepth`` the
/// record is invalid.
///
/// It owns scratch buffers sized once, at creation; scanning allocates
/// nothing.
final class JSONScanner {
  /// Deeper nesting than this is an error (jq 1.6 stops at 256 levels).
  static let maximumDepth = 10_000

  /// What a value is, for the bookkeeping and for messages.
  enum Kind: UInt8 {
    case null, string, number, boolean, array, object

    var name: String {
      switch self {
      case .null: "null"
      case .string: "string"
      case .number: "number"
      case .boolean: "boolean"
      case .array: "array"
      case .object: "object"
      }
    }
  }

  /// A column's outcome after a scan.
  enum Outcome: UInt8 {
    /// The path's value is not there (or the path went through null).
    case missing
    /// Found at `starts[column]..<ends[column]`.
    case found
    /// The path stepped into a value that cannot be indexed that way.
    case cannotIndex
  }

  /// What made a record invalid.
  enum Failure: String {
    case empty = "no JSON value in the record"
    case expectedValue = "expected a JSON value"
    case truncated = "unexpected end of the record"
    case unterminatedString = "unterminated string"
    case badEscape = "invalid escape in a string"
    case controlCharacter = "unescaped control character in a string"
    case badNumber = "invalid number"
    case badLiteral = "invalid literal"
    case expectedKey = "expected a quoted key"
    case expectedColon = "expected ':' after a key"
    case expectedCommaOrBrace = "expected ',' or '}'"
    case expectedCommaOrBracket = "expected ',' or ']'"
    case trailing = "unexpected text after the JSON value"
    case tooDeep = "nesting deeper than 10000 levels"
  }

  struct Frame {
    /// The tree node of the container, or -1.
    var node: Int32
    /// -1 for an object, else the position of the current array element.
    var index: Int32
  }

  let tree: JSONPathTree
  let columnCount: Int
  let outcomes: UnsafeMutablePointer<Outcome>
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let errorKinds: UnsafeMutablePointer<Kind>
  let errorSteps: UnsafeMutablePointer<Int32>
  private let frames: UnsafeMutablePointer<Frame>
  private var keyScratch = RecordBuilder(capacity: 64)
  /// Whether some path key contains U+FFFD: only then can a key with invalid
  /// UTF-8 match one (after jq's replacement).
  private let keysMayNeedDecoding: Bool

  /// Set when ``scan(_:_:tracking:)`` returns false.
  private(set) var failure: Failure = .empty
  /// Where, in bytes from the start of the record.
  private(set) var failureOffset = 0

  init(_ tree: JSONPathTree) {
    self.tree = tree
    columnCount = tree.paths.count
    let columns = max(columnCount, 1)
    outcomes = .allocate(capacity: columns)
    outcomes.initialize(repeating: .missing, count: columns)
    starts = .allocate(capacity: columns)
    starts.initialize(repeating: 0, count: columns)
    ends = .allocate(capacity: columns)
    ends.initialize(repeating: 0, count: columns)
    errorKinds = .allocate(capacity: columns)
    errorKinds.initialize(repeating: .null, count: columns)
    errorSteps = .allocate(capacity: columns)
    errorSteps.initialize(repeating: 0, count: columns)
    frames = .allocate(capacity: Self.maximumDepth)
    keysMayNeedDecoding = tree.paths.contains { path in
      path.components.contains {
        if case .key(let key) = $0 { key.contains("\u{FFFD}") } else { false }
      }
    }
  }

  deinit {
    outcomes.deallocate()
    starts.deallocate()
    ends.deallocate()
    errorKinds.deallocate()
    errorSteps.deallocate()
    frames.deallocate()
  }

  /// Scans the record `base..<base + count`. With `tracking`, notes the
  /// outcome of every column; without, only checks the JSON. Returns false
  /// for invalid JSON (see ``failure``).
  func scan(_ base: UnsafePointer<UInt8>, _ count: Int, tracking: Bool) -> Bool {
    let end = base + count
    for column in 0..<columnCount { outcomes[column] = .missing }
    var p = JSONBytes.skipSpace(base, end)
    guard p < end else { return fail(.empty, at: base, base) }
    var node: Int32 = tracking && columnCount > 0 ? JSONPathTree.root : -1
    var depth = 0

    while true {
      // A value starts at p (after any whitespace); `node` is its place in
      // the tree, or -1.
      guard p < end else { return fail(.truncated, at: p, base) }
      let byte = p.pointee
      let start = p
      if byte == 0x7B || byte == 0x5B {  // { [
        let isObject = byte == 0x7B
        if node >= 0 { begin(node, isObject ? .object : .array, at: start - base) }
        guard depth < Self.maximumDepth else { return fail(.tooDeep, at: p, base) }
        p = JSONBytes.skipSpace(p + 1, end)
        guard p < end else { return fail(.truncated, at: p, base) }
        if p.pointee == (isObject ? 0x7D : 0x5D) {
          p += 1
          if node >= 0 { finish(node, at: p - base) }
        } else {
          frames[depth] = Frame(node: node, index: isObject ? -1 : 0)
          depth += 1
          if isObject {
            guard member(&p, end, base, &node) else { return false }
          } else if node >= 0 {
            node = tree.child(of: node, index: 0)
          }
          continue
        }
      } else if byte == 0x22 {  // "
        var escaped = false
        guard let after = JSONBytes.string(p + 1, end, escaped: &escaped) else {
          return failString(p + 1, end, base)
        }
        p = after
        if node >= 0 { scalar(node, .string, start - base, p - base) }
      } else if byte == 0x2D || JSONBytes.isDigit(byte) {
        guard let after = JSONBytes.number(p, end) else { return failNumber(p, end, base) }
        p = after
        if node >= 0 { scalar(node, .number, start - base, p - base) }
      } else if byte == 0x74 || byte == 0x66 || byte == 0x6E {
        guard let after = JSONBytes.literal(p, end) else { return fail(.badLiteral, at: p, base) }
        p = after
        if node >= 0 { scalar(node, byte == 0x6E ? .null : .boolean, start - base, p - base) }
      } else {
        return fail(.expectedValue, at: p, base)
      }

      // After a value: a comma, the container's closing bracket, or the end.
      while true {
        p = JSONBytes.skipSpace(p, end)
        if depth == 0 {
          guard p == end else { return fail(.trailing, at: p, base) }
          return true
        }
        guard p < end else { return fail(.truncated, at: p, base) }
        let frame = frames[depth - 1]
        let byte = p.pointee
        if byte == 0x2C {  // ,
          p = JSONBytes.skipSpace(p + 1, end)
          if frame.index < 0 {
            node = frame.node
            guard member(&p, end, base, &node) else { return false }
          } else {
            let index = frame.index == Int32.max ? frame.index : frame.index + 1
            frames[depth - 1].index = index
            node = frame.node >= 0 ? tree.child(of: frame.node, index: Int(index)) : -1
          }
          break
        }
        guard byte == (frame.index < 0 ? 0x7D : 0x5D) else {
          return fail(
            frame.index < 0 ? .expectedCommaOrBrace : .expectedCommaOrBracket, at: p, base)
        }
        p += 1
        depth -= 1
        if frame.node >= 0 { finish(frame.node, at: p - base) }
      }
    }
  }

  /// Reads `"key" :` at `p` (after whitespace) in an object whose tree node
  /// is `node`, leaving `p` at the member's value and `node` at the child
  /// the key leads to (or -1).
  @inline(__always)
  private func member(
    _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>,
    _ node: inout Int32
  ) -> Bool {
    guard p < end else { return fail(.truncated, at: p, base) }
    guard p.pointee == 0x22 else { return fail(.expectedKey, at: p, base) }
    var escaped = false
    guard let after = JSONBytes.string(p + 1, end, escaped: &escaped) else {
      return failString(p + 1, end, base)
    }
    if node >= 0 {
      let key = p + 1
      let length = after - 1 - key
      if escaped || (keysMayNeedDecoding && Self.hasHighByte(key, length)) {
        keyScratch.reset()
        JSONStringDecoder.append(key, after - 1, to: &keyScratch)
        let decoded = keyScratch.finish()
        node = decoded.withUnsafeBytes { bytes in
          tree.child(
            of: node, rawKey: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
            count: bytes.count)
        }
      } else {
        node = tree.child(of: node, rawKey: key, count: length)
      }
    }
    p = JSONBytes.skipSpace(after, end)
    guard p < end else { return fail(.truncated, at: p, base) }
    guard p.pointee == 0x3A else { return fail(.expectedColon, at: p, base) }
    p = JSONBytes.skipSpace(p + 1, end)
    return true
  }

  private static func hasHighByte(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for offset in 0..<count where p[offset] >= 0x80 { return true }
    return false
  }

  /// A value of `kind` starts at `offset` at `node`: the columns below are
  /// reset (a repeated key replaces the earlier value), the node's own ones
  /// start here, and the paths that go on through it fail unless it is a
  /// container of their kind or null.
  @inline(__always)
  private func begin(_ node: Int32, _ kind: Kind, at offset: Int) {
    let entry = tree.nodes[Int(node)]
    let columns = tree.columns.baseAddress!
    for item in 0..<Int(entry.subtree.count) {
      outcomes[Int(columns[Int(entry.subtree.start) + item])] = .missing
    }
    for item in 0..<Int(entry.own.count) {
      let column = Int(columns[Int(entry.own.start) + item])
      outcomes[column] = .found
      starts[column] = offset
    }
    if kind != .object && kind != .null {
      mark(entry.belowKeys, kind, step: entry.depth)
    }
    if kind != .array && kind != .null {
      mark(entry.belowIndexes, kind, step: entry.depth)
    }
  }

  @inline(__always)
  private func mark(_ slice: JSONPathTree.Slice, _ kind: Kind, step: Int32) {
    let columns = tree.columns.baseAddress!
    for item in 0..<Int(slice.count) {
      let column = Int(columns[Int(slice.start) + item])
      outcomes[column] = .cannotIndex
      errorKinds[column] = kind
      errorSteps[column] = step
    }
  }

  /// The value at `node` ends before `offset`.
  @inline(__always)
  private func finish(_ node: Int32, at offset: Int) {
    let entry = tree.nodes[Int(node)]
    let columns = tree.columns.baseAddress!
    for item in 0..<Int(entry.own.count) {
      ends[Int(columns[Int(entry.own.start) + item])] = offset
    }
  }

  @inline(__always)
  private func scalar(_ node: Int32, _ kind: Kind, _ start: Int, _ end: Int) {
    begin(node, kind, at: start)
    finish(node, at: end)
  }

  private func fail(_ failure: Failure, at p: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>)
    -> Bool
  {
    self.failure = failure
    failureOffset = p - base
    return false
  }

  /// Finds what is wrong with the string whose body starts at `p`.
  private func failString(
    _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>
  ) -> Bool {
    var p = p
    while p < end {
      let byte = p.pointee
      if byte == 0x22 { break }
      if byte < 0x20 { return fail(.controlCharacter, at: p, base) }
      if byte == 0x5C {
        guard let after = JSONBytes.escape(p, end) else {
          return fail(end - p < 2 ? .unterminatedString : .badEscape, at: p, base)
        }
        p = after
      } else {
        p += 1
      }
    }
    return fail(.unterminatedString, at: end, base)
  }

  private func failNumber(
    _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>
  ) -> Bool {
    fail(.badNumber, at: p, base)
  }
}
