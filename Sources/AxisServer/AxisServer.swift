import AxisCodec
import AxisStore
public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL
public import ServiceLifecycle
import Synchronization

/// The Axis server: accepts connections and serves each one until it closes.
///
/// A `Service`: run it in a `ServiceGroup`, and SIGINT/SIGTERM (or
/// `triggerGracefulShutdown()`) stop the listener, make every connection send GOAWAY and
/// finish what is in flight, then return.
public struct AxisServer: Service {
    private let configuration: ServerConfiguration
    private let handler: any RequestHandler
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let onServerRunning: @Sendable (SocketAddress) async -> Void

    /// - Parameters:
    ///   - configuration: address, limits, timeouts.
    ///   - handler: runs the requests beyond the connection-level ones.
    ///   - onServerRunning: called once the listener is bound, with the bound address (the port
    ///     is only known then when the configuration asks for port 0).
    public init(
        configuration: ServerConfiguration,
        handler: any RequestHandler,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onServerRunning: @escaping @Sendable (SocketAddress) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.onServerRunning = onServerRunning
    }

    public func run() async throws {
        let configuration = self.configuration
        let handler = self.handler
        let logger = self.logger
        let connectionIDs = ConnectionCounter()
        let reassembly = RequestAllowance()
        // At least one connection's allowance: a reservation takes the same bytes from both.
        let serverOutput = ByteBudget(capacity: max(configuration.maxServerOutputBytes, configuration.maxPendingOutputBytes))
        let throttle = AuthThrottle()
        let authenticator = configuration.authenticator
        let limiter = ConnectionLimiter(
            limits: .init(
                total: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress,
                pendingRefusals: configuration.maxPendingRefusals))
        let opcodes = ConnectionPipeline.connectionOpcodes + handler.opcodes
        let listener = try await ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // Reads grow up to 1 MiB while data streams in (imports), and shrink back when idle.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20))
            .childChannelOption(
                .writeBufferWaterMark,
                // Half the output allowance (ConnectionBudgets): requests wait for the allowance
                // only after the channel has gone unwritable, so a client that does not read is
                // seen (reading stops, the slow-consumer clock starts) before anything blocks.
                value: .init(
                    low: configuration.maxPendingOutputBytes / 4, high: configuration.maxPendingOutputBytes / 2))
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptFailureLogger(logger: logger))
                }
            }
            .bind(host: configuration.host, port: configuration.port) { channel -> EventLoopFuture<AcceptedConnection> in
                channel.eventLoop.makeCompletedFuture {
                    if let tls = configuration.tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    let address = channel.remoteAddress?.ipAddress ?? "?"
                    let admission = limiter.admit(address: address)
                    channel.closeFuture.whenComplete { _ in limiter.closed(address: address, admission: admission) }
                    switch admission {
                    case .dropped:
                        // Too many refusals pending: no time to explain.
                        channel.close(promise: nil)
                        return .refused
                    case .refused(let reason, let first):
                        if first { logger.notice("refusing connections (\(reason)); the next refusals are not logged until one is admitted") }
                        let operations = channel.pipeline.syncOperations
                        try operations.addHandler(PrefaceHandler(role: .server))
                        try operations.addHandler(FrameEncodingHandler(peerLimit: PeerPayloadLimit(), allocator: channel.allocator))
                        try operations.addHandler(RefusalHandler(reason: reason, patience: configuration.refusalPatience))
                        return .refused
                    case .admitted:
                        break
                    }
                    let id = connectionIDs.next()
                    var connectionLogger = logger
                    connectionLogger[metadataKey: "connection"] = "\(id)"
                    if let peer = channel.remoteAddress {
                        connectionLogger[metadataKey: "peer"] = "\(peer.displayString)"
                    }
                    let handshake = ConnectionStateMachine.Handshake(
                        versions: configuration.protocolVersions, serverName: configuration.serverName,
                        serverVersion: AxisVersion.current, limits: configuration.advertisedLimits,
                        opcodes: opcodes, connectionID: id, serverID: configuration.serverID,
                        authenticate: { token in authenticator?.check(token) ?? .open })
                    return .serve(
                        try ConnectionPipeline.configure(
                            channel, configuration: configuration, handshake: handshake, requestHandler: handler,
                            reassembly: reassembly, serverOutput: serverOutput, throttle: throttle, logger: connectionLogger))
                }
            }
        guard let address = listener.channel.localAddress else {
            throw ServerError("the listener has no local address")
        }
        self.logger.info("axserver listening on \(address.displayString)")
        await self.onServerRunning(address)

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    for try await accepted in connections {
                        // Discarding group: finished connections are not kept. A connection's
                        // failure never throws here, so one client cannot stop the server.
                        guard case .serve(let connection) = accepted else { continue }
                        group.addTask { await Self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            logger.info("shutting down: no new connections; draining open ones")
            listener.channel.close(promise: nil)
        }
        self.logger.info("axserver stopped")
    }

    /// The connection's task: runs its request jobs concurrently until the channel closes.
    ///
    /// The loop that takes the jobs runs on the connection's event loop, where they are
    /// yielded: resuming it there needs no thread woken. Each job runs on the global executor
    /// (a long query must not hold up the connection's I/O). One wake-up of a worker thread
    /// per request instead of two (loop, then job): a rare word's query over loopback took
    /// 225 us at p50, of which the index 4.
    private static func serve(_ connection: ConnectionPipeline) async {
        await withGracefulShutdownHandler {
            await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: connection.channel.eventLoop)) {
                await withDiscardingTaskGroup { group in
                    let running = connection.budgets.running
                    for await job in connection.jobs {
                        // A few at once per connection; the rest wait here in order.
                        let slot = await running.acquire(1)
                        group.addTask(executorPreference: globalConcurrentExecutor) {
                            await job.run()
                            running.release(slot)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            connection.shutdownStarted()
        }
        try? await connection.channel.closeFuture.get()
    }
}

/// What the accept loop gets for a new connection.
enum AcceptedConnection: Sendable {
    case serve(ConnectionPipeline)
    /// Over the limits: its channel refuses it by itself, or is already closed.
    case refused
}

/// Hands out connection ids, 1, 2, 3... (as in the logs and the HELLO reply).
final class ConnectionCounter: Sendable {
    private let value = Atomic<UInt64>(0)

    func next() -> UInt64 {
        self.value.add(1, ordering: .relaxed).newValue
    }
}

/// A failure of the server itself (not of one request).
public struct ServerError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension SocketAddress {
    /// `host:port`, with brackets around IPv6 hosts.
    public var displayString: String {
        let host = self.ipAddress ?? "?"
        let port = self.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
