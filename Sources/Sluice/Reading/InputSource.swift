/// Where one input's bytes come from.
public enum InputSource: Hashable, Sendable {
  /// The process's standard input (named `-` on the command line).
  case standardInput
  /// A file, FIFO or device at a path.
  case file(String)

  /// Creates a source from a command-line argument: `-` is standard input.
  public init(argument: String) {
    self = argument == "-" ? .standardInput : .file(argument)
  }

  /// The name used in messages: the path, or `<stdin>`.
  public var name: String {
    switch self {
    case .standardInput: "<stdin>"
    case .file(let path): path
    }
  }
}
