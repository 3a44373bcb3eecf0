import Testing

@testable import Sluice

@Suite struct KeyedTests {
  // MARK: - The table

  @Test func tableAgreesWithADictionaryOnRandomKeys() {
    var random = SeededRandom(seed: 42)
    var counts = KeyCounts()
    var reference: [[UInt8]: Int] = [:]
    // Short keys over a few bytes (so many repeat), including NUL and high
    // bytes, and the empty key.
    let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x61, 0x62, 0x7F, 0x80, 0xFE, 0xFF]
    for _ in 0..<200_000 {
      let length = Int.random(in: 0...(Bool.random(using: &random) ? 4 : 40), using: &random)
      let key = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
      let count = Int.random(in: 1...3, using: &random)
      counts.add(bytes: key, count: count)
      reference[key, default: 0] += count
    }
    #expect(counts.keyCount == reference.count)
    #expect(counts.total == reference.values.reduce(0, +))
    var seen: [[UInt8]: Int] = [:]
    counts.forEachKey { key, count in seen[Array(key)] = count }
    #expect(seen == reference)
    for (key, count) in reference { #expect(counts.count(of: key) == count) }
    #expect(counts.count(of: Array(repeating: 0x61, count: 41)) == 0)
  }

  @Test func oddKeysAreKeptApart() {
    let keys: [[UInt8]] = [
      [], [0], [0, 0], [0, 0, 0], [0, 0, 0, 0], Array(repeating: 0, count: 8),
      Array(repeating: 0, count: 9), Array(repeating: 0, count: 16), Array(repeating: 0, count: 17),
      [0xFF], [0xFF, 0xFF], [0x80, 0x00], [0x00, 0x80], Array("a".utf8), Array("ab".utf8),
      Array("abc".utf8), Array("abcdefgh".utf8), Array("abcdefghi".utf8), Array("bacdefghi".utf8),
      Array(repeating: 0x41, count: 10_000), Array(repeating: 0x41, count: 10_001),
    ]
    var table = ByteKeyTable(valueSize: 0)
    var entries: [Int] = []
    for key in keys {
      let result = key.withUnsafeBytes { table.insert($0) }
      #expect(result.inserted, "\(key.prefix(20))")
      entries.append(result.entry)
    }
    for (key, entry) in zip(keys, entries) {
      #expect(key.withUnsafeBytes { table.insert($0) } == (entry, false))
      #expect(key.withUnsafeBytes { table.find($0) } == entry)
      #expect(table.keyBytes(of: entry) == key)
    }
    #expect(Set(entries).count == keys.count)
    var order: [Int] = []
    table.forEachEntry { order.append($0) }
    #expect(order == entries)
    #expect(table.count == keys.count)
    #expect(table.keyBytes == keys.map(\.count).reduce(0, +))
    // An empty view without a base address is the empty key too.
    #expect(table.find(UnsafeRawBufferPointer(start: nil, count: 0)) == entries[0])
  }

  @Test func hundredThousandKeysGrowTheIndexManyTimes() {
    var table = ByteKeyTable(valueSize: MemoryLayout<Int>.size)
    let keys = (0..<100_000).map { Array("key-\($0 * 7919)".utf8) }
    var failures = 0
    for (number, key) in keys.enumerated() {
      let (entry, inserted) = key.withUnsafeBytes { table.insert($0) }
      if !inserted || table.value(of: entry, as: Int.self) != 0 { failures += 1 }
      table.setValue(number, of: entry)
    }
    #expect(failures == 0)
    #expect(table.count == 100_000)
    // Every key is found after the index doubled 13 times, its value intact.
    for (number, key) in keys.enumerated() {
      guard let entry = key.withUnsafeBytes({ table.find($0) }),
        table.value(of: entry, as: Int.self) == number, table.keyBytes(of: entry) == key
      else {
        failures += 1
        continue
      }
    }
    #expect(failures == 0)
    for probe in ["key-1", "key-", "", "key-7918", "key-791900000"] {
      #expect(Array(probe.utf8).withUnsafeBytes { table.find($0) } == nil, "\(probe)")
    }
  }

