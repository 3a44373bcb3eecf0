extension StageDefinition {
  /// The numeric stages, in the order `sluice help` lists them.
  static let numericStages: [StageDefinition] = []
}
