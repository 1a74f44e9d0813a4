import AxisClient
import AxisCodec
import AxisServer
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Runs a real `AxisServer` on an ephemeral loopback port for the duration of `body`.
func withInProcessServer<T: Sendable>(
    configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
    handler: any RequestHandler,
    services: [any Service] = [],
    _ body: @Sendable (ServerAddress) async throws -> T
) async throws -> T {
    var logger = Logger(label: "axbench.server")
    logger.logLevel = .warning
    var configuration = configuration
    configuration.host = "127.0.0.1"
    // Its own event loops, as if it were another process: client and server never share a
    // loop by chance, which would make round trips unrepresentatively cheap or costly.
    let serverLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    defer { serverLoops.shutdownGracefully { _ in } }
    return try await AxisServer.serving(
        configuration: configuration, handler: handler, services: services, logger: logger, eventLoopGroup: serverLoops
    ) { address, _ in
        try await body(address)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