  @Test func keysWithTheSameStoredHashBitsAreComparedByBytes() throws {
    // Find two keys whose hashes share the 24 bits a slot keeps and the 4
    // bits that place them in a new table's 16 slots, so that the second key
    // probes the first one's slot and only the bytes tell them apart (a
    // birthday search over 28 bits: about 2^14 keys).
    var byTag: [UInt64: [UInt8]] = [:]
    var pair: ([UInt8], [UInt8])?
    for number in 0..<2_000_000 {
      let key = Array("k\(number)".utf8)
      let hash = key.withUnsafeBytes { ByteHash.hash($0) }
      let tag = (hash >> 40) << 4 | hash & 15
      if let other = byTag[tag] {
        pair = (other, key)
        break
      }
      byTag[tag] = key
    }
    let (first, second) = try #require(pair)
    var set = KeySet()
    let added = [first, second, first, second].map { set.insert(bytes: $0) }
    #expect(added == [true, true, false, false])
    #expect(set.keys == [first, second])
  }

  @Test func hashSeparatesAllShortKeys() {
    var hashes = Set<UInt64>()
    var keys = 1
    hashes.insert([UInt8]().withUnsafeBytes { ByteHash.hash($0) })
    for a in 0...255 {
      hashes.insert([UInt8(a)].withUnsafeBytes { ByteHash.hash($0) })
      for b in 0...255 {
        hashes.insert([UInt8(a), UInt8(b)].withUnsafeBytes { ByteHash.hash($0) })
      }
      keys += 257
    }
    for length in 3...64 {
      hashes.insert(Array(repeating: 0, count: length).withUnsafeBytes { ByteHash.hash($0) })
      keys += 1
    }
    #expect(hashes.count == keys)
    // The bits that place keys in the index are spread evenly.
    var buckets = Array(repeating: 0, count: 64)
    for number in 0..<64_000 {
      let hash = Array("/p/\(number)".utf8).withUnsafeBytes { ByteHash.hash($0) }
      buckets[Int(hash & 63)] += 1
    }
    #expect(buckets.min()! > 800 && buckets.max()! < 1200)
  }

  @Test func copiesAreIndependent() {
    var original = KeyCounts()
    original.add(bytes: Array("a".utf8))
    var copy = original
    copy.add(bytes: Array("b".utf8))
    copy.add(bytes: Array("a".utf8))
    original.add(bytes: Array("c".utf8), count: 5)
    #expect(original.sorted().map { String(decoding: $0.key, as: UTF8.self) } == ["c", "a"])
    #expect(copy.sorted().map(\.count) == [2, 1])
    #expect(copy.count(of: Array("c".utf8)) == 0)
    #expect(original.count(of: Array("b".utf8)) == 0)
  }

  // MARK: - Order and merging

  @Test func sortedByCountThenBytewise() {
    var counts = KeyCounts()
    let added: [(String, Int)] = [
      ("b", 2), ("ab", 2), ("a", 2), ("", 2), ("abc", 2), ("z", 5), ("\u{00FF}", 2), ("B", 2),
      ("a\u{0000}", 2), ("x", 1), ("w", 1),
    ]
    for (key, count) in added { counts.add(bytes: Array(key.utf8), count: count) }
    counts.add(bytes: Array("x".utf8), count: 1)
    let order = counts.sorted().map { (String(decoding: $0.key, as: UTF8.self), $0.count) }
    let expected: [(String, Int)] = [
      ("z", 5), ("", 2), ("B", 2), ("a", 2), ("a\u{0000}", 2), ("ab", 2), ("abc", 2), ("b", 2),
      ("x", 2), ("\u{00FF}", 2), ("w", 1),
    ]
    #expect(order.map(\.0) == expected.map(\.0))
    #expect(order.map(\.1) == expected.map(\.1))
    // forEachSorted gives the same order and stops on .stop.
    var visited: [String] = []
    counts.forEachSorted { key, _ in
      visited.append(String(decoding: key, as: UTF8.self))
      return visited.count == 3 ? .stop : .more
    }
    #expect(visited == ["z", "", "B"])
  }

