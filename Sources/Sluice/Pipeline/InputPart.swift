/// What a worker of a parallel run reads at a time: a whole input, or a
/// piece of a big plain file (``FileSegment``).
struct InputPart: Sendable {
  /// The input the part is of: an index into the run's sources.
  let input: Int
  /// The piece of it; `nil` for all of it.
  let segment: FileSegment?

  /// Opens the part for reading.
  func open(_ sources: [InputSource], options: ReadOptions) throws(SluiceError) -> DecodedInput {
    guard let segment else { return try DecodedInput(opening: sources[input], options: options) }
    return DecodedInput(segment, options: options)
  }

  /// Whether the part is a piece of an input that has more after it.
  var isFollowedBySameInput: Bool { segment.map { $0.nominalEnd != nil } ?? false }
}

/// The parts of a parallel run, in order: one per input, except that when
/// there are fewer inputs than threads (which would sit idle), a big plain
/// file is cut into pieces (``SharedFile/forPieces(_:after:pieceSize:)``).
///
/// Only the cut files are held (at most one fewer than the threads), so a
/// run over many inputs or a huge file holds as little as one over a few.
struct InputParts: Sendable {
  /// A file cut into pieces: the input it is, and its pieces.
  private struct CutFile: Sendable {
    let input: Int
    let pieces: FilePieces
  }

  private let cutFiles: [CutFile]
  /// The number of parts.
  let count: Int

  /// The parts of a run over `sources` on `jobs` threads, big plain files
  /// cut into pieces of about `pieceSize` bytes, each ending just after a
  /// `separator` byte, when the program allows that
  /// (``ProgramSplit/pieceSeparator``, `nil` when it does not).
  init(_ sources: [InputSource], jobs: Int, cuttingAfter separator: UInt8?, pieceSize: Int) {
    var cutFiles: [CutFile] = []
    if let separator, sources.count < jobs {
      for (index, source) in sources.enumerated() {
        guard case .file(let path) = source,
          let pieces = SharedFile.forPieces(path, after: separator, pieceSize: pieceSize)
        else { continue }
        cutFiles.append(CutFile(input: index, pieces: pieces))
      }
    }
    self.cutFiles = cutFiles
    count = sources.count + cutFiles.reduce(0) { $0 + $1.pieces.count - 1 }
  }

  /// Part `part` (from 0).
  subscript(part: Int) -> InputPart {
    // Parts before a cut file are whole inputs, shifted by the pieces of the
    // cut files before them.
    var extra = 0
    for file in cutFiles {
      let first = file.input + extra
      if part < first { break }
      if part < first + file.pieces.count {
        return InputPart(input: file.input, segment: file.pieces[part - first])
      }
      extra += file.pieces.count - 1
    }
    return InputPart(input: part - extra, segment: nil)
  }
}
