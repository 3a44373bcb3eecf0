// Line iteration through the Sluice library, measured with ordo-one/benchmark.
//
// One benchmark iteration is one full pass over a generated file of
// 1,000,000 lines, so:
//   - wallClock          = time per 1M lines
//   - throughput         = passes per second = millions of lines per second
//   - mallocCountTotal   = heap allocations per 1M lines (the key figure: a
//                          small constant, for opening the input, its buffer
//                          and the zlib state, means nothing is allocated
//                          per line; per-line allocation would show as
//                          >= 1,000,000)
//   - peakMemoryResident = resident memory of the benchmark process
// The "mallocs:" benchmarks measure allocations only (see below why), and
// include 100k-line passes whose count should equal the 1M-line one.
//
// Run from Benchmarks/:  swift package benchmark --target LineIteration

import Benchmark
import Foundation
import Sluice
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Fixture

/// Generated input files, made once per machine in a temporary directory and
/// reused (they depend only on the fixed seed and line count).
struct Fixture: Sendable {
  let lines: Int
  let plain: String
  let gzip: String

  static let oneMillion = Fixture.make(lines: 1_000_000)
  static let hundredThousand = Fixture.make(lines: 100_000)

  static func make(lines: Int) -> Fixture {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("sluice-bench-lineiteration-v1").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let plain = "\(dir)/access-\(lines).log"
    let gzip = plain + ".gz"
    let marker = plain + ".complete"
    if !FileManager.default.fileExists(atPath: marker) {
      writeAccessLog(lines: lines, to: plain)
      run("gzip -6 -n -c '\(plain)' > '\(gzip).tmp' && mv '\(gzip).tmp' '\(gzip)'")
      _ = FileManager.default.createFile(atPath: marker, contents: Data())
    }
    return Fixture(lines: lines, plain: plain, gzip: gzip)
  }

  private static func run(_ command: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    do {
      try process.run()
      process.waitUntilExit()
    } catch {
      fatalError("cannot run /bin/sh: \(error)")
    }
    precondition(process.terminationStatus == 0, "fixture command failed: \(command)")
  }