  @Test func mergingTwoHalvesEqualsOnePass() {
    var random = SeededRandom(seed: 7)
    let records = (0..<50_000).map { _ in
      Array("host\(Int.random(in: 0..<3_000, using: &random))".utf8)
    }
    for split in [0, 1, 25_000, 49_999, 50_000] {
      var whole = KeyCounts()
      var first = KeyCounts()
      var second = KeyCounts()
      var wholeSet = KeySet()
      var firstSet = KeySet()
      var secondSet = KeySet()
      for (position, record) in records.enumerated() {
        whole.add(bytes: record)
        wholeSet.insert(bytes: record)
        if position < split {
          first.add(bytes: record)
          firstSet.insert(bytes: record)
        } else {
          second.add(bytes: record)
          secondSet.insert(bytes: record)
        }
      }
      first.merge(second)
      firstSet.merge(secondSet)
      #expect(first == whole)
      #expect(first.sorted().map(\.key) == whole.sorted().map(\.key))
      #expect(first.sorted().map(\.count) == whole.sorted().map(\.count))
      #expect(firstSet == wholeSet)
      // First occurrences keep input order across the merge.
      #expect(firstSet.keys == wholeSet.keys)
    }
    var twice = KeyCounts()
    twice.add(bytes: [1])
    twice.merge(twice)
    #expect(twice.count(of: [1]) == 2)
  }

  // MARK: - Stages

  @Test func countByWholeRecords() throws {
    let out = ByteCollector()
    let stage = CountByStage(next: out)
    try feed(["b", "a", "b", "", "c", "a", "b", ""], through: stage)
    #expect(out.lines == ["3\tb", "2\t", "2\ta", "1\tc"])
    #expect(out.finished)
    #expect(stage.counts.total == 8)
  }

  @Test func countByFields() throws {
    let out = ByteCollector()
    let list = try FieldList(parsing: "3")
    try feed(
      ["h1 GET /a 200", "h2 GET /b 404", "h1 POST /a 200", "short"],
      through: CountByStage(FieldSelector(list), next: out))
    #expect(out.lines == ["2\t/a", "1\t", "1\t/b"])

    let joined = ByteCollector()
    try feed(
      ["x,1,a", "y,2,a", "x,3,a", "x", "x,,a"],
      through: CountByStage(
        FieldSelector(try FieldList(parsing: "1,3"), delimiter: .bytes([0x2C])), next: joined))
    #expect(joined.lines == ["3\tx\ta", "1\tx\t", "1\ty\ta"])
  }

  @Test func countByStopsWhenTheNextStageDoes() throws {
    let out = ByteCollector(stopAfter: 2)
    try feed(["a", "b", "b", "c", "c", "c"], through: CountByStage(next: out))
    #expect(out.lines == ["3\tc", "2\tb"])
    #expect(out.offered == 2)
    #expect(out.finished)
  }

  @Test func countByKeepsBytesAsTheyAre() throws {
    let out = ByteCollector()
    let records: [[UInt8]] = [[0xFF, 0x00], [0xFF, 0x00], [0x0D], [0xFF]]
    try feed(records, through: CountByStage(next: out))
    #expect(out.records == [[0x32, 0x09, 0xFF, 0x00], [0x31, 0x09, 0x0D], [0x31, 0x09, 0xFF]])
  }

  @Test func distinctKeepsFirstOccurrencesInOrder() throws {
    let out = ByteCollector()
    try feed(["b", "a", "b", "", "a", "", "c"], through: DistinctStage(next: out))
    #expect(out.lines == ["b", "a", "", "c"])
    #expect(out.finished)

    let byField = ByteCollector()
    try feed(
      ["h1 GET /a", "h2 GET /a", "h1 PUT /b", "h3", "h2 x", "h4"],
      through: DistinctStage(FieldSelector(try FieldList(parsing: "1")), next: byField))
    #expect(byField.lines == ["h1 GET /a", "h2 GET /a", "h3", "h4"])

    let byFields = ByteCollector()
    try feed(
      ["h1 GET /a", "h2 GET /a", "h1 GET /b", "h1 PUT /a", "h1 GET /a x"],
      through: DistinctStage(FieldSelector(try FieldList(parsing: "2-3")), next: byFields))
    #expect(byFields.lines == ["h1 GET /a", "h1 GET /b", "h1 PUT /a"])
  }

