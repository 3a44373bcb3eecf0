import Glibc

/// The threads of this process, counted in /proc/self/task.
///
/// A run may end while a thread it started is still finishing (a decoder or
/// a `-j` worker let go after an early end finishes its buffer on its own);
/// waiting for it keeps LeakSanitizer from taking what that thread is about
/// to free for a leak, and a thread that never ends is a bug worth a crash.
public enum ThreadCount {
  /// How many threads the process has now.
  public static var current: Int {
    guard let dir = opendir("/proc/self/task") else { preconditionFailure("no /proc/self/task") }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
      if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
    }
    return count
  }

  /// Waits until the process has at most `count` threads; traps when that
  /// takes longer than `seconds`.
  public static func wait(downTo count: Int, seconds: Int = 5) {
    var waited = 0
    while current > count {
      precondition(waited < seconds * 1000, "a thread outlived its run by \(seconds) s")
      usleep(1000)
      waited += 1
    }
  }
}
