#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// What sluice asks of a terminal it writes to.
public enum Terminal {
  /// The width in columns of the terminal `descriptor` is, or `nil` when it
  /// is not a terminal. A terminal that does not say is taken as 80 wide.
  public static func columns(of descriptor: Int32) -> Int? {
    guard isatty(descriptor) == 1 else { return nil }
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}
