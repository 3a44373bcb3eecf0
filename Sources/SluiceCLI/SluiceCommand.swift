import ArgumentParser
import Sluice

@main
struct SluiceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sluice",
    abstract:
      "Stream plain or compressed files through a pipeline of stages, in constant memory.",
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
      according to its first bytes, never its name: gzip, bzip2, xz or zstd (also \
      several members, streams or frames one after another, as gzip -dc, bzip2 -dc, \
      xz -dc and zstd -dc decode them), or plain. xz and zstd data that needs a \
      window over 128 MiB is refused, as zstd -dc refuses it. Files are read \
      in the order given (a rotation set oldest first: see --rotated), one after \
      another, one open at a time (unless -j reads several at once, below), \
      and each file's last record ends with the file. A pipe, FIFO or terminal that \
      is the only input and goes quiet does not hold the output back: what has come \
      through the program is written out before sluice waits for more, so \
      tail -f app.log | sluice 'grep -F ERROR' shows each error as it is logged.

      Gzip is inflated by Intel ISA-L when this sluice was built with it (--version says), \
      otherwise by zlib; --inflate zlib chooses zlib. Both give the same bytes, the same \
      errors and the same data before a fault, except that at the cut of a truncated \
      file ISA-L may stop a few bytes earlier (never before gzip -dc does).

      Several files at once: with more than one FILE, sluice reads up to N of them at \
      the same time, one thread each (-j N; by default, as many as there are processors \
      online), and puts the results together in the order of the files: the output, \
      the messages and the exit status are exactly those of -j 1. Each thread runs the \
      stages up to the first one that needs all records in order (head, tail, skip, \
      sample, uniq) on its own file; count, count-by, sum and stats total each file \
      apart and the totals are added up in file order; distinct drops the repeats \
      within each file, then across files. Counting and selective filters gain the \
      most. A program whose output is large (cat, fields) gains little, as its output \
      must come out in file order and a thread that is ahead keeps only a few hundred \
      KiB before it waits. With fewer files than N, a plain file of 16 MiB or more is \
      cut at line ends into pieces of about 8 MiB that the threads share the same way \
      (record numbers in messages still count from the start of the file), unless the \
      program needs each file whole: records not ended by one byte (records -p, --start, \
      chunks), since, until, sum, stats or timeline. Compressed files are never cut. \
      Otherwise a single file, or a program that starts with an order-dependent stage, \
      is read by one thread, with gzip, bzip2 or xz input decoded on a second one when \
      N is 2 or more. -j 1 uses one thread for everything.

      Times (since, until, timeline): a record's time is the first timestamp in it, \
      ISO 8601 / RFC 3339 (2026-11-29T10:15:02.123Z, a space for the T, a comma for the \
      dot, any offset or none), 2026/11/29 10:15:02 (nginx error log), \
      29/Nov/2026:10:15:02 +0000 (Apache and nginx access logs) or Nov 29 10:15:02 \
      (syslog; the year from --year, else this year, or last year for a time more than \
      a day ahead), or with --time-field the value of a JSON field (seconds since 1970, \
      or milliseconds, microseconds, nanoseconds by size; or a timestamp string). A \
      record with none (a stack trace line) has the time of the last record before it \
      in its file. A time without an offset is on the clock of --tz, UTC by default \
      whatever TZ says; in a zone that changes its clocks, a time that happens twice is \
      the first, and one that is skipped takes the offset from before the change. Logs \
      being in time order, until stops reading a file at its first record a minute past \
      TIME (--unsorted: read everything).

      Exit status: 0 success, also when nothing is output or nothing matched; 64 usage \
      error (bad option or program); 65 data error (corrupt or truncated compressed \
      input, a record too large, a record a stage cannot handle under --on-error fail); \
      66 an input cannot be opened; 73 the -o file cannot be created; 74 I/O error, such as writing to a full disk. \
      Trailing garbage after gzip or bzip2 data is a warning on standard error, not an \
      error; after xz or zstd data it is an error, as for xz -dc and zstd -dc. \
      With several files, a bad one is reported and the others are still read; the \
      exit status is the highest one met. A closed output pipe (as with '| head') ends \
      sluice at once, quietly, with status 0.
      """,
    version: "0.1.0 (inflate: \(InflateBackend.versionNote))"
  )

  @Argument(help: "The pipeline program, such as 'count' or 'grep -F \" 500 \" | count'.")
  var program: String

  @Argument(
    help: "Input files, plain, gzip, bzip2, xz or zstd; '-' or none reads standard input.",
    completion: .file())
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
      record over --max-record), also one an earlier stage passes on at the end (the \
      result of 'count', a record 'tail' kept): 'fail' stops with exit 65; 'skip' drops \
      it and reports how many were skipped at the end.
      """,
      valueName: "fail|skip"))
  var onError: RecordErrorPolicy = .fail

  @Option(
    name: [.customShort("j"), .long],
    help: ArgumentHelp(
      """
      How many threads read at the same time (default: the number of processors \
      online): one file each, or, with fewer files than threads, pieces of a big \
      plain file cut at line ends. The output is the same whatever N.
      """,
      valueName: "n"))
  var jobs: Int?

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

  @Option(
    name: [.customShort("o"), .long],
    help: ArgumentHelp(
      """
      Write the output to FILE instead of standard output, gzip-compressed when FILE \
      ends in .gz. It is written under a temporary name in the same folder and renamed \
      when complete (also after a data error: the output up to it is kept), so a \
      crash or a full disk never leaves a half file under FILE; a run stopped by \
      a signal (Ctrl-C, kill, a closed terminal) removes the temporary file too.
      """,
      valueName: "file"),
    completion: .file())
  var output: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The gzip compression level of -o FILE.gz, 1 (fastest) to 9 (smallest); 6 by default.",
      valueName: "n"))
  var level: Int?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      """
      Read each rotation set among the files oldest first: app.log.10.gz before \
      app.log.9.gz, app.log-20261128.gz before app.log-20261129.gz, the live app.log \
      last. By default this is done when the files are all one set and the live \
      file, a dated or a compressed one is among them; --no-rotated keeps the order \
      given.
      """))
  var rotated: Bool?

  // "-0530" is a value here, not an option.
  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      """
      The zone of times written without an offset, in records and in since/until \
      TIME, and of timeline's buckets: UTC (the default, whatever TZ says), an offset \
      such as +01:00, a name from the time zone database such as Europe/Berlin, or \
      'local' for the system's zone.
      """,
      valueName: "zone"))
  var tz = "UTC"

  @Option(
    name: .long,
    help: ArgumentHelp(
      """
      The year of syslog times (Nov 29 10:15:02), which have none. By default the \
      current year, or last year for a time more than a day ahead.
      """,
      valueName: "year"))
  var year: Int?

  @Option(
    name: .long,
    help: ArgumentHelp(
      """
      Read each record's time for since, until and timeline from this field of a \
      JSON record (.ts, .meta.time): seconds since 1970 or a timestamp string.
      """,
      valueName: "path"))
  var timeField: String?

  @Flag(
    help: ArgumentHelp(
      """
      The records are not in time order: until reads every record instead of \
      stopping a file's reading once past its time.
      """))
  var unsorted = false

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      """
      Show one self-updating line of progress on standard error (how much of the \
      input is read, the speed, the records so far, the time left) when a run takes \
      more than a second. By default only when standard error is a terminal.
      """))
  var progress: Bool?

  /// `sluice help [STAGE]`: the first word of the program is `help`.
  private var isHelpRequest: Bool { program == "help" }

  func validate() throws {
    if let jobs, jobs < 1 {
      throw ValidationError("--jobs must be at least 1 (got \(jobs))")
    }
    if let level {
      guard (1...9).contains(level) else {
        throw ValidationError("--level must be 1 to 9 (got \(level))")
      }
      guard output?.hasSuffix(".gz") == true else {
        throw ValidationError("--level is for gzip output: -o FILE.gz")
      }
    }
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
    if let year, !(1...9999).contains(year) {
      throw ValidationError("--year must be from 1 to 9999 (got \(year))")
    }
    if let timeField {
      do {
        _ = try JSONPath(parsing: timeField)
      } catch {
        throw ValidationError("--time-field: \(error.description)")
      }
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
    let parsed = try parsedProgram()
    var input = Input(
      paths: orderedFiles,
      options: ReadOptions(maxRecordSize: maxRecord.bytes, inflateBackend: inflate))
    var diagnostics = Diagnostics.standardError
    var display: ProgressDisplay? = nil
    let errorColumns = Terminal.columns(of: 2)
    if progress ?? (errorColumns != nil) {
      let meter = ProgressMeter(measuring: input.sources)
      input.options.meter = meter
      let shown = ProgressDisplay(meter, width: errorColumns ?? 80)
      // A message erases the line first; the next tick draws it again below.
      diagnostics = Diagnostics { message in
        shown.withLineCleared { Diagnostics.standardError.report(message) }
      }
      display = shown
    }
    let file: OutputFile?
    do {
      file = try output.map(OutputFile.init(path:))
    } catch {
      Diagnostics.standardError.report(error)
      throw ExitCode(error.exitStatus.rawValue)
    }
    var runner = Runner(
      program: parsed, input: input, onError: onError,
      jobs: jobs ?? Runner.onlineProcessors, diagnostics: diagnostics,
      output: file?.descriptor ?? .standardOutput,
      encoding: output.map { OutputEncoding(forPath: $0, level: level) } ?? .plain)
    // On the same terminal as the output, the line makes way for the data.
    if parsed.options.terminalColumns != nil { runner.sharedTerminal = display }
    var ticker = display?.start()
    var status = runner.run()
    if let display, let ticker = ticker.take() { display.stop(ticker) }
    if let file {
      // What was written up to a data error is kept, as on standard output;
      // a failed write leaves nothing under the real name.
      if status == .ioError {
        file.discard()
      } else {
        do {
          try file.commit()
        } catch {
          Diagnostics.standardError.report(error)
          status = max(status, error.exitStatus)
        }
      }
    }
    if status != .success { throw ExitCode(status.rawValue) }
  }
}