  @Test func distinctStopsWhenTheNextStageDoes() throws {
    let out = ByteCollector(stopAfter: 2)
    let stage = DistinctStage(next: out)
    try feed(["a", "a", "b", "c", "d"], through: stage)
    #expect(out.lines == ["a", "b"])
    #expect(stage.seen.count == 2)
  }

  @Test(arguments: [
    ([], [], []),
    (["a"], ["a"], ["1\ta"]),
    (["a", "a", "a"], ["a"], ["3\ta"]),
    (["a", "b", "c"], ["a", "b", "c"], ["1\ta", "1\tb", "1\tc"]),
    (["a", "a", "b", "c", "c"], ["a", "b", "c"], ["2\ta", "1\tb", "2\tc"]),
    (["a", "b", "b", "a", "a", "a"], ["a", "b", "a"], ["1\ta", "2\tb", "3\ta"]),
    (["", "", "x", ""], ["", "x", ""], ["2\t", "1\tx", "1\t"]),
    (["ab", "a", "abc", "abc"], ["ab", "a", "abc"], ["1\tab", "1\ta", "2\tabc"]),
  ])
  func uniqCollapsesAdjacentRuns(input: [String], plain: [String], counted: [String]) throws {
    let out = ByteCollector()
    try feed(input, through: UniqStage(next: out))
    #expect(out.lines == plain)
    #expect(out.finished)
    let countedOut = ByteCollector()
    try feed(input, through: UniqStage(counting: true, next: countedOut))
    #expect(countedOut.lines == counted)
    #expect(countedOut.finished)
  }

  @Test func uniqCountsLongRecordsThatOnlyDifferAtTheEnd() throws {
    let long = String(repeating: "x", count: 100_000)
    let out = ByteCollector()
    try feed(
      [long + "a", long + "a", long + "b", long], through: UniqStage(counting: true, next: out))
    #expect(out.lines == ["2\t\(long)a", "1\t\(long)b", "1\t\(long)"])
  }

  @Test func uniqStopsWhenTheNextStageDoes() throws {
    let counted = ByteCollector(stopAfter: 1)
    try feed(["a", "a", "b", "c"], through: UniqStage(counting: true, next: counted))
    #expect(counted.lines == ["2\ta"])
    #expect(counted.offered == 1)
    #expect(counted.finished)

    let plain = ByteCollector(stopAfter: 2)
    try feed(["a", "a", "b", "c"], through: UniqStage(next: plain))
    #expect(plain.lines == ["a", "b"])
  }

  // MARK: - The program language

