import AxisClient
public import AxisCodec
public import AxisIndex
public import AxisServer
public import AxisStore
public import Logging
import NIOCore
public import ServiceLifecycle

/// A running test server: its address, and a way to shut it down gracefully mid-test.
public struct TestServer: Sendable {
    public let address: ServerAddress
    private let group: ServiceGroup

    init(address: ServerAddress, group: ServiceGroup) {
        self.address = address
        self.group = group
    }

    /// Starts the graceful shutdown (as SIGTERM would).
    public func shutDown() async {
        await self.group.triggerGracefulShutdown()
    }
}

/// Runs the real server with a real store in a fresh temporary folder (the full Axis stack).
@discardableResult
public func withStoreServer<T: Sendable>(
    configuration: ServerConfiguration = ServerConfiguration(),
    _ body: @Sendable (TestServer, SnapshotStore) async throws -> T
) async throws -> T {
    try await withTemporaryStore { store, _, _ in
        var configuration = configuration
        configuration.serverID = store.serverID
        return try await withTestServer(configuration: configuration, handler: AxisRequestRouter(store: store)) { server in
            try await body(server, store)
        }
    }
}

/// A real store in a fresh temporary folder for `body` (with the folder, and the quiet
/// logger it was opened with); closed and removed afterwards.
public func withTemporaryStore<T>(_ body: (SnapshotStore, _ directory: String, _ logger: Logger) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        var logger = Logger(label: "axis.test-store")
        logger.logLevel = .critical
        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory), logger: logger)
        defer { store.close() }
        return try await body(store, directory, logger)
    }
}

/// The bundled gazetteer, loaded once for all tests.
public let bundledGazetteer: Result<Gazetteer, any Error> = Result { try Gazetteer.bundled() }

/// Runs the full server: a store, the entity index with its indexer running in the
/// background (checkpointing into the data folder), and the server, all in a fresh folder.
@discardableResult
public func withIndexedServer<T: Sendable>(
    gazetteer: Gazetteer? = nil,
    checkpointIntervals: ClosedRange<Duration> = Indexer.defaultCheckpointIntervals,
    _ body: @Sendable (TestServer, SnapshotStore, Indexer) async throws -> T
) async throws -> T {
    try await withTemporaryStore { store, directory, logger in
        let assembly = ServerAssembly(
            store: store, index: EntityIndex(gazetteer: try gazetteer ?? bundledGazetteer.get()),
            checkpoint: IndexCheckpointFile(dataDirectory: directory), logger: logger, checkpointIntervals: checkpointIntervals)
        var configuration = ServerConfiguration()
        configuration.serverID = store.serverID
        return try await withTestServer(configuration: configuration, handler: assembly.router, services: assembly.services) { server in
            try await body(server, store, assembly.indexer)
        }
    }
}

/// Runs the real `AxisServer` on 127.0.0.1 with an ephemeral port for the duration of `body`,
/// inside a `ServiceGroup`, and shuts it down gracefully afterwards. No fixed ports, no sleeps.
@discardableResult
public func withTestServer<T: Sendable>(
    configuration: ServerConfiguration = ServerConfiguration(),
    handler: any RequestHandler = ConnectionOnlyHandler(),
    services: [any Service] = [],
    _ body: @Sendable (TestServer) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    var logger = Logger(label: "axis.test-server")
    logger.logLevel = .critical
    return try await AxisServer.serving(configuration: configuration, handler: handler, services: services, logger: logger) { address, group in
        try await body(TestServer(address: address, group: group))
    }
}

/// A failure in the test harness itself.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
