extension StageDefinition {
  /// The matching stages, in the order `sluice help` lists them.
  static let matchingStages: [StageDefinition] = []
}
