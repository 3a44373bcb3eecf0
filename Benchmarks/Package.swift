// swift-tools-version:6.1
// Benchmarks for sluice, kept in their own package so that the benchmark
// dependency (ordo-one/benchmark and its malloc interposer) never reaches the
// main package. Run from this directory:
//
//   swift package benchmark            (see Benchmarks/README.md)
import PackageDescription

// SwiftPM names a path dependency after its folder, so the main package's
// identity is the name of the folder the repository is checked out in
// ("main" here, something else in another clone).
let mainPackage =
  Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "sluice"

let package = Package(
  name: "sluice-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
      traits: ["MallocInterposer"]),
    // FileDescriptor, to point the CLI-path baseline's output at /dev/null.
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    .executableTarget(
      name: "LineIteration",
      dependencies: [
        .product(name: "Sluice", package: mainPackage),
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      path: "Benchmarks/LineIteration",
      plugins: [
        .plugin(name: "BenchmarkPlugin", package: "benchmark")
      ]
    )
  ]
)
