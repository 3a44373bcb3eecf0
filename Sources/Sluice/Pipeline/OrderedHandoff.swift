/// Hands what several producer threads make for the numbered parts of a job
/// (in a parallel run, one part per input file) to one consumer, in part
/// order, in bounded memory.
///
/// Producers ``claim()`` parts in increasing order, ``put(_:size:into:)``
/// items into the part they claimed and end it with ``finish(_:with:)``. The
/// consumer's ``next()`` gives the items of part 0, in order, then its
/// outcome, then those of part 1, and so on.
///
/// Memory is bounded whatever the sizes of the parts, in bytes as `put`
/// counts them: at most `capacity + aheadBudget` wait here. The producer of
/// the part being consumed may fill it up to `capacity`; the parts ahead of
/// it share `aheadBudget` (what lets their producers work ahead: the larger,
/// the longer they go on before they wait), which also covers what a part
/// brought over `capacity` when its turn came. `put` waits for room; an
/// item larger than that is taken when its part (or, for the parts ahead, all
/// of them) holds nothing else. And a producer can claim
/// a part only while it is fewer than `window` parts ahead of the one being
/// consumed, which bounds the outcomes waiting.
///
/// The part being consumed always belongs to a producer that is either making
/// it or finished it, and the consumer empties it, so nothing waits forever:
/// the parts ahead wait for it, never the other way round.
///
/// Waiting: the consumer and the producer of the part being consumed wait on
/// one monitor, woken by each item put or taken; producers waiting for a turn
/// (room ahead, a part within the window) wait on another, woken only when
/// the consumer moves on to the next part, so that the items going back and
/// forth do not wake them (`sluice -j 2 cat` over four 64 MiB gzip files, 64
/// KiB items: 481 ms with one monitor, 444 ms with two; -j 1 takes 391 ms).
/// ``cancel()`` wakes everyone: a producer's `put` then throws ``Cancelled``,
/// `claim` and `next` return `nil`.
final class OrderedHandoff<Item: Sendable, Outcome: Sendable>: Sendable {
  /// Thrown by ``put(_:size:into:)`` once the handoff is cancelled.
  struct Cancelled: Error {}

  /// What the consumer gets next.
  enum Event {
    /// An item of part `part`.
    case item(Item, part: Int)
    /// The end of part `part`: its outcome. The next event is about the
    /// next part.
    case end(Outcome, part: Int)
  }

  private struct Part {
    var items: [(item: Item, size: Int)] = []
    var buffered = 0
    var outcome: Outcome?
  }

  private struct State {
    var nextToClaim = 0
    /// The part the consumer takes from.
    var current = 0
    var parts: [Int: Part] = [:]
    var cancelled = false
    /// The bytes held by all parts, and the most they ever held.
    var buffered = 0
    var peakBuffered = 0
    /// How many times room ahead was made: the consumer moved on to the next
    /// part or took from a part over its capacity (or the handoff was
    /// cancelled).
    var turn = 0

    /// The bytes counted against the budget ahead: all but what the current
    /// part holds within the capacity.
    func ahead(capacity: Int) -> Int {
      buffered - min(parts[current]?.buffered ?? 0, capacity)
    }
  }

  /// What an attempt to put an item came to.
  private enum Attempt {
    case accepted
    case cancelled
    /// There is no room for it before the consumer moves on from `turn`.
    case waitForTurn(Int)
  }

  /// The number of parts.
  let partCount: Int
  /// How far ahead of the consumer a part can be claimed.
  let window: Int
  /// The bytes the part being consumed may hold before `put` waits.
  let capacity: Int
  /// The bytes the parts after it may hold together before `put` waits.
  let aheadBudget: Int
  private let monitor: Monitor<State>
  /// `State.turn`, for the producers waiting for a turn.
  private let turns = Monitor(0)

  /// A handoff of `parts` parts; see the type's description for `window`
  /// (at least 1), `capacity` and `aheadBudget`.
  init(parts: Int, window: Int, capacity: Int, aheadBudget: Int) {
    precondition(window >= 1 && capacity >= 1 && aheadBudget >= 1)
    partCount = parts
    self.window = window
    self.capacity = capacity
    self.aheadBudget = aheadBudget
    monitor = Monitor(State())
  }

