// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "vb365-report",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vb365-report", targets: ["vb365-report"]),
        .executable(name: "vb365-dev", targets: ["vb365-dev"]),
        .executable(name: "vb365-sim", targets: ["vb365-sim"]),
        // The library: read saved sessions of any API version and judge them (the model, the
        // statistics and the error model). Everything else is `package`: the tool's own parts.
        .library(
            name: "VB365Statistics",
            targets: ["VB365Support", "VB365Model", "VB365Decoding", "VB365Reading", "VB365Statistics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Exactly: the compiled renderer reads its parse, which is not public API (docs/development.md).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: - What every stage shares: the error model, durable writes and small helpers
        .target(name: "CFileSystem"),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "VB365Support", dependencies: ["CFileSystem", "CZlib"]),
        // MARK: - Pipeline stages, in order
        .target(name: "VB365Model", dependencies: ["VB365Support"]),
        .target(name: "VB365Decoding", dependencies: ["VB365Model", "VB365Support"]),
        .target(name: "VB365Reading", dependencies: ["VB365Model", "VB365Decoding", "VB365Support"]),
        .target(name: "VB365Statistics", dependencies: ["VB365Model"]),
        // Human units and display sentences, shared by the terminal output and the renderer.
        .target(name: "VB365Text", dependencies: ["VB365Model", "VB365Statistics", "VB365Support"]),
        .target(
            name: "VB365SummaryOutput", dependencies: ["VB365Model", "VB365Statistics", "VB365Text", "VB365Support"]),
        .target(
            name: "VB365Rendering",
            dependencies: [
                "VB365Model", "VB365Statistics", "VB365Text", "VB365Support",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "XHTMLValidation", dependencies: ["CLibXML2", "VB365Support"]),
        .target(
            name: "VB365Publishing", dependencies: ["VB365Rendering", "XHTMLValidation", "CFileSystem", "VB365Support"]),
        .target(
            name: "VB365Delivery",
            dependencies: [
                "VB365Model", "VB365Statistics", "VB365Text", "VB365Rendering", "XHTMLValidation", "VB365Support",
            ]
        ),
        // MARK: - Submitting e-mail to an SMTP relay (the only SMTP channel code)
        .target(
            name: "VB365SMTP",
            dependencies: [
                "VB365Support",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // MARK: - Fetching from a VB365 server (the first stage when the input is a server)
        .target(
            name: "VB365Fetching",
            dependencies: [
                "VB365Model", "VB365Decoding", "VB365Reading", "VB365Support",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // MARK: - Alerts where admins chat: Teams, Slack, Discord, webhooks, PagerDuty (issue 28)
        .target(
            name: "VB365Notifying",
            dependencies: [
                "VB365Model", "VB365Statistics", "VB365SummaryOutput", "VB365Text", "VB365Rendering", "VB365Support",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // MARK: - Deterministic data for samples, benchmarks and the simulator
        .target(name: "VB365Generation", dependencies: ["VB365Model", "VB365Support"]),
        // MARK: - Measuring the verdict rules against a generated world of schedules (issue 24)
        .target(
            name: "VB365Calibration",
            dependencies: [
                "VB365Generation", "VB365Model", "VB365Statistics", "VB365SummaryOutput", "VB365Support",
                "VB365Notifying",
            ]),
        .target(
            name: "VB365Simulator",
            dependencies: [
                "VB365Model", "VB365Decoding", "VB365Generation", "VB365Reading", "VB365Support",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // MARK: - The whole pipeline behind one entry point, from a typed configuration
        .target(
            name: "VB365Pipeline",
            dependencies: [
                "VB365Support", "VB365Model", "VB365Reading", "VB365Statistics", "VB365Text", "VB365SummaryOutput",
                "VB365Rendering", "VB365Publishing", "XHTMLValidation", "VB365Fetching", "VB365Delivery", "VB365SMTP",
            ]
        ),
        // MARK: - The configuration file, and the configured daily run and its check
        .target(
            name: "VB365Configuration",
            dependencies: [
                "VB365Support", "VB365Model", "VB365Statistics", "VB365Text", "VB365Rendering", "VB365Delivery",
                "VB365Pipeline", "VB365Fetching", "VB365Publishing", "VB365Reading", "VB365SMTP", "VB365Notifying",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "VB365Run",
            dependencies: [
                "VB365Configuration", "VB365Pipeline", "VB365Support", "VB365Model", "VB365Reading", "VB365Fetching",
                "VB365Delivery", "VB365Rendering", "VB365Statistics", "XHTMLValidation", "VB365SMTP", "VB365Text",
                "VB365Notifying", "VB365SummaryOutput",
            ]
        ),
        // MARK: - What the tool serves over the network: the metrics endpoint (`metrics --listen`)
        .target(
            name: "VB365Serving",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // MARK: - Commands: parse options into a configuration, call the pipeline
        .target(
            name: "VB365CommandRunner",
            dependencies: ["VB365Support", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "VB365Commands",
            dependencies: [
                "VB365Pipeline", "VB365Support", "VB365Model", "VB365Statistics", "VB365Text", "VB365Rendering",
                "VB365Fetching", "VB365Delivery", "VB365Configuration", "VB365Run", "VB365SummaryOutput", "VB365SMTP",
                "VB365Serving", "VB365Notifying", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "vb365-sim",
            dependencies: [
                "VB365Simulator", "VB365Generation", "VB365Model", "VB365CommandRunner", "VB365Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "vb365-report",
            dependencies: ["VB365Commands", "VB365CommandRunner"]
        ),
        .executableTarget(
            name: "vb365-dev",
            dependencies: [
                "VB365Model", "VB365Reading", "VB365Statistics", "VB365SummaryOutput", "VB365Generation",
                "VB365Rendering",
                "VB365Publishing", "XHTMLValidation", "VB365Support", "VB365Text", "VB365CommandRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // MARK: - Tests
        .target(
            name: "VB365TestSupport",
            dependencies: [
                "VB365Model", "VB365Decoding", "VB365Reading", "VB365Statistics", "VB365Text", "VB365Rendering",
                "VB365Simulator", "VB365Support",
            ],
            path: "Tests/VB365TestSupport",
            exclude: ["smtp_server.py", "webhook_receiver.py"]
        ),
        .testTarget(
            name: "VB365DecodingTests",
            dependencies: ["VB365Decoding", "VB365Model", "VB365Support", "VB365TestSupport"]),
        .testTarget(
            name: "VB365ReadingTests",
            dependencies: [
                "VB365Reading", "VB365Model", "VB365Support", "VB365TestSupport",
                // Restore reading reads what a fetch from the simulator wrote.
                "VB365Fetching", "VB365Simulator", "VB365Generation",
            ]),
        .testTarget(
            name: "VB365StatisticsTests",
            dependencies: ["VB365Statistics", "VB365SummaryOutput", "VB365Text", "VB365Model", "VB365TestSupport"]),
        .testTarget(name: "VB365SupportTests", dependencies: ["VB365Support", "VB365TestSupport"]),
        .testTarget(
            name: "VB365PipelineTests",
            dependencies: [
                "VB365Pipeline", "VB365Delivery", "VB365Model", "VB365Rendering", "VB365Support", "VB365TestSupport",
                "VB365SMTP", "VB365Generation", "VB365Text", "VB365Calibration", "VB365SummaryOutput",
                "XHTMLValidation",
                "VB365Reading", "VB365Statistics",
            ]),
        .testTarget(
            name: "VB365CommandsTests",
            dependencies: [
                "VB365Commands", "VB365Model", "VB365Statistics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "XHTMLValidationTests", dependencies: ["XHTMLValidation", "VB365TestSupport"]),
        .testTarget(name: "VB365TextTests", dependencies: ["VB365Text"]),
        .testTarget(
            name: "VB365SummaryOutputTests",
            dependencies: [
                "VB365SummaryOutput", "VB365Reading", "VB365TestSupport", "VB365Generation", "VB365Calibration",
                "VB365Model", "VB365Statistics", "VB365Support", "VB365Notifying",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "VB365GenerationTests",
            dependencies: ["VB365Generation", "VB365Reading", "VB365Decoding", "VB365Model", "VB365TestSupport"]),
        .testTarget(
            name: "VB365RenderingTests",
            dependencies: [
                "VB365Rendering", "VB365Publishing", "XHTMLValidation", "VB365Reading", "VB365Statistics",
                "VB365Support", "VB365Text", "VB365Model", "VB365TestSupport",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "VB365PublishingTests",
            dependencies: [
                "VB365Publishing", "VB365Rendering", "VB365Statistics", "VB365Reading", "VB365Model",
                "VB365Support", "VB365TestSupport",
            ]),
        .testTarget(
            name: "VB365FetchingTests",
            dependencies: [
                "VB365Fetching", "VB365Decoding", "VB365Simulator", "VB365Generation", "VB365Reading", "VB365Model",
                "VB365Statistics",
                "VB365Support",
                "VB365TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "VB365DeliveryTests",
            dependencies: [
                "VB365Delivery", "VB365Rendering", "VB365Statistics", "VB365Text", "VB365Reading", "XHTMLValidation",
                "VB365Generation", "VB365Model", "VB365Support", "VB365TestSupport",
            ]),
        .testTarget(
            name: "VB365SMTPTests",
            dependencies: ["VB365SMTP", "VB365Delivery", "VB365Model", "VB365Support", "VB365TestSupport"]),
        .testTarget(
            name: "VB365ConfigurationTests",
            dependencies: [
                "VB365Configuration", "VB365Run", "VB365Support", "VB365Simulator", "VB365Model", "VB365TestSupport",
                "VB365Fetching", "VB365Pipeline",
                "VB365Reading", "VB365Statistics", "VB365SummaryOutput", "VB365Rendering", "VB365SMTP", "VB365Text",
                "VB365Notifying",
            ]),
        .testTarget(
            name: "VB365NotifyingTests",
            dependencies: [
                "VB365Notifying", "VB365SummaryOutput", "VB365Text", "VB365Model", "VB365Support",
                "VB365TestSupport",
            ]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["VB365TestSupport", "vb365-report", "vb365-sim"]),
    ],
    swiftLanguageModes: [.v6]
)
