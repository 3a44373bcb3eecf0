import CPCRE2
import Synchronization

// The only file that calls PCRE2. Everything PCRE2-shaped (code and match-data
// pointers, option bits, negative return codes, the error-message buffer)
// stays here; the rest of sluice sees `CompiledRegex`, `PatternError` and
// `MatchFailure`. PCRE2's public names are macros that paste the code-unit
// width on (`pcre2_compile` is `pcre2_compile_8`), which Swift cannot expand,
// so the `_8` functions are called by their real names.
//
// Measured on a 64 MiB access log (`Benchmarks/gen_access_log.py --size-mb 64`,
// 289,006 lines), lines framed once and held in memory, then matched one by
// one through the public API from another module (`RecordMatcher.matches`);
// release build, thread CPU time, best of 9, 2-core AMD EPYC VM. Million
// lines per second:
//
//   pattern                             Swift Regex   PCRE2 JIT   literal (-F)
//   " 500 "                                    0.16        28.0           32.0
//   "GET /api/v1/users/[0-9]+"                 0.17        20.5       25.9 (1)
//   -i " 500 "                                    -        28.0           31.9
//
//   (1) the literal part "GET /api/v1/users/" alone.
//
// Swift's `Regex` is `firstMatch(in:)` on a `String` made from each line
// (making the String alone runs at 19 M lines/s). A loop that calls the
// matcher and matches nothing runs at 120 M lines/s, so on " 500 " PCRE2's
// JIT (which finds start candidates with SIMD itself) takes ~27 ns a line and
// the literal searcher ~23. Compiled into the caller, the literal searcher
// runs " 500 " at 37.6 M lines/s, against 13.0 M for memchr on its rarest
// byte alone and 7 M for memchr on its first byte (`Record.contains`).
//
// End to end (hyperfine, medians of 20, same file): `sluice 'lines | count'`
// 24.9 ms; `'grep -F " 500 " | count'` 29.7 ms (GNU grep -c -F 60.5 ms);
// `-F -i` 29.9 ms; `'grep " 500 " | count'` 31.5 ms;
// `'grep "GET /api/v1/users/[0-9]+" | count'` 35.9 ms (GNU grep -c -P
// 29.3 ms, -E 29.2 ms: GNU grep searches the whole buffer, not line by line).

/// Why a pattern is not a valid regular expression: PCRE2's message and the
/// byte offset in the pattern where it noticed.
public struct PatternError: Error, Equatable, Sendable, CustomStringConvertible {
  /// PCRE2's description of the fault, such as "missing closing parenthesis".
  public let message: String
  /// The offset in bytes (of the pattern's UTF-8) where the fault was found.
  public let offset: Int

  /// The message and offset in one line.
  public var description: String { "\(message) at offset \(offset)" }
}

/// Why a regular expression could not decide whether a record matches: it
/// exceeded PCRE2's resource limits on that record, which takes catastrophic
/// backtracking (a pattern like `(a+)+$` on a long run of `a`), not merely a
/// long record.
public struct MatchFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// What was exceeded, in words.
  public let reason: String

  /// The reason.
  public var description: String { reason }
}

/// A regular expression compiled once by PCRE2 (JIT-compiled where the
/// platform allows) and matched against raw bytes.
///
/// Matching is on bytes, not UTF-8 text (the pattern is compiled without, and
/// may not turn on, UTF mode), so invalid UTF-8 in a subject never errors: `.`
/// is any byte but LF, `\xff` is the byte 0xFF, and caseless matching folds
/// ASCII letters only. `^` and `$` also match at each LF inside a subject
/// (multi-line mode), so a pattern anchored to a line start matches any line
/// of a multi-line record.
///
/// Resource limits, so that no subject can make a match take unbounded
/// memory: the JIT keeps its backtracking state on a stack of its own that
/// grows up to ``jitStackLimit`` (memory is taken as it is touched: a pattern
/// like `(a|b)*` over a 20 KB record needs about 1 MiB); a subject that needs
/// more is matched again by the interpreter, whose backtracking frames live
/// on the heap, capped at ``heapLimitKiB`` and about 10 times slower. Both
/// stack and heap are reused from one match to the next. Both engines count
/// backtracking steps per start position up to ``matchLimit`` (PCRE2's
/// default). Only a pattern that backtracks catastrophically meets the limits
/// (`(a+)+$`); matching then throws ``MatchFailure`` instead of guessing an
/// answer. The count being per start position, a pattern that backtracks over
/// the whole record at every position (`(a|b)*x` on a long run of `ab`) is
/// not stopped: it is quadratic in the record's length (2 s for 40 KB).
///
/// The match data and JIT stack (the only per-match scratch) are allocated
/// once and reused. The compiled code is never changed after `init`, so an
/// instance may be shared between threads: a call that finds the scratch in
/// use by another thread allocates match data for that call and runs the JIT
/// on its own thread's stack (32 KiB, then the interpreter).
final class CompiledRegex: @unchecked Sendable {
  /// The backtracking steps allowed per start position (PCRE2's default).
  static let matchLimit: UInt32 = 10_000_000
  /// The heap the interpreter may use for backtracking, in KiB (PCRE2's
  /// default is 20 GiB, far over sluice's memory budget).
  static let heapLimitKiB: UInt32 = 64 * 1024
  /// The most the JIT stack may grow to, in bytes (it starts at 32 KiB).
  static let jitStackLimit = 1 << 20

