extension StageDefinition {
  /// The keyed stages, in the order `sluice help` lists them.
  static let keyedStages: [StageDefinition] = []
}