  /// For a producer: the next part to make, once it is within the window;
  /// `nil` when every part has been claimed or the handoff is cancelled.
  func claim() -> Int? {
    while true {
      let claimed: (part: Int?, turn: Int?) = monitor.update { state in
        guard !state.cancelled && state.nextToClaim < partCount else { return (nil, nil) }
        guard state.nextToClaim < state.current + window else { return (nil, state.turn) }
        let part = state.nextToClaim
        state.nextToClaim += 1
        state.parts[part] = Part()
        return (part, nil)
      }
      guard let turn = claimed.turn else { return claimed.part }
      waitForTurn(after: turn)
    }
  }

  /// For the producer of `part`: adds `item`, which counts as `size` bytes,
  /// waiting for room (see the type's description).
  ///
  /// - Throws: ``Cancelled`` when the handoff is (or gets) cancelled.
  func put(_ item: Item, size: Int, into part: Int) throws(Cancelled) {
    while true {
      let attempt = monitor.wait(
        until: { state in
          // The producer of the current part waits here for room; the others
          // go and wait for a turn.
          guard !state.cancelled, let held = state.parts[part]?.buffered, part == state.current
          else { return true }
          return held == 0 || held + size <= self.capacity
        },
        then: { state -> Attempt in
          guard !state.cancelled, state.parts[part] != nil else { return .cancelled }
          if part != state.current {
            let ahead = state.ahead(capacity: capacity)
            if ahead > 0 && ahead + size > aheadBudget { return .waitForTurn(state.turn) }
          }
          state.parts[part]!.items.append((item, size))
          state.parts[part]!.buffered += size
          state.buffered += size
          state.peakBuffered = max(state.peakBuffered, state.buffered)
          return .accepted
        })
      switch attempt {
      case .accepted: return
      case .cancelled: throw Cancelled()
      case .waitForTurn(let turn): waitForTurn(after: turn)
      }
    }
  }

  /// Waits until the consumer has moved on from `turn` (or the handoff is
  /// cancelled).
  private func waitForTurn(after turn: Int) {
    turns.wait(until: { $0 > turn }, then: { _ in })
  }

  /// Tells the producers waiting for a turn that `turn` has come.
  private func announce(_ turn: Int) {
    turns.update { $0 = max($0, turn) }
  }

  /// For the producer of `part`: ends it with `outcome`.
  func finish(_ part: Int, with outcome: Outcome) {
    monitor.update { state in state.parts[part]?.outcome = outcome }
  }

  /// For the consumer: the next item of the current part, or its outcome
  /// once its items are all taken (and then the next part is current),
  /// waiting for the producer as needed; `nil` after the last part's outcome
  /// or once the handoff is cancelled.
  func next() -> Event? {
    let (event, turn): (Event?, Int?) = monitor.wait(
      until: { state in
        guard !state.cancelled && state.current < self.partCount else { return true }
        guard let part = state.parts[state.current] else { return false }
        return !part.items.isEmpty || part.outcome != nil
      },
      then: { state in
        guard !state.cancelled && state.current < partCount else { return (nil, nil) }
        let index = state.current
        if !state.parts[index]!.items.isEmpty {
          let (item, size) = state.parts[index]!.items.removeFirst()
          let wasOver = state.parts[index]!.buffered > capacity
          state.parts[index]!.buffered -= size
          state.buffered -= size
          // Taking from a part over its capacity makes room ahead.
          guard wasOver else { return (.item(item, part: index), nil) }
          state.turn += 1
          return (.item(item, part: index), state.turn)
        }
        let outcome = state.parts.removeValue(forKey: index)!.outcome!
        state.current += 1
        state.turn += 1
        return (.end(outcome, part: index), state.turn)
      })
    if let turn { announce(turn) }
    return event
  }

  /// Stops everything: producers waiting or about to wait in `put` get
  /// ``Cancelled``; `claim` and `next` return `nil`. What is buffered is
  /// dropped.
  func cancel() {
    let turn = monitor.update { state in
      state.cancelled = true
      state.parts = [:]
      state.buffered = 0
      state.turn += 1
      return state.turn
    }
    announce(turn)
  }

  /// Whether ``cancel()`` was called.
  var isCancelled: Bool { monitor.read(\.cancelled) }

  /// The most bytes that were buffered at once, over all parts.
  var peakBuffered: Int { monitor.read(\.peakBuffered) }
}
