import AxisCodec
import NIOCore
import NIOSSL

/// The client end of a connection: assigns request ids, routes response frames to their
/// callers, answers the server's PINGs, and turns GOAWAY, timeouts and closes into errors for
/// exactly the requests they affect.
///
/// Writes are flushed once per event-loop tick rather than once per request: when many tasks
/// send at once (pipelining), their frames leave in one `writev`.
final class ClientChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    private var pending = PendingRequests<Responder>()
    private let peerLimit: PeerPayloadLimit
    private var flushScheduled = false
    /// Streams whose consumer is over its high watermark: while any is, the socket is not read.
    private var pausedStreams: Set<UInt32> = []
    private var readHeld = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// The frame version to write: 1 until the handshake says otherwise.
    var version: UInt8 = 1

    init(peerLimit: PeerPayloadLimit) {
        self.peerLimit = peerLimit
    }

    // MARK: - Outbound

    /// Whether the channel can take requests; false once it closed or failed.
    private var isOpen = true

    /// Sends a request (called on the event loop by `AxisConnection`). Requests submitted in
    /// the same event-loop tick go out with one flush.
    func submit(_ request: OutboundRequest, responder: Responder, context: ChannelHandlerContext) {
        guard self.isOpen else {
            responder.fail(self.pending.closedError ?? ClientError(.connectionClosed, "the connection is closed"))
            return
        }
        let deadline = request.timeout.map { NIODeadline.now() + $0 }
        switch self.pending.register(responder, deadline: deadline) {
        case .failure(let error):
            responder.fail(error)
        case .success(let id):
            if case .streaming(let sink) = responder { sink.delegate.bind(id) }
            // A payload over the server's frame limit goes out in fragments (§4.2).
            var payload = request.payload
            let maxPayload = self.peerLimit.maxPayloadBytes
            while payload.readableBytes > maxPayload, let fragment = payload.readSlice(length: maxPayload) {
                let frame = Frame(version: self.version, flags: [.more], opcode: request.opcode, requestID: id, payload: fragment)
                context.write(Self.wrapOutboundOut(frame), promise: nil)
            }
            let frame = Frame(version: self.version, flags: [], opcode: request.opcode, requestID: id, payload: payload)
            context.write(Self.wrapOutboundOut(frame), promise: nil)
            self.scheduleFlush(context: context)
            if let deadline { self.armTimer(context: context, for: deadline) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Connection-level frames (GOAWAY, CANCEL) written by `AxisConnection` as they are.
        context.write(data, promise: promise)
        self.scheduleFlush(context: context)
    }

    private func scheduleFlush(context: ChannelHandlerContext) {
        guard !self.flushScheduled else { return }
        self.flushScheduled = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // Queued behind the writes other tasks have already submitted, so one flush covers them.
        context.eventLoop.execute {
            let (handler, context) = loopBound.value
            handler.flushScheduled = false
            context.flush()
        }
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        if frame.isResponse {
            switch self.pending.responseReceived(frame) {
            case .deliver(.streaming(let sink), let final):
                let wantsMore = sink.receive(frame, final: final)
                if final || wantsMore {
                    self.resume(frame.requestID, context: context)
                } else {
                    self.pausedStreams.insert(frame.requestID)
                }
            case .deliver(let responder, let final):
                responder.receive(frame, final: final)
            case .unknown:
                break
            }
            return
        }
        switch frame.opcode {
        case .goAway:
            var payload = frame.payload
            let goAway = (try? GoAway(fromPayload: &payload)) ?? GoAway(code: .internal, lastRequestID: 0, message: "undecodable GOAWAY")
            for responder in self.pending.goAwayReceived(goAway) {
                responder.fail(ClientError(.connectionClosed, "the server is closing the connection: \(goAway.message)", goAway: goAway))
            }
            if self.pending.isEmpty { context.close(promise: nil) }
        case .ping:
            var payload = frame.payload
            let data = (try? Ping(fromPayload: &payload))?.data ?? []
            let pong = Frame.response(to: frame, Pong(data: data), allocator: context.channel.allocator)
            context.write(Self.wrapOutboundOut(pong), promise: nil)
            self.scheduleFlush(context: context)
        default:
            // The server sends no other requests in v1.
            let error = WireError(.unsupportedOpcode, "the client serves no \(frame.opcode) requests")
            context.write(Self.wrapOutboundOut(.error(to: frame, error)), promise: nil)
            self.scheduleFlush(context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
    }

    // MARK: - Stream backpressure

    func read(context: ChannelHandlerContext) {
        guard self.pausedStreams.isEmpty else {
            self.readHeld = true
            return
        }
        context.read()
    }

    /// A stream's consumer caught up (or the stream ended): read again if nothing else holds it.
    func resume(_ id: UInt32, context: ChannelHandlerContext) {
        self.pausedStreams.remove(id)
        if self.pausedStreams.isEmpty && self.readHeld {
            self.readHeld = false
            context.read()
        }
    }

    /// A stream's consumer stopped listening: cancel the request on the server.
    func abandon(_ id: UInt32, context: ChannelHandlerContext) {
        if self.pending.remove(id) != nil {
            context.write(Self.wrapOutboundOut(Cancel(requestID: id).frame(version: self.version)), promise: nil)
            self.scheduleFlush(context: context)
        }
        self.resume(id, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.isOpen = false
        self.timer?.cancel()
        self.timer = nil
        let error = ClientError(.connectionClosed, "the connection closed")
        for responder in self.pending.connectionFailed(error) {
            responder.fail(self.pending.closedError ?? error)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let clientError: ClientError
        switch error {
        case let mismatch as PrefaceMismatch:
            clientError = ClientError(.notAnAxisServer, "the server did not answer with the Axis preface: \(mismatch)")
        case let codec as CodecError:
            clientError = ClientError(.protocolError, "bad frame from the server: \(codec)")
        case let tls as NIOSSLError:
            clientError = ClientError(.cannotConnect, TLSFailure.describe(tls))
        case let tls as BoringSSLError:
            clientError = ClientError(.cannotConnect, TLSFailure.describe(tls))
        default:
            clientError = ClientError(.connectionClosed, "connection error: \(error)")
        }
        self.isOpen = false
        for responder in self.pending.connectionFailed(clientError) {
            responder.fail(clientError)
        }
        context.close(promise: nil)
    }

    // MARK: - Timeouts

    private func armTimer(context: ChannelHandlerContext, for deadline: NIODeadline) {
        if let current = self.timerDeadline, current <= deadline { return }
        self.timer?.cancel()
        self.timerDeadline = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        self.timer = nil
        self.timerDeadline = nil
        for (id, responder) in self.pending.expire(now: .now()) {
            responder.fail(ClientError(.timeout, "no answer to request \(id) within its timeout"))
            // Tell the server to stop working on it; its late answer will be dropped.
            context.write(Self.wrapOutboundOut(Cancel(requestID: id).frame(version: self.version)), promise: nil)
            self.scheduleFlush(context: context)
        }
        if let next = self.pending.earliestDeadline {
            self.armTimer(context: context, for: next)
        }
    }
}
