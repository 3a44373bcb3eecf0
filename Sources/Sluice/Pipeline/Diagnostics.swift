/// Where a run's messages go: one line each on standard error, prefixed with
/// the program name, never mixed with the data on standard output.
public struct Diagnostics: Sendable {
  private let emit: @Sendable (String) -> Void

  /// Messages written to standard error as `sluice: MESSAGE`.
  public static let standardError = Diagnostics { message in
    var line = "sluice: \(message)\n"
    _ = try? line.withUTF8 { try Descriptor.standardError.writeAll(UnsafeRawBufferPointer($0)) }
  }

  /// Messages passed to `emit`, without a prefix (for tests and embedding).
  public init(_ emit: @escaping @Sendable (String) -> Void) { self.emit = emit }

  /// Reports one message.
  public func report(_ message: CustomStringConvertible) { emit(message.description) }
}
