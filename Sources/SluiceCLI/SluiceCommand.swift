import ArgumentParser
import Sluice

@main
struct SluiceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sluice",
    abstract: "Stream plain or gzipped files through a pipeline of stages, in constant memory.",
    usage: "sluice [OPTIONS] PROGRAM [FILE...]",
    discussion: """
      PROGRAM is one or more stages separated by '|', split into words like a shell \
      would split them: quotes and backslashes work, and a '|' inside quotes is not a \
      separator. Quote the whole program so your shell passes it as one argument.

      Stages: 'cat' writes the records out (alone, the decoded bytes pass through \
      unchanged). 'count' writes the number of records (lines by default). 'lines \
      [--strip-cr]' frames records as lines, the default (--strip-cr also removes a \
      CR before each LF). 'records -s SEP' frames records ending at the byte SEP (a \
      character, \\0, \\t, \\n or \\xHH). 'records -p' frames paragraphs, records \
      separated by empty lines.

      A framing stage comes first; cat or count comes last. After a framing stage, \
      cat writes each record followed by its terminator. Without one, cat and count \
      never hold a whole line in memory; with one, a record longer than --max-record \
      is an error.

      Input: each FILE (standard input when there is none, or for '-') is decoded \
      according to its first bytes: gzip (also multi-member) or plain. Files are read \
      one after another, one open at a time, and each file's last record ends with \
      the file.

      Exit status: 0 success, also when nothing is output; 64 usage error (bad option \
      or program); 65 data error (corrupt or truncated compressed input, record too \
      large); 66 an input cannot be opened; 74 I/O error, such as writing to a full \
      disk. Trailing garbage after gzip data is a warning on standard error, not an \
      error. With several files, a bad one is reported and the others are still read; \
      the exit status is the highest one met. A closed output pipe (as with '| head') \
      ends sluice at once, quietly, with status 0.

      Examples: 'sluice count access.log.gz' counts lines; 'sluice cat app.log.2.gz \
      app.log.1 app.log | less' reads a rotated set as one stream; \
      'sluice "records -s '\\0' | count" names.bin' counts NUL-separated records.
      """,
    version: "0.1.0"
  )

  @Argument(help: "The pipeline program, such as 'count' or 'lines | cat'.")
  var program: String

  @Argument(help: "Input files, plain or gzip; '-' or none reads standard input.")
  var files: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The longest record accepted, in bytes, with an optional K, M or G suffix.",
      valueName: "size"))
  var maxRecord: ByteSize = ByteSize(bytes: 64 << 20)

  func validate() throws {
    do {
      _ = try Program(program)
    } catch {
      // Reported like every other sluice error, with the caret lines under it.
      Diagnostics.standardError.report(error)
      throw ExitCode(error.exitStatus.rawValue)
    }
  }

  func run() throws {
    let parsed = try Program(program)
    let options = ReadOptions(maxRecordSize: maxRecord.bytes)
    let status = Runner(program: parsed, input: Input(paths: files, options: options)).run()
    if status != .success { throw ExitCode(status.rawValue) }
  }
}
