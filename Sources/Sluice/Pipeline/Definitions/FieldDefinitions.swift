extension StageDefinition {
  /// The field stages, in the order `sluice help` lists them.
  static let fieldStages: [StageDefinition] = []
}
