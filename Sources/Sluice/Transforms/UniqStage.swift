#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// `uniq [-c]`: collapses each run of identical adjacent records into one, as
/// uniq(1) does; with counting, passes on `COUNT<TAB>RECORD` for each run.
///
/// Memory: one copy of the current record, in a buffer reused from one record
/// to the next (no allocation per record once it has grown to the longest
/// record). Without counting, a record is passed on as soon as it differs from
/// the one before; with counting, when its run ends (at the next different
/// record, or at the end).
public final class UniqStage: Stage {
  private let next: any Stage
  /// Everything in one stored property, so that a record costs one dynamic
  /// exclusivity check, not one per property.
  private var state: State

  private enum Step {
    /// The record continues the run: nothing to pass on.
    case drop
    /// The record starts a run: pass it on.
    case pass
    /// The record starts a run: pass on this line about the run it ended.
    case emit(Record)
    /// The next stage asked for no more.
    case stop
  }

  private struct State {
    let counting: Bool
    /// The record of the current run (valid when `runLength > 0`): its first
    /// `currentCount` bytes. An array rather than a class-held buffer, whose
    /// every access would cost a dynamic exclusivity check.
    var current = [UInt8](repeating: 0, count: 256)
    var currentCount = 0
    var runLength = 0
    var line = RecordBuilder(capacity: 256)
    var stopped = false

    mutating func take(_ record: Record) -> Step {
      if stopped { return .stop }
      return record.withUnsafeBytes { bytes in
        if runLength > 0 && bytes.count == currentCount
          && (bytes.count == 0
            || current.withUnsafeBytes { memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) }
              == 0)
        {
          runLength += 1
          return .drop
        }
        let step: Step = counting ? (runLength > 0 ? .emit(runLine()) : .drop) : .pass
        if bytes.count > current.count {
          current = [UInt8](repeating: 0, count: max(bytes.count, current.count * 2))
        }
        if let source = bytes.baseAddress {
          current.withUnsafeMutableBytes {
            $0.baseAddress!.copyMemory(from: source, byteCount: bytes.count)
          }
        }
        currentCount = bytes.count
        runLength = 1
        return step
      }
    }

    /// The last run's line when counting, unless the next stage asked to stop.
    mutating func end() -> Record? {
      defer { runLength = 0 }
      return counting && runLength > 0 && !stopped ? runLine() : nil
    }

    /// `COUNT<TAB>RECORD` for the current run.
    private mutating func runLine() -> Record {
      current.withUnsafeBytes {
        KeyedOutput.build(
          count: runLength, UnsafeRawBufferPointer(rebasing: $0[0..<currentCount]), in: &line)
      }
      return line.finish()
    }
  }

  /// Creates a stage passing one record per run to `next`, preceded by the
  /// run's length and a TAB when `counting`.
  public init(counting: Bool = false, next: any Stage) {
    state = State(counting: counting)
    self.next = next
  }

  /// Drops the record when it repeats the one before. Otherwise, without
  /// counting, passes it on; with counting, passes on the line about the run
  /// it ends, if any.
  public func process(_ record: Record) throws -> Flow {
    let flow: Flow
    switch state.take(record) {
    case .drop: return .more
    case .stop: return .stop
    case .pass: flow = try next.process(record)
    case .emit(let line): flow = try next.process(line)
    }
    if flow == .stop { state.stopped = true }
    return flow
  }

  /// Passes on the last run when counting (unless `next` asked to stop), then
  /// finishes `next`.
  public func finish() throws {
    if let line = state.end() { _ = try next.process(line) }
    try next.finish()
  }
}
