/// Every stage of the program language, in the order `sluice help` lists them.
public enum StageCatalog {
  /// All stage definitions.
  public static let all: [StageDefinition] =
    [.lines, .records, .chunks, .cat]
    + StageDefinition.matchingStages + StageDefinition.timeWindowStages
    + StageDefinition.fieldStages + [.json]
    + StageDefinition.slicingStages
    + [.count, .timeline]
    + StageDefinition.keyedStages
    + StageDefinition.numericStages
    + StageDefinition.outputStages

  /// The definition named `name`.
  public static func definition(named name: String) -> StageDefinition? {
    all.first { $0.name == name }
  }

  /// The known name closest to `name`, when it is close enough to be a likely
  /// typo (`count_by` for `count-by`).
  public static func suggestion(for name: String) -> String? {
    let scored = all.map { ($0.name, editDistance(name.lowercased(), $0.name)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) else {
      return nil
    }
    return best.0
  }

  /// The help for all stages, one line each.
  public static var overview: String {
    let width = all.map(\.synopsis.count).max() ?? 0
    return all.map { definition in
      let padding = String(repeating: " ", count: width + 2 - definition.synopsis.count)
      return definition.synopsis + padding + definition.summary
    }.joined(separator: "\n")
  }

  /// Every stage as a paragraph of its own (synopsis, summary, first
  /// example), for `--help` and the manual page, which reflows lines.
  public static var paragraphs: String {
    all.map { definition in
      let example = definition.examples.first.map { " Example: sluice \($0)" } ?? ""
      return "\(definition.synopsis) -- \(definition.summary)\(example)"
    }.joined(separator: "\n\n")
  }

  /// The help for one stage.
  public static func help(for definition: StageDefinition) -> String {
    var lines = [definition.synopsis, "", definition.summary]
    if !definition.details.isEmpty { lines += ["", definition.details] }
    if !definition.examples.isEmpty {
      lines += ["", "Examples:"] + definition.examples.map { "  sluice \($0)" }
    }
    return lines.joined(separator: "\n")
  }

  private static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
  }
}
