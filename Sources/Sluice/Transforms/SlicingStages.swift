/// `head N`: passes on the first N records, then asks for no more, so reading
/// stops early.
public final class HeadStage: Stage {
  private let next: any Stage
  private var remaining: Int

  /// Creates a stage passing the first `count` records to `next`.
  public init(_ count: Int, next: any Stage) {
    remaining = count
    self.next = next
  }

  /// Passes the record on while fewer than N have passed, and answers
  /// ``Flow/stop`` with the Nth (or at once when N is 0), so reading stops.
  public func process(_ record: Record) throws -> Flow {
    guard remaining > 0 else { return .stop }
    remaining -= 1
    let flow = try next.process(record)
    return remaining == 0 ? .stop : flow
  }

  /// Finishes the next stage: this stage holds nothing back.
  public func finish() throws { try next.finish() }
}

/// `skip N`: drops the first N records and passes on the rest.
public final class SkipStage: Stage {
  private let next: any Stage
  private var remaining: Int

  /// Creates a stage dropping the first `count` records.
  public init(_ count: Int, next: any Stage) {
    remaining = count
    self.next = next
  }

  /// Drops the record while fewer than N have been dropped, and passes it on
  /// after that.
  public func process(_ record: Record) throws -> Flow {
    guard remaining == 0 else {
      remaining -= 1
      return .more
    }
    return try next.process(record)
  }

  /// Finishes the next stage: this stage holds nothing back.
  public func finish() throws { try next.finish() }
}

/// `tail N`: keeps copies of the last N records and passes them on at the
/// end. Memory: N records (their buffers are reused as records go by).
public final class TailStage: Stage {
  private let next: any Stage
  private let count: Int
  /// The records kept: it grows to `count` (memory follows the records seen,
  /// not N), then the oldest is at `seen % count`.
  private var ring: [[UInt8]] = []
  private var seen = 0

  /// Creates a stage passing the last `count` records to `next`.
  public init(_ count: Int, next: any Stage) {
    self.count = count
    self.next = next
  }

  /// Keeps a copy of the record in place of the oldest one kept; passes
  /// nothing on before ``finish()``.
  public func process(_ record: Record) throws -> Flow {
    guard count > 0 else { return .more }
    if ring.count < count {
      ring.append(record.bytes)
    } else {
      let slot = seen % count
      record.withUnsafeBytes { bytes in
        ring[slot].removeAll(keepingCapacity: true)
        ring[slot].append(contentsOf: bytes)
      }
    }
    seen += 1
    return .more
  }

  /// Passes on the records kept, oldest first, until the next stage wants no
  /// more, then finishes it.
  public func finish() throws {
    let kept = min(seen, ring.count)
    var builder = RecordBuilder()
    for index in (seen - kept)..<seen {
      builder.reset()
      ring[index % ring.count].withUnsafeBytes { builder.append($0) }
      if try next.process(builder.finish()) == .stop { break }
    }
    try next.finish()
  }
}
