/// A log file's name read as a member of a rotation set: the live file
/// (`app.log`), a numbered rotation (`app.log.1`, `app.log.2.gz`) or a dated
/// one (`app.log-20261128.gz`, logrotate's `dateext`).
///
/// ```swift
/// RotatedName.oldestFirst(["app.log", "app.log.1", "app.log.10.gz", "app.log.9.gz"])
/// // ["app.log.10.gz", "app.log.9.gz", "app.log.1", "app.log"]
/// ```
public struct RotatedName: Sendable, Equatable {
  /// Where a file stands in its set.
  public enum Age: Sendable, Equatable {
    /// The file being written to: the newest.
    case live
    /// A numbered rotation: the higher the number, the older.
    case numbered(Int)
    /// A dated rotation, by its date digits (`20261128`, `2026112810`): the
    /// smaller, the older.
    case dated(String)
  }

  /// The live file's path, which names the set.
  public let base: String
  /// Where the file stands in the set.
  public let age: Age

  /// Compression suffixes that follow the rotation suffix.
  private static let compressionSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".Z"]

  /// Reads `path` as a rotated name; every path is one (the live file of a
  /// set of its own, if nothing else).
  public init(path: String) {
    var stem = Substring(path)
    for suffix in Self.compressionSuffixes where stem.hasSuffix(suffix) {
      stem = stem.dropLast(suffix.count)
      break
    }
    if let dot = stem.lastIndex(of: "."), dot != stem.startIndex,
      let number = Self.rotationNumber(stem[stem.index(after: dot)...])
    {
      base = String(stem[..<dot])
      age = .numbered(number)
    } else if let (prefix, digits) = Self.dateSuffix(of: stem) {
      base = String(prefix)
      age = .dated(digits)
    } else {
      base = String(stem)
      age = .live
    }
  }

  /// `paths` with each rotation set in order, oldest first and the live file
  /// last; sets stay where their first member was, and paths that belong to
  /// no set with others stay in place.
  public static func oldestFirst(_ paths: [String]) -> [String] {
    let names = paths.map(RotatedName.init(path:))
    var setOrder: [String] = []
    var members: [String: [Int]] = [:]
    for (index, name) in names.enumerated() {
      if members[name.base] == nil { setOrder.append(name.base) }
      members[name.base, default: []].append(index)
    }
    return setOrder.flatMap { base in
      // Stable: files of the same age (app.log and app.log.gz) keep their order.
      members[base]!.sorted { a, b in
        names[a].isOlder(than: names[b]) || (names[a].age == names[b].age && a < b)
      }.map { paths[$0] }
    }
  }

  /// Whether `paths` are unmistakably two or more members of one rotation
  /// set (and nothing else), the case where sluice orders them without being
  /// asked: they share a base, and the live file, a dated name or a
  /// compressed one is among them. `part.1 part.2` alone could be the pieces
  /// of a split file, in that order, so they are left as they are.
  public static func formOneSet(_ paths: [String]) -> Bool {
    guard paths.count >= 2, !paths.contains("-"), Set(paths).count == paths.count else {
      return false
    }
    let names = paths.map(RotatedName.init(path:))
    guard names.allSatisfy({ $0.base == names[0].base }) else { return false }
    return zip(paths, names).contains { path, name in
      switch name.age {
      case .live, .dated: return true
      case .numbered: return compressionSuffixes.contains { path.hasSuffix($0) }
      }
    }
  }

  /// Whether this file was rotated out before `other` (of the same set).
  public func isOlder(than other: RotatedName) -> Bool {
    switch (age, other.age) {
    case (.live, _): return false
    case (_, .live): return true
    case (.dated(let a), .dated(let b)):
      return a.count == b.count ? a < b : a.count < b.count
    case (.numbered(let a), .numbered(let b)): return a > b
    // A set mixing both (a change of logrotate settings): the dated files
    // are the ones rotated before the numbered ones took over.
    case (.dated, .numbered): return true
    case (.numbered, .dated): return false
    }
  }

  /// The number of a rotation suffix such as `1` or `10` (no sign, no
  /// leading zero but for `0` itself, at most 6 digits).
  private static func rotationNumber(_ text: Substring) -> Int? {
    guard (1...6).contains(text.count), text.allSatisfy(\.isASCIIDigit),
      text == "0" || text.first != "0"
    else { return nil }
    return Int(text)
  }

  /// A date suffix `-YYYYMMDD`, `-YYYYMMDDHH`, `-YYYY-MM-DD` or `.YYYY-MM-DD`
  /// (logrotate's `dateext` with its common formats): the stem before it and
  /// the date's digits.
  private static func dateSuffix(of stem: Substring) -> (Substring, String)? {
    for length in [11, 9] {  // "-YYYYMMDDHH", "-YYYYMMDD"
      let suffix = stem.suffix(length)
      if suffix.count == length, suffix.first == "-", stem.count > length,
        suffix.dropFirst().allSatisfy(\.isASCIIDigit), isPlausibleDate(suffix.dropFirst())
      {
        return (stem.dropLast(length), String(suffix.dropFirst()))
      }
    }
    let suffix = stem.suffix(11)  // "-YYYY-MM-DD" or ".YYYY-MM-DD"
    if suffix.count == 11, stem.count > 11, suffix.first == "-" || suffix.first == "." {
      let parts = suffix.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
      if parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) {
        let digits = parts.joined()
        if isPlausibleDate(Substring(digits)) { return (stem.dropLast(11), digits) }
      }
    }
    return nil
  }

  /// Whether `digits` (YYYYMMDD, optionally HH) look like a date rather than
  /// another number.
  private static func isPlausibleDate(_ digits: Substring) -> Bool {
    guard let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
      let day = Int(digits.dropFirst(6).prefix(2))
    else { return false }
    let hourOK = digits.count == 8 || (Int(digits.dropFirst(8)) ?? 99) < 24
    return (1970...2999).contains(year) && (1...12).contains(month) && (1...31).contains(day)
      && hourOK
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
