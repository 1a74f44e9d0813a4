import AxisCodec
import AxisStore
import Logging
import NIOCore

/// The channel pipeline of one server connection, from the socket up:
///
/// ```
/// socket <-> PrefaceHandler (removes itself after 8 bytes)
///        <-> FrameDecodingHandler                 bytes -> Frame, limits checked first
///        <-> FrameEncodingHandler                 Frame -> bytes, the peer's limit checked
///        <-> ServerConnectionHandler              handshake, PING, time limits, dispatch of requests
/// ```
///
/// What the accept loop gets back: the channel, the stream of request jobs its handler
/// produces, and a way to tell the handler the server is shutting down.
struct ConnectionPipeline: Sendable {
    let channel: any Channel
    let jobs: AsyncStream<RequestJob>
    let budgets: ConnectionBudgets
    private let handler: NIOLoopBound<ServerConnectionHandler>
    private let handlerContext: NIOLoopBound<ChannelHandlerContext>

    /// The opcodes the connection handler answers itself.
    static let connectionOpcodes: [Opcode] = [.hello, .ping, .goAway, .cancel]

    /// Builds the pipeline; runs on the channel's event loop.
    static func configure(
        _ channel: any Channel, configuration: ServerConfiguration, handshake: ConnectionStateMachine.Handshake,
        requestHandler: any RequestHandler, reassembly: RequestAllowance, serverOutput: ByteBudget, throttle: AuthThrottle,
        logger: Logger
    ) throws -> ConnectionPipeline {
        let inboundLimits = InboundLimits(inflation: InflationLimits(configuration.limits))
        let outboundLimit = PeerPayloadLimit()
        let (jobs, continuation) = AsyncStream<RequestJob>.makeStream()
        let budgets = ConnectionBudgets(
            maxOutputBytes: configuration.maxPendingOutputBytes, serverOutput: serverOutput, serverRequests: reassembly,
            maxRequestBytes: 2 * DocumentLimits.assembledPayloadBytes)
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(PrefaceHandler(role: .server))
        try operations.addHandler(FrameDecodingHandler(decoder: FrameDecoder(limits: inboundLimits)))
        try operations.addHandler(FrameEncodingHandler(peerLimit: outboundLimit, allocator: channel.allocator))
        let handler = ServerConnectionHandler(
            handshake: handshake, timeouts: ConnectionTimeouts(configuration), inboundLimits: inboundLimits, outboundLimit: outboundLimit, jobs: continuation,
            requestHandler: requestHandler, maxInflight: configuration.limits.maxInflightRequests, budgets: budgets,
            reassembly: reassembly, throttle: throttle, logger: logger)
        try operations.addHandler(handler)
        let context = try operations.context(handler: handler)
        return ConnectionPipeline(
            channel: channel, jobs: jobs, budgets: budgets, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
            handlerContext: NIOLoopBound(context, eventLoop: channel.eventLoop))
    }

    /// Tells the connection the server is shutting down (GOAWAY, drain, close). Any thread.
    func shutdownStarted() {
        let handler = self.handler
        let context = self.handlerContext
        self.channel.eventLoop.execute {
            handler.value.shutdownStarted(context: context.value)
        }
    }
}

/// The time limits of a connection, from the server configuration.
struct ConnectionTimeouts: Sendable {
    var handshake: TimeAmount
    var idle: TimeAmount
    var slowConsumer: TimeAmount
    var unfinished: TimeAmount

    init(_ configuration: ServerConfiguration) {
        self.handshake = configuration.handshakeTimeout
        self.idle = configuration.idleTimeout
        self.slowConsumer = configuration.slowConsumerTimeout
        self.unfinished = configuration.unfinishedInputTimeout
    }
}
