public import AxisCodec
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

extension AxisServer {
    /// Runs a server on `configuration`'s host (port 0: an ephemeral one) with `services`
    /// beside it, as one service group, while `body` runs with the address it listens on;
    /// then shuts the group down gracefully (the listener drains first) and waits for it.
    /// For servers inside another program: the tests and axbench.
    /// - Parameter body: gets the address and the group (to shut it down early, as SIGTERM
    ///   would).
    public static func serving<T: Sendable>(
        configuration: ServerConfiguration, handler: any RequestHandler, services: [any Service] = [], logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: @Sendable (ServerAddress, ServiceGroup) async throws -> T
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server = AxisServer(configuration: configuration, handler: handler, logger: logger, eventLoopGroup: eventLoopGroup) { address in
            portContinuation.yield(address.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: services + [server], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                // A group that fails to start (the port is taken) ends the wait below too.
                defer { portContinuation.finish() }
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                tasks.cancelAll()
                try await tasks.waitForAll()
                throw ServerError("the server did not start listening")
            }
            do {
                let result = try await body(ServerAddress(host: configuration.host, port: port), group)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
