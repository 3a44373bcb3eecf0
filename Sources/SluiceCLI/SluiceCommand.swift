import ArgumentParser
import Sluice

@main
struct SluiceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sluice",
    abstract: "Stream plain or gzipped files through a pipeline of stages, in constant memory.",
    usage: """
      sluice [OPTIONS] PROGRAM [FILE...]
        sluice help [STAGE]
      """,
    discussion: """
      PROGRAM is one or more stages separated by '|', split into words like a shell \
      would split them: quotes and backslashes work, and a '|' inside quotes is not a \
      separator. Quote the whole program so your shell passes it as one argument.

      STAGES (sluice help STAGE shows one in full):

      \(StageCatalog.paragraphs)

      A framing stage (lines, records) comes first; without one, records are lines. The \
      last stage's records are written out, each followed by its terminator (LF for \
      lines). A program that is only 'cat' or only 'count' never holds a line in memory: \
      cat copies the decoded bytes unchanged, count counts line ends.

      Input: each FILE (standard input when there is none, or for '-') is decoded \
      according to its first bytes: gzip (also multi-member) or plain. Files are read \
      one after another, one open at a time, and each file's last record ends with \
      the file.

      Exit status: 0 success, also when nothing is output or nothing matched; 64 usage \
      error (bad option or program); 65 data error (corrupt or truncated compressed \
      input, a record too large, a record a stage cannot handle under --on-error fail); \
      66 an input cannot be opened; 74 I/O error, such as writing to a full disk. \
      Trailing garbage after gzip data is a warning on standard error, not an error. \
      With several files, a bad one is reported and the others are still read; the \
      exit status is the highest one met. A closed output pipe (as with '| head') ends \
      sluice at once, quietly, with status 0.
      """,
    version: "0.1.0 (inflate: \(InflateBackend.versionNote))"
  )

  @Argument(help: "The pipeline program, such as 'count' or 'grep -F \" 500 \" | count'.")
  var program: String

  @Argument(help: "Input files, plain or gzip; '-' or none reads standard input.")
  var files: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The longest record accepted, in bytes, with an optional K, M or G suffix.",
      valueName: "size"))
  var maxRecord: ByteSize = ByteSize(bytes: 64 << 20)

  @Option(
    name: .long,
    help: ArgumentHelp(
      """
      What to do with a record a stage cannot handle (a field that is not a number, a \
      record over --max-record): 'fail' stops with exit 65; 'skip' drops it and reports \
      how many were skipped at the end.
      """,
      valueName: "fail|skip"))
  var onError: RecordErrorPolicy = .fail

  @Option(
    name: .long,
    help: ArgumentHelp(
      """
      The library that inflates gzip data: 'isal' (Intel ISA-L, several times faster; \
      the default when this sluice was built with it, see --version) or 'zlib'. Both \
      give the same output and the same errors.
      """,
      valueName: "isal|zlib"))
  var inflate: InflateBackend = .fastest

  /// `sluice help [STAGE]`: the first word of the program is `help`.
  private var isHelpRequest: Bool { program == "help" }

  func validate() throws {
    guard inflate.isAvailable else {
      throw ValidationError(
        "this sluice was built without ISA-L: use --inflate zlib, or rebuild with libisal-dev installed"
      )
    }
    if isHelpRequest {
      guard files.count <= 1 else { throw ValidationError("usage: sluice help [STAGE]") }
      if let name = files.first, StageCatalog.definition(named: name) == nil {
        throw ValidationError("no stage '\(name)'; 'sluice help' lists them")
      }
      return
    }
    do {
      _ = try Program(program)
    } catch {
      // Reported like every other sluice error, with the caret lines under it.
      Diagnostics.standardError.report(error)
      throw ExitCode(error.exitStatus.rawValue)
    }
  }

  func run() throws {
    if isHelpRequest {
      if let name = files.first, let definition = StageCatalog.definition(named: name) {
        print(StageCatalog.help(for: definition))
      } else {
        print("Stages (sluice help STAGE for one):\n\(StageCatalog.overview)")
      }
      return
    }
    let parsed = try Program(program)
    let options = ReadOptions(maxRecordSize: maxRecord.bytes, inflateBackend: inflate)
    let runner = Runner(
      program: parsed, input: Input(paths: files, options: options), onError: onError)
    let status = runner.run()
    if status != .success { throw ExitCode(status.rawValue) }
  }
}

extension RecordErrorPolicy: ExpressibleByArgument {}

extension InflateBackend: ExpressibleByArgument {
  /// What `--version` says about inflating.
  static var versionNote: String {
    fastest == .isal ? "ISA-L by default, zlib with --inflate zlib" : "zlib; built without ISA-L"
  }
}
