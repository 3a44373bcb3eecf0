// swift-tools-version:6.1
// Coverage-guided fuzzing of sluice with libFuzzer, kept in its own package:
// the fuzz targets are built with `-sanitize=fuzzer`, which the main build
// and its tests must never see. Run from the repository root:
//
//   make fuzz                      every target for FUZZ_SECONDS each (60)
//
// or by hand (see Fuzz/README.md).
import PackageDescription

// SwiftPM names a path dependency after its folder (see Benchmarks/Package.swift).
let mainPackage =
  Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "sluice"

// libFuzzer supplies `main`; the targets only define LLVMFuzzerTestOneInput.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "sluice-fuzz",
  // ISAL passes the main package's trait on, so both inflate backends get fuzzed.
  traits: [.trait(name: "ISAL", description: "Fuzz sluice built with Intel ISA-L.")],
  dependencies: [
    .package(path: "..", traits: [.trait(name: "ISAL", condition: .when(traits: ["ISAL"]))])
  ],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "Sluice", package: mainPackage)]),
    .executableTarget(
      name: "FuzzInput",
      dependencies: ["FuzzSupport", .product(name: "Sluice", package: mainPackage)],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "FuzzProgram",
      dependencies: ["FuzzSupport", .product(name: "Sluice", package: mainPackage)],
      swiftSettings: fuzzTarget),
  ]
)
