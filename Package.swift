// swift-tools-version:6.1
import PackageDescription

// Dependencies point down only: seqwatch → Console, Workload → LedgerClient, LedgerSim → XRPL.
// See ../shared/DESIGN.md for the layout this file sets.
let package = Package(
    name: "SeqWatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "seqwatch", targets: ["seqwatch"]),
        .library(name: "XRPL", targets: ["XRPL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shims: the only places that speak C libraries' dialects.
        .target(
            name: "CXRPLCrypto",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "CNCurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),

        // Protocol: codec, keys, signing, result codes, API models.
        .target(
            name: "XRPL",
            dependencies: [
                "CXRPLCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Ledger state lives in persistent hash trees (structural sharing), so the recent closed
        // ledgers that keep their state cost a diff each, not a full copy.
        .target(name: "LedgerSim", dependencies: ["XRPL", .product(name: "HashTreeCollections", package: "swift-collections")]),
        // The simulator's network face (JSON-RPC + WebSocket on one port). Kept apart from
        // LedgerSim so the ledger engine and its tests carry no networking stack.
        .target(
            name: "SimServer",
            dependencies: [
                "LedgerSim", "XRPL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LedgerClient",
            dependencies: [
                "XRPL", "LedgerSim",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Workload",
            dependencies: [
                "XRPL", "LedgerClient", "LedgerSim", .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // HTTP state/control API + /metrics: deliberately not in Workload (unlike DESIGN.md), so Workload stays free of networking, like SimServer/LedgerSim.
        .target(
            name: "StateServer",
            dependencies: [
                "Workload", "XRPL", "StateStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // What the engine keeps on disk: the state directory's lock, the wallet file, the journal.
        .target(
            name: "StateStore",
            dependencies: ["Workload", "XRPL", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "Console", dependencies: ["Workload", "CNCurses", .product(name: "DequeModule", package: "swift-collections")]),
        // `seqwatch sim --state-dir`: validated ledgers in SQLite, behind LedgerSim's LedgerSink seam.
        .target(name: "SimStore", dependencies: ["LedgerSim", "XRPL", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "seqwatch",
            dependencies: [
                "XRPL", "LedgerClient", "LedgerSim", "SimServer", "SimStore", "Workload", "Console", "StateServer", "StateStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Shared by the test targets: the off-the-pool trait for tests that compute or block, and the
        // loopback simulator server harness.
        .target(
            name: "TestSupport",
            dependencies: [
                "LedgerSim", "SimServer", .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "XRPLTests", dependencies: ["XRPL", "TestSupport"]),
        .testTarget(name: "LedgerSimTests", dependencies: ["LedgerSim"]),
        .testTarget(name: "SimStoreTests", dependencies: ["SimStore", "LedgerSim", "XRPL", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "SimServerTests",
            dependencies: [
                "SimServer", "LedgerSim", "XRPL", "TestSupport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
        .testTarget(name: "LedgerClientTests", dependencies: ["LedgerClient", "LedgerSim", "SimServer", "XRPL", "TestSupport"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "LedgerClient", "LedgerSim", "XRPL", "TestSupport"]),
        .testTarget(
            name: "StateStoreTests",
            dependencies: ["StateStore", "Workload", "LedgerSim", "XRPL", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ConsoleTests", dependencies: ["Console"], exclude: ["Golden"]),
        // Through a real socket: a running engine on the in-process simulator behind the API.
        .testTarget(
            name: "StateServerTests",
            dependencies: [
                "StateServer", "Workload", "LedgerClient", "LedgerSim", "XRPL", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Drives the real binary: bad input must end in one line and a non-zero exit.
        .testTarget(name: "SeqWatchCLITests", dependencies: ["XRPL", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
