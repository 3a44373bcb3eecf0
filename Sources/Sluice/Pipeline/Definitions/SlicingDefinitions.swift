extension StageDefinition {
  /// The slicing stages, in the order `sluice help` lists them.
  static let slicingStages: [StageDefinition] = []
}