  private let code: OpaquePointer
  /// Limits and the JIT stack, for calls that own the scratch.
  private let context: OpaquePointer
  /// Limits only, for calls from another thread while the scratch is in use.
  private let sharedContext: OpaquePointer
  private let matchData: OpaquePointer
  private let jitStack: OpaquePointer?
  private let busy = Atomic<Bool>(false)
  /// Whether the JIT compiled the pattern.
  let isJITCompiled: Bool

  /// Compiles `pattern` (its UTF-8 bytes, PCRE2/Perl syntax).
  init(pattern: String, caseless: Bool) throws(PatternError) {
    // A trailing NUL keeps the pointer valid for an empty pattern; the length
    // passed excludes it, so NULs inside the pattern are pattern bytes.
    var bytes = Array(pattern.utf8)
    let length = bytes.count
    bytes.append(0)
    var options = UInt32(PCRE2_MULTILINE) | UInt32(PCRE2_NEVER_UTF)
    if caseless { options |= UInt32(PCRE2_CASELESS) }
    var errorCode: Int32 = 0
    var errorOffset = 0
    let compiled = bytes.withUnsafeBufferPointer {
      pcre2_compile_8($0.baseAddress, length, options, &errorCode, &errorOffset, nil)
    }
    guard let compiled else {
      throw PatternError(message: Self.message(for: errorCode), offset: errorOffset)
    }
    code = compiled
    // JIT compilation fails where the platform has no JIT or forbids
    // executable memory; the interpreter then does the matching.
    isJITCompiled = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
    guard let context = pcre2_match_context_create_8(nil),
      let sharedContext = pcre2_match_context_create_8(nil),
      let matchData = pcre2_match_data_create_8(1, nil)
    else {
      preconditionFailure("PCRE2 could not allocate a match context")
    }
    for context in [context, sharedContext] {
      pcre2_set_match_limit_8(context, Self.matchLimit)
      pcre2_set_heap_limit_8(context, Self.heapLimitKiB)
    }
    // Without a JIT stack of its own (none when the JIT is unavailable or
    // the stack cannot be had), the JIT uses 32 KiB of the machine stack.
    jitStack = isJITCompiled ? pcre2_jit_stack_create_8(32 << 10, Self.jitStackLimit, nil) : nil
    if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    self.context = context
    self.sharedContext = sharedContext
    self.matchData = matchData
  }

  deinit {
    pcre2_match_data_free_8(matchData)
    pcre2_match_context_free_8(context)
    pcre2_match_context_free_8(sharedContext)
    if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    pcre2_code_free_8(code)
  }

  /// Whether the regular expression matches anywhere in `bytes`.
  ///
  /// - Throws: ``MatchFailure`` when the match exceeded the resource limits.
  func matches(_ bytes: UnsafeRawBufferPointer) throws(MatchFailure) -> Bool {
    if busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
      defer { busy.store(false, ordering: .releasing) }
      return try matches(bytes, using: matchData, context)
    }
    guard let scratch = pcre2_match_data_create_8(1, nil) else {
      preconditionFailure("PCRE2 could not allocate match data")
    }
    defer { pcre2_match_data_free_8(scratch) }
    return try matches(bytes, using: scratch, sharedContext)
  }

  private func matches(
    _ bytes: UnsafeRawBufferPointer, using matchData: OpaquePointer, _ context: OpaquePointer
  ) throws(MatchFailure) -> Bool {
    // PCRE2 rejects a null subject even when it is empty.
    let subject = (bytes.baseAddress ?? Self.emptySubject).assumingMemoryBound(to: UInt8.self)
    var status: Int32
    if isJITCompiled {
      status = pcre2_jit_match_8(code, subject, bytes.count, 0, 0, matchData, context)
      if status == PCRE2_ERROR_JIT_STACKLIMIT {
        status = pcre2_match_8(
          code, subject, bytes.count, 0, UInt32(PCRE2_NO_JIT), matchData, context)
      }
    } else {
      status = pcre2_match_8(code, subject, bytes.count, 0, 0, matchData, context)
    }
    // A positive status is the number of captures set; 0 means they did not
    // all fit in the one-pair match data, which is still a match.
    if status >= 0 { return true }
    if status == PCRE2_ERROR_NOMATCH { return false }
    throw MatchFailure(reason: Self.failureReason(for: status))
  }

  /// One readable byte, never written, standing in for an empty subject's
  /// missing address.
  nonisolated(unsafe) private static let emptySubject = UnsafeRawPointer(
    UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

  private static func failureReason(for status: Int32) -> String {
    switch status {
    case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT:
      "the regular expression backtracked more than \(matchLimit) steps (PCRE2 match limit)"
    case PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_NOMEMORY:
      "the regular expression needed more than \(heapLimitKiB / 1024) MiB to backtrack (PCRE2 heap limit)"
    default:
      "PCRE2 match error: \(message(for: status))"
    }
  }

  private static func message(for errorCode: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = buffer.withUnsafeMutableBufferPointer {
      pcre2_get_error_message_8(errorCode, $0.baseAddress, $0.count)
    }
    guard length > 0 else { return "PCRE2 error \(errorCode)" }
    return String(decoding: buffer[..<Int(length)], as: UTF8.self)
  }
}
