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
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    var configuration = configuration
    configuration.host = "127.0.0.1"
    // Its own event loops, as if it were another process: client and server never share a
    // loop by chance, which would make round trips unrepresentatively cheap or costly.
    let serverLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    defer { serverLoops.shutdownGracefully { _ in } }
    let server = AxisServer(configuration: configuration, handler: handler, logger: logger, eventLoopGroup: serverLoops) { address in
        portContinuation.yield(address.port ?? 0)
        portContinuation.finish()
    }
    let group = ServiceGroup(services: services + [server], logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchmarkError("the server did not start") }
        let result = try await body(ServerAddress(host: "127.0.0.1", port: port))
        await group.triggerGracefulShutdown()
        for try await _ in tasks {}
        return result
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
