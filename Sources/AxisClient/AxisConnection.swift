public import AxisCodec
import AxisZlib
public import NIOCore
public import NIOPosix

/// A connection to an Axis server, after a successful handshake.
///
/// Safe to share between tasks: calls from many tasks are pipelined on the one connection,
/// and each gets its own answer (responses may come in any order).
///
/// ```swift
/// let connection = try await AxisConnection.connect(to: .default)
/// let pong = try await connection.call(Ping())
/// await connection.close()
/// ```
public final class AxisConnection: Sendable {
    /// Where the connection goes.
    public let address: ServerAddress
    /// What the server said in the handshake: version, name, limits, opcodes.
    public let server: HelloReply
    private let channel: any Channel
    private let handler: HandlerReference
    private let configuration: ClientConfiguration
    private let aborted = AbortFlag()

    private init(
        address: ServerAddress, server: HelloReply, channel: any Channel, handler: HandlerReference,
        configuration: ClientConfiguration
    ) {
        self.address = address
        self.server = server
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
    }

    /// Connects and completes the handshake.
    /// - Throws: `ClientError` `.cannotConnect`, `.notAnAxisServer`, `.versionMismatch`, `.timeout`.
    public static func connect(
        to address: ServerAddress,
        configuration: ClientConfiguration = ClientConfiguration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(ClientError) -> AxisConnection {
        let inboundLimits = InboundLimits(
            inflation: InflationLimits(ProtocolLimits(maxPayloadBytes: configuration.maxPayloadBytes)))
        let peerLimit = PeerPayloadLimit()
        let tlsContext = try configuration.tls?.makeContext()
        let tls = configuration.tls
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // Reads grow up to 1 MiB while a stream pours in (exports), and shrink back when idle.
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls, let tlsContext {
                        try operations.addHandler(try tls.makeHandler(context: tlsContext, host: address.host))
                    }
                    try operations.addHandler(PrefaceHandler(role: .client))
                    try operations.addHandler(FrameDecodingHandler(decoder: FrameDecoder(limits: inboundLimits)))
                    try operations.addHandler(FrameEncodingHandler(peerLimit: peerLimit, allocator: channel.allocator))
                    try operations.addHandler(ClientChannelHandler(peerLimit: peerLimit))
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            throw ClientError(.cannotConnect, "\(address): \(ConnectFailure.describe(error))")
        }

        let handler: HandlerReference
        do {
            handler = try await channel.eventLoop.submit {
                let operations = channel.pipeline.syncOperations
                let handler = try operations.handler(type: ClientChannelHandler.self)
                return HandlerReference(handler: handler, context: try operations.context(handler: handler), eventLoop: channel.eventLoop)
            }.get()
        } catch {
            channel.close(promise: nil)
            throw Self.closedDuringHandshake(address, tls: configuration.tls != nil)
        }

        let hello = Hello(
            minVersion: configuration.protocolVersions.lowerBound,
            maxVersion: configuration.protocolVersions.upperBound,
            clientName: configuration.clientName, clientVersion: AxisVersion.current,
            maxPayloadBytes: UInt32(clamping: configuration.maxPayloadBytes), token: configuration.token)
        let reply: HelloReply
        do {
            let frame = try await handler.send(
                OutboundRequest(
                    opcode: Hello.opcode, payload: hello.encoded(allocator: channel.allocator), 
                    timeout: configuration.connectTimeout))
            reply = try Self.decodeReply(frame, as: HelloReply.self)
        } catch {
            channel.close(promise: nil)
            // Closed before any answer, with no GOAWAY to say why: the connection never got
            // going (a TLS port spoken to in plaintext closes at once, alert or not).
            if error.code == .connectionClosed, error.goAway == nil {
                throw Self.closedDuringHandshake(address, tls: configuration.tls != nil)
            }
            throw error
        }

        inboundLimits.handshakeCompleted(version: reply.version, maxPayloadBytes: configuration.maxPayloadBytes)
        peerLimit.set(Int(reply.limits.maxPayloadBytes))
        let version = reply.version
        try? await channel.eventLoop.submit { handler.handler.value.version = version }.get()
        return AxisConnection(
            address: address, server: reply, channel: channel, handler: handler, configuration: configuration)
    }

    private static func closedDuringHandshake(_ address: ServerAddress, tls: Bool) -> ClientError {
        ClientError(
            .cannotConnect,
            "\(address): the server closed the connection during the handshake"
                + (tls
                    ? " (TLS: is the server started with --tls-cert, and its certificate signed by the CA given with --ca?)"
                    : " (a server started with TLS needs --tls)"))
    }

    /// Sends a request and waits for its reply.
    /// - Parameter timeout: overrides the configuration's request timeout.
    /// - Throws: `ClientError`: `.server` with the server's error, `.timeout`, `.connectionClosed`, `.protocolError`.
    public func call<R: RequestMessage>(_ request: R, timeout: TimeAmount? = nil) async throws(ClientError) -> R.Reply {
        let frame = try await self.handler.send(
            OutboundRequest(
                opcode: R.opcode, payload: request.encoded(allocator: self.channel.allocator), 
                timeout: timeout ?? self.configuration.requestTimeout))
        return try Self.decodeReply(frame, as: R.Reply.self)
    }

