// swift-tools-version:6.1
import PackageDescription

/// Settings every Axis target shares: Swift 6 language mode (strict concurrency) plus the
/// upcoming features the house style asks for (see docs/architecture.md).
let axisSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "axis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "axserver", targets: ["axserver"]),
        .executable(name: "axclient", targets: ["axclient"]),
        .executable(name: "axbench", targets: ["axbench"]),
        .executable(name: "axfuzz", targets: ["axfuzz"]),
        .library(name: "AxisClient", targets: ["AxisClient"]),
        .library(name: "AxisServer", targets: ["AxisServer"]),
    ],
    dependencies: [
        // Networking: the event loops, ByteBuffer and the channel pipeline.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Command-line parsing for the three executables.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Structured logging.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Graceful shutdown on SIGINT/SIGTERM: stop accepting, drain, GOAWAY.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // TLS for SwiftNIO channels (the standard for NIO; BoringSSL inside, no system OpenSSL).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // MARK: - Compression: the one door to libz
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // CRC-32 by carry-less multiplication where the CPU has it; zlib's crc32 otherwise.
        .target(name: "CCRC32"),
        .target(
            name: "AxisZlib",
            dependencies: ["CZlib", "CCRC32"],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Hashing: SHA-256 from the system libcrypto
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "AxisDigest",
            dependencies: ["CCrypto"],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Calendar days, one implementation for the store and the index
        .target(
            name: "AxisCalendar",
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Durable snapshot storage
        .target(
            name: "AxisStore",
            dependencies: [
                "AxisCalendar",
                "AxisZlib",
                "AxisDigest",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Entities: gazetteer, extraction, the index
        .target(
            name: "AxisIndex",
            dependencies: ["AxisZlib", "AxisCalendar"],
            resources: [.copy("Resources/gazetteer")],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - The wire format, shared by server and client
        .target(
            name: "AxisCodec",
            dependencies: [
                "AxisZlib",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Server and client libraries
        .target(
            name: "AxisServer",
            dependencies: [
                "AxisCodec",
                "AxisStore",
                "AxisIndex",
                "AxisDigest",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .target(
            name: "AxisClient",
            dependencies: [
                "AxisCodec",
                "AxisDigest",
                "AxisZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - The executables' allocator
        // jemalloc (Debian's libjemalloc-dev) instead of glibc's malloc, for the executables only:
        // the libraries leave the choice to whoever embeds them (docs/benchmarks.md, "The
        // allocator").
        .target(
            name: "CAllocator",
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),

        // MARK: - Terminal output shared by the executables
        .target(
            name: "AxisTerminal",
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Executables: configuration and lifecycle only
        .executableTarget(
            name: "axserver",
            dependencies: [
                "CAllocator",
                "AxisServer",
                "AxisStore",
                "AxisIndex",
                "AxisCodec",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .executableTarget(
            name: "axclient",
            dependencies: [
                "CAllocator",
                "AxisClient",
                "AxisCodec",
                "AxisDigest",
                "AxisTerminal",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        // The fuzz target over every decoder of untrusted bytes (docs/operations.md, "Fuzzing").
        .executableTarget(
            name: "axfuzz",
            dependencies: [
                "AxisCodec",
                "AxisZlib",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .executableTarget(
            name: "axbench",
            dependencies: [
                "CAllocator",
                "AxisTerminal",
                "AxisIndex",
                "AxisStore",
                "AxisDigest",
                "AxisZlib",
                "AxisClient",
                "AxisServer",
                "AxisCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: axisSwiftSettings
        ),

        // MARK: - Test support and tests (one target per module, plus end-to-end)
        .target(
            name: "AxisTestSupport",
            dependencies: [
                "AxisServer",
                "AxisClient",
                "AxisCodec",
                "AxisStore",
                "AxisIndex",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/AxisTestSupport",
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisZlibTests",
            dependencies: ["AxisZlib", "AxisTestSupport"],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisDigestTests",
            dependencies: ["AxisDigest", "AxisTestSupport"],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisStoreTests",
            dependencies: [
                "AxisStore",
                "AxisDigest",
                "AxisZlib",
                "AxisTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisIndexTests",
            dependencies: ["AxisIndex", "AxisCalendar", "AxisTestSupport"],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisCodecTests",
            dependencies: [
                "AxisCodec",
                "AxisDigest",
                "AxisZlib",
                "AxisTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisServerTests",
            dependencies: [
                "AxisServer",
                "AxisIndex",
                "AxisCodec",
                "AxisStore",
                "AxisTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "AxisClientTests",
            dependencies: [
                "AxisClient",
                "AxisCodec",
                "AxisTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "axserver",
                "AxisIndex",
                "AxisStore",
                "AxisDigest",
                "AxisServer",
                "AxisClient",
                "AxisCodec",
                "AxisZlib",
                "AxisTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
        .testTarget(
            name: "axclientTests",
            dependencies: [
                "axclient",
                "AxisTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: axisSwiftSettings
        ),
    ]
)
