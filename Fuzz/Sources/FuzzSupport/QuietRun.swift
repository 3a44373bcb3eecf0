import Glibc
import Sluice

/// Runs sluice programs the way the command line does, with the data going
/// to /dev/null and the messages nowhere: a fuzz target only cares whether a
/// run crashes, hangs or grows without bound, which libFuzzer watches for.
public struct QuietRun: Sendable {
  private let devNull: Descriptor

  /// Opens /dev/null for the runs' output.
  public init() {
    let fd = open("/dev/null", O_WRONLY)
    precondition(fd >= 0, "cannot open /dev/null")
    devNull = Descriptor(rawValue: fd)
  }

  /// Runs `program` over `input` and returns its exit status once every
  /// thread the run started has ended.
  @discardableResult
  public func run(
    _ program: Program, over input: Input, jobs: Int = 1, onError policy: RecordErrorPolicy = .fail
  ) -> ExitStatus {
    let threads = ThreadCount.current
    let status = Runner(
      program: program, input: input, onError: policy, jobs: jobs,
      diagnostics: Diagnostics { _ in }, output: devNull
    ).run()
    ThreadCount.wait(downTo: threads)
    return status
  }
}