    /// Sends a request whose answer is a stream, and returns every frame's message once the
    /// stream has ended. An error frame at the end throws the server's error.
    /// - Parameter maxBytes: the most the whole answer may take.
    public func callStream<R: RequestMessage>(
        _ request: R, timeout: TimeAmount? = nil, maxBytes: Int = 512 * 1024 * 1024
    ) async throws(ClientError) -> [R.Reply] {
        let frames = try await self.handler.sendStream(
            OutboundRequest(
                opcode: R.opcode, payload: request.encoded(allocator: self.channel.allocator),
                timeout: timeout ?? self.configuration.requestTimeout),
            maxBytes: maxBytes)
        var replies: [R.Reply] = []
        replies.reserveCapacity(frames.count)
        for frame in frames {
            replies.append(try Self.decodeReply(frame, as: R.Reply.self))
        }
        return replies
    }

    /// Sends a request whose answer is a stream, and returns its frames folded into one reply
    /// (the reply's type knows which fields accumulate and which the final frame carries).
    public func callMerged<R: RequestMessage>(
        _ request: R, timeout: TimeAmount? = nil, maxBytes: Int = 512 * 1024 * 1024
    ) async throws(ClientError) -> R.Reply where R.Reply: StreamedReply {
        R.Reply.merged(try await self.callStream(request, timeout: timeout, maxBytes: maxBytes))
    }

    /// Sends a request whose answer is a stream, and returns the stream as it arrives. The
    /// answer is read only as fast as it is consumed (see `ResponseStream`).
    /// - Parameter timeout: for the whole stream; none by default (exports can take hours).
    public func stream<R: RequestMessage>(_ request: R, timeout: TimeAmount? = nil) -> ResponseStream<R.Reply> {
        let frames = self.handler.sendStreaming(
            OutboundRequest(opcode: R.opcode, payload: request.encoded(allocator: self.channel.allocator), timeout: timeout))
        return ResponseStream(frames: frames, aborted: self.aborted)
    }

    /// Sends many requests in one write and waits for all the replies: pipelining without a
    /// task per request. Each request succeeds or fails on its own; results are in input order.
    public func callBatch<R: RequestMessage>(
        _ requests: [R], timeout: TimeAmount? = nil
    ) async -> [Result<R.Reply, ClientError>] {
        let timeout = timeout ?? self.configuration.requestTimeout
        let outbound = requests.map {
            OutboundRequest(
                opcode: R.opcode, payload: $0.encoded(allocator: self.channel.allocator), timeout: timeout)
        }
        let frames = await self.handler.sendBatch(outbound)
        return frames.map { result in
            result.flatMap { frame in Result { () throws(ClientError) in try Self.decodeReply(frame, as: R.Reply.self) } }
        }
    }

    /// Sends GOAWAY and closes. Requests still in flight fail with `.connectionClosed`.
    public func close() async {
        let goAway = GoAway(code: .noError, lastRequestID: 0, message: "client closing")
        try? await self.channel.writeAndFlush(goAway.frame(version: self.server.version)).get()
        try? await self.channel.close().get()
    }

    /// An executor on the connection's event loop, for tasks that mostly wait on this
    /// connection (see `EventLoopTaskExecutor`).
    public var executor: EventLoopTaskExecutor { EventLoopTaskExecutor(eventLoop: self.channel.eventLoop) }

    /// Closes at once, without GOAWAY: requests in flight fail with `.connectionClosed`, and
    /// so do streams, even those with frames already received but not yet consumed. For
    /// interrupting a transfer (Ctrl-C) and for tests of interrupted transfers.
    public func abort() {
        self.aborted.set()
        self.channel.close(promise: nil)
    }

    /// Whether the connection is still open.
    public var isActive: Bool { self.channel.isActive }

    // MARK: - Internals

    static func decodeReply<M: WireDecodable>(_ frame: Frame, as type: M.Type) throws(ClientError) -> M {
        let serverError: WireError
        do throws(CodecError) {
            var payload = try Self.inflatedPayload(of: frame)
            guard frame.isError else { return try M(fromPayload: &payload) }
            serverError = try WireError(fromPayload: &payload)
        } catch {
            throw ClientError(.protocolError, "cannot decode the server's \(frame.opcode) reply: \(error)")
        }
        throw ClientError.fromServer(serverError)
    }

    /// The payload, inflated if the server compressed it (within the client's own limits).
    static func inflatedPayload(of frame: Frame) throws(CodecError) -> ByteBuffer {
        guard frame.flags.contains(.compressed) else { return frame.payload }
        let inflater: Inflater
        do {
            inflater = try Inflater()
        } catch {
            throw CodecError(.corruptCompressedPayload, "cannot allocate an inflater: \(error)")
        }
        return try frame.decompressed(
            limits: InflationLimits(ProtocolLimits.default), compressionAllowed: true, inflater: inflater
        ).payload
    }
}
