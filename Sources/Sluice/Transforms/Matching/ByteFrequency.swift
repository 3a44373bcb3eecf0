/// How common each byte value is in typical text and log data, for picking
/// the byte of a literal needle that a scan should look for: the rarer the
/// byte, the fewer false candidates to check.
enum ByteFrequency {
  /// Occurrences per 100,000 bytes, indexed by byte value.
  ///
  /// Measured with a throwaway script: the average of four corpora weighted
  /// equally (8 MiB of `Benchmarks/gen_access_log.py` output; the licences
  /// in /usr/share/common-licenses and git's release notes; dpkg and apt
  /// logs; the sluice sources and /usr/include/*.h). A byte seen at all is at
  /// least 1; bytes from 0x80 are set to a flat 40, since UTF-8 text in other
  /// languages is common in logs but absent from the corpora.
  static let perHundredThousand: [UInt16] = [
    // 0x00
    0, 0, 0, 0, 0, 0, 0, 0, 0, 179, 1697, 0, 1, 157, 0, 0,
    // 0x10
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // 0x20
    12700, 5, 926, 126, 9, 28, 40, 50, 603, 584, 623, 303, 435, 2001, 2822, 1755,
    // 0x30
    2885, 2363, 2313, 1001, 1454, 1006, 1207, 558, 400, 497, 1321, 272, 97, 245, 101, 35,
    // 0x40
    8, 336, 57, 279, 120, 441, 110, 289, 262, 248, 8, 183, 281, 470, 255, 251,
    // 0x50
    400, 25, 296, 469, 774, 176, 70, 216, 106, 40, 62, 137, 39, 137, 12, 1047,
    // 0x60
    12, 4133, 1269, 2086, 2271, 5969, 1242, 1275, 1491, 3985, 151, 615, 2628, 1477, 3402, 3300,
    // 0x70
    1662, 117, 2926, 3096, 4456, 1606, 558, 679, 409, 500, 189, 29, 9, 29, 24, 0,
    // 0x80
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0x90
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xA0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xB0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xC0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xD0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xE0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    // 0xF0
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
  ]

  /// How common `byte` is: its rate per 100,000 bytes.
  static func of(_ byte: UInt8) -> Int { Int(perHundredThousand[Int(byte)]) }
}
