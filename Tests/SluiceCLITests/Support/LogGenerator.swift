// Deterministic generators of realistic logs for the black-box tests: the same
// seed gives the same bytes on every machine (`SeededRandom`, no clock, no
// system randomness), so a failing case can be reproduced from its seed.

import Sluice

enum LogGenerator {
  // MARK: - Web access log (combined format)

  /// A combined-format access log of about `lines` lines (odd lines
  /// included): `IP - USER [DATE] "METHOD PATH PROTO" STATUS SIZE "REFERER" "AGENT"`.
  ///
  /// With `oddLines`, about 7% of the lines are the kind real logs have now and
  /// then: empty, blanks only, fields separated by tabs, leading blanks,
  /// truncated (cut before the status), a CR before the LF, one very long
  /// line, invalid UTF-8 in the path or the agent, and adjacent duplicates.
  /// Without `finalNewline` the last line has no LF.
  static func accessLog(
    seed: UInt64, lines: Int, oddLines: Bool = true, finalNewline: Bool = false
  ) -> [UInt8] {
    var rng = SeededRandom(seed: seed)
    let ips = (0..<250).map { _ in randomIP(using: &rng) }
    let hotPaths = (0..<150).map { _ in Array(randomPath(using: &rng).utf8) }
    var clock = 0  // seconds since 2024-03-01T00:00:00Z
    var out: [UInt8] = []
    var previous: [UInt8] = []
    var written = 0
    var longLineWritten = false

    func emit(_ line: [UInt8]) {
      out += line
      out.append(0x0A)
      previous = line
      written += 1
    }

    while written < lines {
      clock += Int.random(in: 0...2, using: &rng)
      // Busy addresses (crawlers, NATs) much more often than the rest.
      let u = Double.random(in: 0..<1, using: &rng)
      let ip = ips[Int(u * u * u * Double(ips.count))]
      let entry = AccessEntry(
        ip: ip, clock: clock,
        hotPath: Bool.random(using: &rng)
          ? hotPaths.randomElement(using: &rng)! : Array(randomPath(using: &rng).utf8),
        using: &rng)

      guard oddLines else {
        emit(entry.rendered)
        continue
      }
      switch Int.random(in: 0..<1000, using: &rng) {
      case 0..<8: emit([])
      case 8..<14: emit(Array(["   ", "\t", " \t  \t", " "].randomElement(using: &rng)!.utf8))
      case 14..<22:
        // The same fields, separated by tabs instead of spaces.
        emit(entry.rendered.map { $0 == 0x20 ? 0x09 : $0 })
      case 22..<30: emit(Array("  ".utf8) + entry.rendered)
      case 30..<38:
        // Cut before the request: fewer fields, no status, no size.
        let cut = Int.random(in: 1...min(38, entry.rendered.count), using: &rng)
        emit(Array(entry.rendered.prefix(cut)))
      case 38..<43: emit(entry.rendered + [0x0D])
      case 43..<50:
        var odd = entry
        odd.path =
          Array("/caf".utf8) + [0xE9] + Array("/men".utf8) + [0xC3, 0x28] + Array("u".utf8)
        if Bool.random(using: &rng) { odd.status = 500 }
        if Bool.random(using: &rng) { odd.agent = [0xFF, 0xFE] + Array("bot/1.0 ".utf8) + [0x80] }
        emit(odd.rendered)
      case 50..<52 where !longLineWritten:
        var odd = entry
        odd.path =
          Array("/search?q=".utf8)
          + (0..<20_000).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) }
        emit(odd.rendered)
        longLineWritten = true
      case 52..<72 where !previous.isEmpty:
        // Adjacent duplicates (a retried request logged twice, or thrice).
        for _ in 0..<Int.random(in: 1...3, using: &rng) where written < lines { emit(previous) }
      default: emit(entry.rendered)
      }
    }
    if !finalNewline, out.last == 0x0A {
      out.removeLast()
    }
    return out
  }

  /// One request of the access log.
  struct AccessEntry {
    var ip: String
    var user: String
    var time: String
    var method: String
    var path: [UInt8]
    var proto: String
    var status: Int
    var size: String
    var referer: String
    var agent: [UInt8]

    init(ip: String, clock: Int, hotPath: [UInt8], using rng: inout SeededRandom) {
      self.ip = ip
      user =
        Int.random(in: 0..<10, using: &rng) == 0
        ? ["alice", "bob", "carol"].randomElement(using: &rng)! : "-"
      time = LogGenerator.accessTime(clock)
      method = LogGenerator.weighted(
        [("GET", 80), ("POST", 12), ("HEAD", 4), ("PUT", 2), ("DELETE", 2)], using: &rng)
      path = hotPath
      proto = LogGenerator.weighted(
        [("HTTP/1.1", 60), ("HTTP/2.0", 35), ("HTTP/1.0", 5)], using: &rng)
      status = LogGenerator.weighted(
        [
          (200, 70), (304, 8), (404, 7), (301, 4), (302, 3), (500, 3), (201, 2), (403, 2), (503, 1),
        ], using: &rng)
      if status == 304 {
        size = "-"
      } else if method == "HEAD" || status == 201 {
        size = "0"
      } else {
        // Sizes over five orders of magnitude, so that the statistics have a tail.
        let digits = LogGenerator.weighted(
          [(2, 10), (3, 40), (4, 35), (5, 12), (6, 3)], using: &rng)
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        size = String(Int.random(in: (limit / 10)..<limit, using: &rng))
      }
      referer =
        Bool.random(using: &rng)
        ? "-"
        : "https://www.example.com"
          + String(decoding: hotPath.prefix { $0 != 0x3F && $0 < 0x80 }, as: UTF8.self)
      agent = Array(LogGenerator.userAgents.randomElement(using: &rng)!.utf8)
    }

    var rendered: [UInt8] {
      Array("\(ip) - \(user) [\(time)] \"\(method) ".utf8) + path
        + Array(" \(proto)\" \(status) \(size) \"\(referer)\" \"".utf8) + agent + [0x22]
    }
  }

  static let userAgents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "-",
  ]

  static let words = [
    "alpha", "bravo", "coffee", "delta", "error", "fox", "garden", "harbor", "index", "jungle",
    "kernel", "lemon", "metrics", "night", "orange", "pixel", "quartz", "river", "status", "tiger",
  ]

  static func randomIP(using rng: inout SeededRandom) -> String {
    switch Int.random(in: 0..<20, using: &rng) {
    case 0..<3:
      return "10.0.\(Int.random(in: 0...3, using: &rng)).\(Int.random(in: 1...254, using: &rng))"
    case 3..<5: return "2001:db8::\(String(Int.random(in: 1...0xFFFF, using: &rng), radix: 16))"
    default:
      return (0..<4).map { _ in String(Int.random(in: 1...254, using: &rng)) }.joined(
        separator: ".")
    }
  }

  static func randomPath(using rng: inout SeededRandom) -> String {
    let word = { (rng: inout SeededRandom) in words.randomElement(using: &rng)! }
    switch Int.random(in: 0..<100, using: &rng) {
    case 0..<30:
      let ext = ["css", "js", "png", "svg", "woff2"].randomElement(using: &rng)!
      return "/static/\(ext)/\(word(&rng)).\(String(rng.next() & 0xFFFF_FFFF, radix: 16)).\(ext)"
    case 30..<55:
      let resource = ["users", "orders", "items", "carts"].randomElement(using: &rng)!
      let tail =
        Bool.random(using: &rng)
        ? "" : ["/history", "/status", "/items"].randomElement(using: &rng)!
      // Ids like 500 or 404 make a naive search for the status find the path.
      let id =
        Int.random(in: 0..<10, using: &rng) == 0
        ? [200, 404, 500].randomElement(using: &rng)! : Int.random(in: 1...99_999, using: &rng)
      return "/api/v1/\(resource)/\(id)\(tail)"
    case 55..<68:
      return "/search?q=\(word(&rng))+\(word(&rng))&page=\(Int.random(in: 1...20, using: &rng))"
    case 68..<80:
      return "/blog/\(Int.random(in: 2015...2024, using: &rng))/\(word(&rng))-\(word(&rng))"
    case 80..<95:
      return ["/", "/index.html", "/about", "/login", "/favicon.ico", "/robots.txt", "/healthz"]
        .randomElement(using: &rng)!
    default:
      return "/\(["wp-admin", "cgi-bin", "phpmyadmin"].randomElement(using: &rng)!)/index.php"
    }
  }

  /// `01/Mar/2024:13:05:09 +0000` for `seconds` after 2024-03-01T00:00:00Z
  /// (within March: the logs here cover a few hours).
  static func accessTime(_ seconds: Int) -> String {
    let day = 1 + seconds / 86_400
    let rest = seconds % 86_400
    return
      "\(pad(day, 2))/Mar/2024:\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2)) +0000"
  }

  // MARK: - Java-style application log (multi-line records)

  /// An application log of `entries` entries: a line starting with the date
  /// (`2024-03-01 13:05:09.123 LEVEL [thread] logger - message`), then 0 to 5
  /// lines that do not (exception names, `Caused by:`, indented `at ...`
  /// frames, `... N more`, now and then an empty line or an indented date).
  /// With `preamble`, two lines before the first entry (a record of their own
  /// for `records --start`). `entries` is the number of start lines.
  static func javaLog(seed: UInt64, entries: Int, preamble: Bool, finalNewline: Bool = true)
    -> [UInt8]
  {
    var rng = SeededRandom(seed: seed)
    var lines: [String] = []
    if preamble {
      lines += [
        "Picked up JAVA_TOOL_OPTIONS: -Xmx512m -XX:+UseG1GC", "    (log configuration reloaded)",
      ]
    }
    var millis = 0
    for _ in 0..<entries {
      millis += Int.random(in: 0...4000, using: &rng)
      let level = weighted([("INFO", 66), ("DEBUG", 10), ("WARN", 14), ("ERROR", 10)], using: &rng)
      let thread = weighted(
        [
          ("main", 1), ("http-nio-8080-exec-\(Int.random(in: 1...12, using: &rng))", 6),
          ("scheduler-1", 1), ("db-pool-\(Int.random(in: 1...4, using: &rng))", 2),
        ], using: &rng)
      let logger = loggers.randomElement(using: &rng)!
      let message: String
      switch level {
      case "ERROR":
        message = [
          "Request failed", "Could not acquire connection", "Unhandled exception", "Job aborted",
        ].randomElement(using: &rng)!
      case "WARN":
        message = [
          "Slow query took \(Int.random(in: 500...9000, using: &rng)) ms", "Retrying request",
          "Cache miss storm",
        ].randomElement(using: &rng)!
      case "DEBUG":
        message = "cache hit ratio 0.\(Int.random(in: 10...99, using: &rng)) since 2024-02-29"
      default:
        message = [
          "Started OrderService in 4.2 seconds", "GET /api/v1/orders 200", "Scheduled cleanup done",
          "Exception counter reset",
        ].randomElement(using: &rng)!
      }
      lines.append("\(javaTime(millis)) \(level) [\(thread)] \(logger) - \(message)")

      let traced =
        (level == "ERROR" && Int.random(in: 0..<5, using: &rng) > 0)
        || (level == "WARN" && Int.random(in: 0..<3, using: &rng) == 0)
      guard traced else { continue }
      let length = Int.random(in: 1...5, using: &rng)
      let exception = exceptions.randomElement(using: &rng)!
      var trace = [exception]
      while trace.count < length {
        switch Int.random(in: 0..<20, using: &rng) {
        case 0: trace.append("")
        case 1: trace.append("    2024-03-01 was the last successful run")
        case 2..<4: trace.append("Caused by: \(exceptions.randomElement(using: &rng)!)")
        case 4: trace.append("\t... \(Int.random(in: 3...40, using: &rng)) more")
        default: trace.append("\tat \(frames.randomElement(using: &rng)!)")
        }
      }
      lines += trace
    }
    var out = Array(lines.joined(separator: "\n").utf8)
    if finalNewline, !out.isEmpty { out.append(0x0A) }
    return out
  }

  static let loggers = [
    "com.example.api.OrderController", "com.example.db.ConnectionPool",
    "com.example.cache.RedisClient",
    "com.example.auth.TokenService", "com.example.jobs.Cleanup",
  ]

  static let exceptions = [
    "java.lang.NullPointerException: Cannot invoke \"Order.getId()\" because \"order\" is null",
    "java.sql.SQLException: Connection is not available, request timed out after 30000ms",
    "java.net.SocketTimeoutException: Read timed out",
    "java.lang.IllegalStateException: Token expired",
    "redis.clients.jedis.exceptions.JedisConnectionException: Unexpected end of stream",
  ]

  static let frames = [
    "com.example.db.ConnectionPool.acquire(ConnectionPool.java:88)",
    "com.example.db.OrderRepository.find(OrderRepository.java:142)",
    "com.example.api.OrderController.show(OrderController.java:57)",
    "com.example.cache.RedisClient.get(RedisClient.java:31)",
    "com.example.auth.TokenService.verify(TokenService.java:203)",
    "java.base/java.lang.Thread.run(Thread.java:1583)",
  ]

  /// `2024-03-01 13:05:09.123` for `millis` after midnight on 2024-03-01.
  static func javaTime(_ millis: Int) -> String {
    let seconds = millis / 1000
    let day = 1 + seconds / 86_400
    let rest = seconds % 86_400
    return
      "2024-03-\(pad(day, 2)) \(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2)).\(pad(millis % 1000, 3))"
  }

  // MARK: - Comma-separated values

  /// `id,ip,status,bytes,path,agent` rows with empty fields, trailing commas,
  /// rows with fewer or more fields, blank and empty rows, and a header.
  static func csv(seed: UInt64, lines: Int) -> [UInt8] {
    var rng = SeededRandom(seed: seed)
    var out = Array("id,ip,status,bytes,path,agent\n".utf8)
    for id in 1..<lines {
      let ip = randomIP(using: &rng)
      let status = weighted([("200", 8), ("404", 1), ("500", 1)], using: &rng)
      let bytes = String(Int.random(in: 0...99_999, using: &rng))
      let path = randomPath(using: &rng)
      let agent = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)", "-", ""].randomElement(
        using: &rng)!
      var fields = ["\(id)", ip, status, bytes, path, agent]
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<5: fields[Int.random(in: 1..<fields.count, using: &rng)] = ""
      case 5..<8: fields.removeLast(Int.random(in: 1...5, using: &rng))
      case 8..<10: fields.append("")
      case 10..<12: fields.append("extra;note")
      case 12: fields = [""]
      case 13: fields = ["   "]
      case 14: fields = [" \(ip) ", " \(status)"]
      default: break
      }
      out += Array(fields.joined(separator: ",").utf8)
      out.append(0x0A)
    }
    return out
  }

  // MARK: - Helpers

  static func weighted<T>(_ choices: [(T, Int)], using rng: inout SeededRandom) -> T {
    var pick = Int.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &rng)
    for (value, weight) in choices {
      if pick < weight { return value }
      pick -= weight
    }
    return choices[choices.count - 1].0
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
