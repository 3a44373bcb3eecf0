/// Takes the values at some ``JSONPath``s out of JSON documents, one
/// document (a record) at a time, in one pass over its bytes and without
/// allocating per record: the shared step of the `json` stage.
///
/// Each value is written as `jq -r` prints it: a string as its text (escapes
/// decoded, invalid UTF-8 replaced by U+FFFD as jq replaces it), anything
/// else as compact JSON text *as written* in the record (whitespace between
/// tokens removed; numbers keep their spelling, strings inside objects and
/// arrays keep their escapes; jq would reformat both). A path whose value is
/// not there (a missing key, an index past the end, a step through `null`)
/// gives nothing. With no paths, the whole document is written as compact
/// JSON (`jq -c .`, with the same as-written rule).
///
/// ```swift
/// var extractor = JSONExtractor(paths: try JSONPath.list(parsing: ".status,.user.id"))
/// try extractor.values(of: #"{"status":200,"user":{"id":"ab"}}"#)  // ["200", "ab"]
/// ```
public struct JSONExtractor {
  /// The paths, in output order.
  public var paths: [JSONPath] { scanner.tree.paths }
  private var scanner: JSONScanner

  /// Creates an extractor of the values at `paths` (none: the whole
  /// document, compact).
  public init(paths: [JSONPath]) {
    scanner = JSONScanner(JSONPathTree(paths))
  }

  /// Appends the values of the document in `bytes` to `builder`, joined by
  /// `separator`; a missing value is empty.
  ///
  /// - Throws: ``JSONProblem`` when `bytes` is not one valid JSON value, or
  ///   a path steps into something it cannot index.
  public mutating func append(
    _ bytes: UnsafeRawBufferPointer, joinedBy separator: [UInt8] = [0x09],
    to builder: inout RecordBuilder
  ) throws(JSONProblem) {
    if !isKnownUniquelyReferenced(&scanner) {
      scanner = JSONScanner(scanner.tree)
    }
    guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      throw JSONProblem.invalid(reason: JSONScanner.Failure.empty.rawValue, offset: 0)
    }
    var count = bytes.count
    // A byte order mark (as at the start of a file) is ignored, as jq does.
    let mark = Self.byteOrderMark(base, count)
    base += mark
    count -= mark
    let scanner = self.scanner
    let columnCount = scanner.columnCount
    guard scanner.scan(base, count, tracking: columnCount > 0) else {
      throw JSONProblem.invalid(
        reason: scanner.failure.rawValue, offset: mark + scanner.failureOffset)
    }
    if columnCount == 0 {
      JSONCompactor.append(base, base + count, to: &builder)
      return
    }
    for column in 0..<columnCount where scanner.outcomes[column] == .cannotIndex {
      throw JSONProblem.cannotIndex(
        path: scanner.tree.paths[column], step: Int(scanner.errorSteps[column]),
        valueType: scanner.errorKinds[column].name)
    }
    for column in 0..<columnCount {
      if column > 0 { separator.withUnsafeBytes { builder.append($0) } }
      guard scanner.outcomes[column] == .found else { continue }
      appendValue(column, base, to: &builder)
    }
  }

  /// Appends the values of the document in `record` to `builder`; see
  /// ``append(_:joinedBy:to:)-(UnsafeRawBufferPointer,_,_)``.
  public mutating func append(
    _ record: Record, joinedBy separator: [UInt8] = [0x09], to builder: inout RecordBuilder
  ) throws(JSONProblem) {
    let problem: JSONProblem? = record.withUnsafeBytes { bytes in
      do throws(JSONProblem) {
        try append(bytes, joinedBy: separator, to: &builder)
        return nil
      } catch {
        return error
      }
    }
    if let problem { throw problem }
  }

  /// The value at each path in `document` as text (`nil` when missing), or
  /// with no paths the compact document: convenient for one-off use and
  /// tests; the stage uses ``append(_:joinedBy:to:)-(Record,_,_)``.
  ///
  /// - Throws: ``JSONProblem`` as ``append(_:joinedBy:to:)-(Record,_,_)`` does.
  public mutating func values(of document: some Collection<UInt8>) throws(JSONProblem)
    -> [String?]
  {
    let bytes = Array(document)
    var builder = RecordBuilder()
    let outcome: Result<[String?], JSONProblem> = bytes.withUnsafeBytes { raw in
      do throws(JSONProblem) {
        try append(raw, to: &builder)
      } catch {
        return .failure(error)
      }
      if paths.isEmpty {
        return .success([String(decoding: builder.finish().bytes, as: UTF8.self)])
      }
      let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
      let base = start + Self.byteOrderMark(start, raw.count)
      return .success(
        (0..<paths.count).map { column in
          guard scanner.outcomes[column] == .found else { return nil }
          var one = RecordBuilder()
          appendValue(column, base, to: &one)
          return String(decoding: one.finish().bytes, as: UTF8.self)
        })
    }
    return try outcome.get()
  }

  /// The value at each path in `document` (its UTF-8 bytes); see
  /// ``values(of:)-(Collection<UInt8>)``.
  public mutating func values(of document: String) throws(JSONProblem) -> [String?] {
    try values(of: Array(document.utf8))
  }

  /// The length of the UTF-8 byte order mark at `base`: 3 or 0.
  @inline(__always)
  private static func byteOrderMark(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
    count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
  }

  /// Appends the value found for `column` in the document at `base`.
  @inline(__always)
  private func appendValue(
    _ column: Int, _ base: UnsafePointer<UInt8>, to builder: inout RecordBuilder
  ) {
    let start = base + scanner.starts[column]
    let end = base + scanner.ends[column]
    if start.pointee == 0x22 {
      JSONStringDecoder.append(start + 1, end - 1, to: &builder)
    } else {
      JSONCompactor.append(start, end, to: &builder)
    }
  }
}
