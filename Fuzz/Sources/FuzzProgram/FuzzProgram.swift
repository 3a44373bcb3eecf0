import FuzzSupport
import Glibc
import Sluice

// Fuzzes the program text: parsing (every stage's options and arguments,
// quoting, sizes, times, regular expressions, JSON paths) and, when it
// parses, running it over a few lines of access log, JSON and text. Programs
// that write files (`split`) are parsed only.

private let sample = """
  10.0.0.1 - - [29/Nov/2026:10:15:02 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl"
  10.0.0.2 - - [29/Nov/2026:11:15:02 +0000] "POST /b HTTP/1.1" 500 0 "-" "curl"
  {"a": 1, "b": {"c": [1, 2.5, "x"]}, "ts": "2026-11-29T10:15:02Z"}
  2026-11-29 10:15:03 ERROR x.Y: boom
  \tat x.Y.z(Y.java:1)

  a;b;c\r
  """

private let file = MemoryFile()
private let input: Input = {
  Array(sample.utf8).withUnsafeBytes { file.replaceContent(with: $0) }
  return Input(paths: [file.path])
}()
private let quiet = QuietRun()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgram(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let program = try? Program(text) else { return 0 }
  guard !program.stageNames.contains("split") else { return 0 }
  quiet.run(program, over: input)
  return 0
}
