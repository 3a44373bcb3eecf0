import Foundation
import Sluice
import Testing

@Suite struct SequenceTests {
  @Test func nothingIsOpenedBeforeTheFirstElementIsAskedFor() throws {
    let result = try Input(paths: ["/nonexistent/never-opened"]).withLines { _ in 42 }
    #expect(result == 42)
  }

  @Test func lazyChainsStopReadingWhenTheConsumerStops() throws {
    // An endless input: only a lazy reader can finish.
    let firstThree = try Input(paths: ["/dev/zero"]).withChunks(of: 1000) { chunks in
      chunks.lazy.map(\.count).prefix(3).reduce(0, +)
    }
    #expect(firstThree == 3000)
    let lines = try Input(paths: ["/dev/urandom"]).withLines { lines in
      Array(lines.lazy.filter { !$0.isEmpty }.map(\.count).prefix(5))
    }
    #expect(lines.count == 5)
  }

  @Test func filterMapPrefixLikeAGeneratorExpression() throws {
    let scratch = try Scratch()
    let text = (1...1000).map { $0 % 7 == 0 ? "ERROR \($0)" : "ok \($0)" }.joined(separator: "\n")
    let path = try scratch.gzipFile("log.gz", Array(text.utf8))
    let firstErrors = try Input(paths: [path]).withLines { lines in
      Array(lines.lazy.filter { $0.contains("ERROR") }.map(\.string).prefix(3))
    }
    #expect(firstErrors == ["ERROR 7", "ERROR 14", "ERROR 21"])
  }

  @Test func iteratingAgainContinuesLikeAGenerator() throws {
    let scratch = try Scratch()
    let path = try scratch.file("abc", "a\nb\nc\n")
    let (first, rest) = try Input(paths: [path]).withLines { lines in
      (Array(lines.prefix(1)).map(\.string), lines.map(\.string))
    }
    #expect(first == ["a"])
    #expect(rest == ["b", "c"])
  }

  @Test func aTruncatedInputCannotPassForAShortOne() throws {
    let scratch = try Scratch()
    let full = try gzip(Array((0..<20000).map { "line \($0)\n" }.joined().utf8))
    let path = try scratch.file("cut.gz", Array(full.prefix(full.count / 2)))
    var seen = 0
    let error = #expect(throws: SluiceError.self) {
      try Input(paths: [path]).withLines { lines in
        for _ in lines { seen += 1 }
      }
    }
    guard case .corruptInput(let input, let reason, let offset, _) = error else {
      Issue.record("unexpected \(String(describing: error))")
      return
    }
    #expect(input == path)
    #expect(reason == "unexpected end of file")
    #expect(offset == UInt64(full.count / 2))
    #expect(seen > 1000)
  }

  @Test func theReadErrorWinsOverAnErrorTheClosureThrowsAfterIt() throws {
    struct Mine: Error {}
    let scratch = try Scratch()
    let full = try gzip(Array("a\nb\n".utf8))
    let path = try scratch.file("cut.gz", Array(full.dropLast(3)))
    #expect(throws: SluiceError.self) {
      try Input(paths: [path]).withLines { lines in
        _ = Array(lines)
        throw Mine()
      }
    }
    #expect(throws: Mine.self) {
      try Input(paths: [try scratch.file("fine", "x\n")]).withLines { _ in throw Mine() }
    }
  }

  @Test func forEachDeliversEveryLineBeforeTheFault() throws {
    let scratch = try Scratch()
    let text = (0..<50000).map { "entry \($0)\n" }.joined()
    let full = try gzip(Array(text.utf8))
    let path = try scratch.file("cut.gz", Array(full.prefix(full.count - 20)))
    var delivered: [UInt8] = []
    #expect(throws: SluiceError.self) {
      try Input(paths: [path]).forEachLine { delivered += $0.bytes + [0x0A] }
    }
    // All but the trailer and a few final bytes are recovered.
    #expect(delivered.count > text.utf8.count - 200)
    #expect(Array(text.utf8).starts(with: delivered.dropLast(1)))
  }

  @Test func usingTheSequenceAfterItsScopeTraps() async {
    await #expect(processExitsWith: .failure) {
      let escaped = try Input(paths: ["/dev/null"]).withLines { $0 }
      _ = Array(escaped)
    }
  }

  @Test func warningsReachTheHandler() throws {
    let scratch = try Scratch()
    let path = try scratch.file("garbage.gz", try gzip(Array("x\n".utf8)) + Array("junk".utf8))
    let collected = Collected()
    let options = ReadOptions(onWarning: { collected.append($0) })
    #expect(try Input(paths: [path], options: options).collect() == [[0x78]])
    #expect(collected.values == [.trailingGarbage(input: path, offset: 22)])
  }
}

/// A thread-safe list for values reported through a `@Sendable` closure.
final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [SluiceWarning] = []
  func append(_ value: SluiceWarning) { lock.withLock { storage.append(value) } }
  var values: [SluiceWarning] { lock.withLock { storage } }
}
