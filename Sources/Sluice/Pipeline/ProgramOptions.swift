/// What a program's stages need to know about the run beyond their own
/// words: how times are read, and where the output goes.
public struct ProgramOptions: Sendable {
  /// How `since`, `until` and `timeline` find and read the times of records.
  public var time: TimeSettings
  /// The width of the terminal the output goes to, when it goes to one
  /// (`timeline` then draws bars); `nil` otherwise.
  public var terminalColumns: Int?

  /// Options for times as `time` says, output not to a terminal.
  public init(time: TimeSettings = TimeSettings(), terminalColumns: Int? = nil) {
    self.time = time
    self.terminalColumns = terminalColumns
  }
}