  @Test func programsBuildTheKeyedStages() throws {
    let cases: [(String, [String], [String])] = [
      ("count-by", ["a b", "c d", "a b"], ["2\ta b", "1\tc d"]),
      ("count-by 2", ["a b", "c d", "a b", "x b"], ["3\tb", "1\td"]),
      ("count-by -d , 2,1", ["a,b", "c,d", "a,b,e"], ["2\tb\ta", "1\td\tc"]),
      (#"count-by -d '\t' 2"#, ["a\tb c", "x\tb c"], ["2\tb c"]),
      ("distinct", ["a", "b", "a"], ["a", "b"]),
      ("distinct -d : -1", ["a:1", "b:2", "c:1"], ["a:1", "b:2"]),
      ("uniq", ["a", "a", "b"], ["a", "b"]),
      ("uniq -c", ["a", "a", "b"], ["2\ta", "1\tb"]),
      ("uniq | count-by", ["a", "a", "b", "a"], ["2\ta", "1\tb"]),
    ]
    for (source, input, expected) in cases {
      let out = ByteCollector()
      try feed(input, through: try Program(source).makeChain(ending: out, late: LateRecords()))
      #expect(out.lines == expected, "\(source)")
    }
    #expect(try Program("count-by 7").stageNames == ["count-by"])
  }

  @Test(arguments: [
    (
      "count-by 0",
      "count-by: '0' is not a field number or range (examples: 7, 1,4, 2-5, 3-, -1)\n  count-by 0\n           ^"
    ),
    (
      "count-by 1 2",
      "count-by: unexpected argument '2'; usage: count-by [-d DELIM] [LIST]\n  count-by 1 2\n             ^"
    ),
    ("distinct -d", "distinct: -d needs a value\n  distinct -d\n           ^"),
    (
      "distinct -x",
      "distinct: unknown option '-x'; usage: distinct [-d DELIM] [LIST]\n  distinct -x\n           ^"
    ),
    ("uniq 3", "uniq: unexpected argument '3'; usage: uniq [-c]\n  uniq 3\n       ^"),
  ])
  func badKeyedProgramsAreUsageErrors(program: String, message: String) {
    #expect(throws: SluiceError.usage(message)) { try Program(program) }
  }

  @Test func helpMentionsMemory() throws {
    for name in ["count-by", "distinct", "uniq"] {
      let definition = try #require(StageCatalog.definition(named: name))
      #expect(StageCatalog.help(for: definition).contains("emory"), "\(name)")
    }
    #expect(StageCatalog.definition(named: "count-by")?.producesLines == true)
    #expect(StageCatalog.definition(named: "distinct")?.producesLines == false)
    #expect(StageCatalog.definition(named: "uniq")?.producesLines == false)
  }
}

/// Keeps what a stage passes on, as bytes; says `.stop` after `stopAfter`
/// records when given.
private final class ByteCollector: Stage {
  private(set) var records: [[UInt8]] = []
  private(set) var finished = false
  private let stopAfter: Int?

  init(stopAfter: Int? = nil) { self.stopAfter = stopAfter }

  /// How many records were offered (more than kept would be a bug).
  var offered: Int { records.count }

  var lines: [String] { records.map { String(decoding: $0, as: UTF8.self) } }

  func process(_ record: Record) throws -> Flow {
    precondition(!finished, "a record after finish")
    records.append(record.bytes)
    if let stopAfter, records.count >= stopAfter { return .stop }
    return .more
  }

  func finish() throws {
    precondition(!finished, "finished twice")
    finished = true
  }
}

/// Pushes `records` through `stage` (stopping when it says so), then finishes
/// it. Each record is built in a buffer reused for the next one, as the
/// reader's are.
private func feed(_ records: [[UInt8]], through stage: any Stage) throws {
  var builder = RecordBuilder()
  for record in records {
    builder.reset()
    record.withUnsafeBytes { builder.append($0) }
    if try stage.process(builder.finish()) == .stop { break }
  }
  try stage.finish()
}

private func feed(_ lines: [String], through stage: any Stage) throws {
  try feed(lines.map { Array($0.utf8) }, through: stage)
}

@Suite struct AdjacentRunsTests {
  @Test func partsMergeIntoTheRunsOfTheWhole() {
    var random = SeededRandom(seed: 5)
    let records = (0..<500).map { _ in Array("r\(Int.random(in: 0..<3, using: &random))".utf8) }
    var whole = AdjacentRuns()
    for record in records { record.withUnsafeBytes { whole.add($0) } }
    #expect(whole.runs.map(\.count).reduce(0, +) == records.count)
    for cut in [0, 1, 137, 250, 499, 500] {
      var first = AdjacentRuns()
      var second = AdjacentRuns()
      for record in records[..<cut] { record.withUnsafeBytes { first.add($0) } }
      for record in records[cut...] { record.withUnsafeBytes { second.add($0) } }
      first.merge(second)
      #expect(first == whole, "cut at \(cut)")
    }
  }
}
