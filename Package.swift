// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "vb365-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vb365-report", targets: ["vb365-report"]),
        .executable(name: "vb365-dev", targets: ["vb365-dev"]),
        .library(name: "VB365Statistics", targets: ["VB365Statistics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Pipeline stages, in order
        .target(name: "VB365Model"),
        .target(name: "VB365Decoding", dependencies: ["VB365Model"]),
        .target(name: "VB365Reading", dependencies: ["VB365Model", "VB365Decoding"]),
        .target(name: "VB365Statistics", dependencies: ["VB365Model"]),
        .target(name: "VB365Summary", dependencies: ["VB365Model", "VB365Statistics"]),
        .target(
            name: "VB365Rendering",
            dependencies: [
                "VB365Model", "VB365Statistics", "VB365Summary",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "XHTMLValidation", dependencies: ["CLibXML2"]),
        .target(name: "CFileSystem"),
        .target(name: "VB365Publishing", dependencies: ["VB365Rendering", "XHTMLValidation", "CFileSystem"]),
        // MARK: - Deterministic data for samples, benchmarks and (later) the simulator
        .target(name: "VB365Generation", dependencies: ["VB365Model"]),
        // MARK: - Commands
        .target(
            name: "VB365CLI",
            dependencies: [
                "VB365Model", "VB365Reading", "VB365Statistics", "VB365Summary", "VB365Rendering",
                "VB365Publishing", "XHTMLValidation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "vb365-report",
            dependencies: ["VB365CLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "vb365-dev",
            dependencies: [
                "VB365Model", "VB365Reading", "VB365Statistics", "VB365Summary", "VB365Generation", "VB365Rendering",
                "VB365Publishing", "XHTMLValidation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // MARK: - Tests
        .target(
            name: "VB365TestSupport",
            dependencies: ["VB365Model", "VB365Decoding", "VB365Reading"],
            path: "Tests/VB365TestSupport"
        ),
        .testTarget(
            name: "VB365DecodingTests", dependencies: ["VB365Decoding", "VB365TestSupport"]),
        .testTarget(
            name: "VB365ReadingTests", dependencies: ["VB365Reading", "VB365TestSupport"]),
        .testTarget(
            name: "VB365StatisticsTests",
            dependencies: ["VB365Statistics", "VB365Reading", "VB365TestSupport"]),
        .testTarget(
            name: "VB365SummaryTests",
            dependencies: ["VB365Summary", "VB365Reading", "VB365TestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "VB365GenerationTests",
            dependencies: ["VB365Generation", "VB365Reading", "VB365TestSupport"]),
        .testTarget(
            name: "VB365RenderingTests",
            dependencies: [
                "VB365Rendering", "VB365Publishing", "XHTMLValidation", "VB365Reading", "VB365Statistics",
                "VB365TestSupport",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["VB365TestSupport", "vb365-report"]),
    ],
    swiftLanguageModes: [.v6]
)
