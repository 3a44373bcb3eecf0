import FuzzSupport
import Sluice

// Fuzzes the reading and framing layers: the input is a file that sluice
// sniffs and decodes (plain, gzip, bzip2, xz, zstd) and frames into records.
// The first byte chooses how: the program (bits 0-2), decoding ahead on a
// thread (bit 3), the ISA-L backend when compiled in (bit 4), two copies of
// the file read by two jobs (bit 5), skipping bad records (bit 6) and a
// 64-byte record limit (bit 7). The rest is the file.

/// Programs over every framing and the stages that look inside records.
private let programs: [Program] = [
  "count",
  "lines --strip-cr | fields 2 | count-by",
  "records -s ';' | grep -F a | count",
  "records -p | count",
  "records --start '^[0-9]' | distinct",
  "chunks 100 --lines | count",
  "json .a,.b | count-by",
  "since 2024-01-01 | timeline 1d",
].map { try! Program($0) }

private let file = MemoryFile()
private let quiet = QuietRun()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let choice = Int(data[0])
  file.replaceContent(with: UnsafeRawBufferPointer(start: data + 1, count: size - 1))
  var options = ReadOptions()
  options.decodeAhead = choice & 8 != 0
  options.inflateBackend = choice & 16 != 0 && InflateBackend.isal.isAvailable ? .isal : .zlib
  if choice & 128 != 0 { options.maxRecordSize = 64 }
  let twice = choice & 32 != 0
  let input = Input(paths: twice ? [file.path, file.path] : [file.path], options: options)
  quiet.run(
    programs[choice & 7], over: input, jobs: twice ? 2 : 1,
    onError: choice & 64 != 0 ? .skip : .fail)
  return 0
}