extension SluiceCommand {
  /// The program, parsed, or a usage error reported in sluice's own way:
  /// one line (with the program and a caret under the offending word). Done
  /// in `run`, not `validate`, which runs before argument-parser reports an
  /// unknown option: `--jbos 2 count` must say `--jbos`, not "unknown stage 2".
  fileprivate func parsedProgram() throws -> Program {
    guard TimeZoneRule(argument: tz) != nil else {
      Diagnostics.standardError.report(
        SluiceError.usage(
          "--tz: unknown zone '\(tz)': use UTC, an offset such as +01:00 or -0530, local, "
            + "or a name from the time zone database such as Europe/Berlin"))
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    do {
      return try Program(program, options: programOptions)
    } catch {
      Diagnostics.standardError.report(error)
      throw ExitCode(error.exitStatus.rawValue)
    }
  }

  /// What the stages are told about the run: the time options, and the
  /// terminal width when the output is a terminal.
  fileprivate var programOptions: ProgramOptions {
    let field = timeField.flatMap { try? JSONPath(parsing: $0) }
    return ProgramOptions(
      time: TimeSettings(
        zone: TimeZoneRule(argument: tz) ?? .utc, year: year, field: field, inTimeOrder: !unsorted),
      terminalColumns: output == nil ? Terminal.columns(of: 1) : nil)
  }

  /// The files in reading order: rotation sets oldest first when asked, or
  /// when the files are unmistakably one set.
  fileprivate var orderedFiles: [String] {
    switch rotated {
    case true?: RotatedName.oldestFirst(files)
    case false?: files
    case nil: RotatedName.formOneSet(files) ? RotatedName.oldestFirst(files) : files
    }
  }
}

extension RecordErrorPolicy: ExpressibleByArgument {}

extension InflateBackend: ExpressibleByArgument {
  /// What `--version` says about inflating.
  static var versionNote: String {
    fastest == .isal ? "ISA-L by default, zlib with --inflate zlib" : "zlib; built without ISA-L"
  }
}
