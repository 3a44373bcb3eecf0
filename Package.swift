// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "sluice",
  products: [
    .library(name: "Sluice", targets: ["Sluice"]),
    .executable(name: "sluice", targets: ["SluiceCLI"]),
  ],
  traits: [
    .trait(
      name: "ISAL",
      description:
        "Inflate gzip with Intel ISA-L (Debian libisal-dev) as well as zlib, and by default"
    )
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Only for `swift package generate-documentation` (make docs): a command
    // plugin, so nothing of it is built into the library or the tool.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
      name: "CISAL",
      pkgConfig: "libisal",
      providers: [.apt(["libisal-dev"])]
    ),
    .systemLibrary(
      // libbz2-dev has no pkg-config file on Debian: the module map links bz2.
      name: "CBzip2",
      providers: [.apt(["libbz2-dev"])]
    ),
    .systemLibrary(
      name: "CLzma",
      pkgConfig: "liblzma",
      providers: [.apt(["liblzma-dev"])]
    ),
    .systemLibrary(
      name: "CZstd",
      pkgConfig: "libzstd",
      providers: [.apt(["libzstd-dev"])]
    ),
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"])]
    ),
    .target(
      name: "Sluice",
      dependencies: [
        "CZlib",
        "CBzip2",
        "CLzma",
        "CZstd",
        "CPCRE2",
        .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
      ]
    ),
    .executableTarget(
      name: "SluiceCLI",
      dependencies: [
        "Sluice",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "SluiceTests",
      dependencies: ["Sluice"]
    ),
    .testTarget(
      name: "SluiceCLITests",
      dependencies: ["SluiceCLI", "Sluice"]
    ),
  ]
)
