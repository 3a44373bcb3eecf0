/// What a worker of a parallel run reads at a time: a whole input, or a
/// piece of a big plain file (``FileSegment``).
struct InputPart: Sendable {
  /// The input the part is of: an index into the run's sources.
  let input: Int
  /// The piece of it; `nil` for all of it.
  let segment: FileSegment?

  /// The parts of a run over `sources` on `jobs` threads: one per input,
  /// except that when there are fewer inputs than threads (which would sit
  /// idle), a big plain file is cut into pieces of about `pieceSize` bytes,
  /// each ending just after a `separator` byte (when the program allows,
  /// see ``ProgramSplit/pieceSeparator``).
  static func plan(
    _ sources: [InputSource], jobs: Int, cuttingAfter separator: UInt8?, pieceSize: Int
  ) -> [InputPart] {
    sources.indices.flatMap { index in
      guard let separator, sources.count < jobs, case .file(let path) = sources[index],
        let pieces = FileSegment.cut(path, after: separator, pieceSize: pieceSize)
      else { return [InputPart(input: index, segment: nil)] }
      return pieces.map { InputPart(input: index, segment: $0) }
    }
  }

  /// Opens the part for reading.
  func open(_ sources: [InputSource], options: ReadOptions) throws(SluiceError) -> DecodedInput {
    guard let segment else { return try DecodedInput(opening: sources[input], options: options) }
    return DecodedInput(segment, options: options)
  }

  /// Whether the part is a piece of an input that has more after it.
  var isFollowedBySameInput: Bool { segment.map { $0.end != nil } ?? false }
}