  /// Writes `lines` lines of a combined-format access log, deterministically
  /// (fixed-seed xorshift), about 150 bytes per line, ~80% of them GET.
  private static func writeAccessLog(lines: Int, to path: String) {
    guard let file = fopen(path, "w") else { fatalError("cannot create \(path)") }
    defer { fclose(file) }
    var rng = XorShift(seed: 0x5EED_1234_ABCD_0001)
    let methods = ["GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD"]
    let statuses = [200, 200, 200, 200, 200, 200, 304, 404, 301, 500]
    let sections = ["api/v1/users", "api/v1/orders", "static/js", "static/css", "blog", "images"]
    let agents = [
      "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
      "curl/8.5.0",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ]
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    var second = 0
    for _ in 0..<lines {
      if rng.next() % 3 == 0 { second += 1 }
      let ip = "\(rng.next() % 223 + 1).\(rng.next() % 256).\(rng.next() % 256).\(rng.next() % 254 + 1)"
      let time = String(
        format: "%02d/Mar/2024:%02d:%02d:%02d +0000",
        1 + (second / 86400) % 28, (second / 3600) % 24, (second / 60) % 60, second % 60)
      let method = methods[Int(rng.next() % UInt64(methods.count))]
      let path = "/\(sections[Int(rng.next() % UInt64(sections.count))])/\(rng.next() % 1_000_000)"
      let status = statuses[Int(rng.next() % UInt64(statuses.count))]
      let size = status == 304 ? 0 : Int(rng.next() % 50_000)
      let agent = agents[Int(rng.next() % UInt64(agents.count))]
      let line = "\(ip) - - [\(time)] \"\(method) \(path) HTTP/1.1\" \(status) \(size) \"-\" \"\(agent)\"\n"
      buffer.append(contentsOf: line.utf8)
      if buffer.count >= 1 << 20 {
        _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  }
}

struct XorShift {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state &* 0x2545_F491_4F6C_DD1D
  }
}

// MARK: - Benchmarks

/// One workload: a full pass over a fixture, returning the number of lines it
/// saw (checked, so a broken reader cannot look fast).
struct Workload: Sendable {
  let name: String
  let fixture: @Sendable () -> Fixture
  let pass: @Sendable (Fixture) throws -> Int
  /// Whether the pass sees every line (false for filters).
  var countsAllLines = true
}

func sumOfCounts(_ path: String) throws -> Int {
  var lines = 0
  var bytes = 0
  try Input(paths: [path]).forEachLine { line in
    lines += 1
    bytes &+= line.count
  }
  blackHole(bytes)
  return lines
}

let workloads: [Workload] = [
  Workload(name: "forEachLine plain, 1M lines", fixture: { .oneMillion }) { fixture in
    try sumOfCounts(fixture.plain)
  },
  Workload(name: "forEachLine gzip, 1M lines", fixture: { .oneMillion }) { fixture in
    try sumOfCounts(fixture.gzip)
  },
  Workload(name: "withLines sum of counts plain, 1M lines", fixture: { .oneMillion }) { fixture in
    let (lines, bytes) = try Input(paths: [fixture.plain]).withLines { lines in
      lines.reduce(into: (0, 0)) { acc, line in
        acc.0 += 1
        acc.1 &+= line.count
      }
    }
    blackHole(bytes)
    return lines
  },
  // Counted with reduce: `lines.lazy.filter { }.count` would not be lazy
  // (a Sequence has no `count`, so Swift picks the eager `filter`, which
  // builds an array and keeps every matching record and its buffer).
  Workload(
    name: "withLines lazy filter GET plain, 1M lines", fixture: { .oneMillion },
    pass: { fixture in
      let matches = try Input(paths: [fixture.plain]).withLines { lines in
        lines.lazy.filter { $0.contains("GET") }.reduce(0) { n, _ in n + 1 }
      }
      precondition(matches > 0 && matches < fixture.lines, "implausible GET count \(matches)")
      return matches
    }, countsAllLines: false),
  // The CLI's own path for `sluice count FILE` (program parsed, newlines
  // counted block by block, the count written to /dev/null).
  Workload(name: "baseline: Runner 'count' plain, 1M lines", fixture: { .oneMillion }) { fixture in
    try runCount(fixture.plain)
    return fixture.lines
  },
  Workload(name: "baseline: Runner 'count' gzip, 1M lines", fixture: { .oneMillion }) { fixture in
    try runCount(fixture.gzip)
    return fixture.lines
  },
]

let devNull = try! FileDescriptor.open("/dev/null", .writeOnly)

func runCount(_ path: String) throws {
  let status = Runner(program: try Program("count"), input: Input(paths: [path]), output: devNull)
    .run()
  precondition(status == .success, "sluice count failed: \(status)")
}

let benchmarks: @Sendable () -> Void = {
  // Full metrics. Note: .peakMemoryResident starts the framework's sampling
  // thread, whose own allocations (about 2 per 5 ms) land in
  // mallocCountTotal; the "mallocs:" group below has no sampler and so gives
  // the exact count.
  let full = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
    timeUnits: .milliseconds,
    warmupIterations: 1,
    scalingFactor: .one,
    maxDuration: .seconds(5),
    maxIterations: 25
  )
  // Allocation counts only: deterministic, so a few iterations suffice.
  let mallocsOnly = Benchmark.Configuration(
    metrics: [.mallocCountTotal],
    warmupIterations: 1,
    scalingFactor: .one,
    maxDuration: .seconds(5),
    maxIterations: 5
  )

  func register(_ name: String, _ configuration: Benchmark.Configuration, _ workload: Workload) {
    Benchmark(name, configuration: configuration) { benchmark, fixture in
      for _ in benchmark.scaledIterations {
        let lines = try workload.pass(fixture)
        if workload.countsAllLines {
          precondition(lines == fixture.lines, "expected \(fixture.lines) lines, got \(lines)")
        }
        blackHole(lines)
      }
    } setup: {
      workload.fixture()
    }
  }

  for workload in workloads {
    register(workload.name, full, workload)
    register("mallocs: " + workload.name, mallocsOnly, workload)
  }
  // A tenth of the lines: its count should equal the 1M-line one.
  register(
    "mallocs: forEachLine plain, 100k lines", mallocsOnly,
    Workload(name: "", fixture: { .hundredThousand }) { try sumOfCounts($0.plain) })
  register(
    "mallocs: forEachLine gzip, 100k lines", mallocsOnly,
    Workload(name: "", fixture: { .hundredThousand }) { try sumOfCounts($0.gzip) })
}
