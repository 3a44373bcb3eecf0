/// A fault a decoder found after producing some bytes in the same read: it is
/// held back so those bytes are delivered first, and thrown by the next read.
///
/// This is the ``Decompressor`` promise (everything decoded before a fault
/// comes out before it) for the decoders that are driven by a C library.
struct PendingFault {
  private var fault: SluiceError?

  /// Throws the fault held back by the previous read, once.
  mutating func raise() throws(SluiceError) {
    if let fault {
      self.fault = nil
      throw fault
    }
  }

  /// What a read that produced `produced` bytes and then met `fault`
  /// returns: those bytes now and the fault at the next read, or the fault
  /// at once when there are none.
  mutating func deliver(_ produced: Int, before fault: SluiceError) throws(SluiceError) -> Int {
    guard produced > 0 else { throw fault }
    self.fault = fault
    return produced
  }
}
