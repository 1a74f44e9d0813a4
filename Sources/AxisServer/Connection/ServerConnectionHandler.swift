import AxisCodec
import AxisStore
import AxisZlib
import Logging
import NIOCore
import NIOSSL

/// One client connection's protocol logic, on the channel's event loop (Protocol/PROTOCOL.md §4).
///
/// Why a handler and not an async loop: `axbench rpc` measured 0.18 of the TCP echo baseline
/// with an `NIOAsyncChannel` loop, because every frame hopped between the event loop and the
/// global executor twice. Here connection-level frames (HELLO, PING, CANCEL, GOAWAY, errors)
/// are answered in the same event-loop tick that read them, and replies produced while
/// reading a batch of frames leave in one flush. Requests that do real work are handed to the
/// connection's task (`ConnectionJobs`), run concurrently, and write their responses back
/// through the channel.
///
/// Time limits (handshake deadline, idle timeout, slow consumer) are decided by
/// `ConnectionGuardStateMachine`; this handler keeps its one timer.
///
/// Backpressure: while the channel is not writable (more than `maxPendingOutputBytes` queued
/// for a client that does not read), `read()` is held back, so the server stops reading that
/// socket. Memory per connection stays bounded by the in-flight limit and the watermark.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    private var machine: ConnectionStateMachine
    private var assembler: RequestAssembler
    private var guardMachine: ConnectionGuardStateMachine
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private let inboundLimits: InboundLimits
    private let outboundLimit: PeerPayloadLimit
    private let jobs: AsyncStream<RequestJob>.Continuation
    private let requestHandler: any RequestHandler
    private let maxInflight: Int
    private let budgets: ConnectionBudgets
    private let throttle: AuthThrottle
    private var logger: Logger

    /// Requests handed to the job task and not yet answered with a final frame.
    private var inflight: [UInt32: CancellationFlag] = [:]
    private var inflater: Inflater?
    private var needsFlush = false
    private var readHeldBack = false
    private var draining = false
    /// Until the client's preface arrives, nothing may be written to it (PROTOCOL.md §1).
    private var prefaceExchanged = false
    /// Requests are waiting for the connection's output allowance: the client is not taking
    /// what was built for it (as good as an unwritable channel).
    private var outputStalled = false
    /// A refused HELLO is being answered after its delay: frames meanwhile are ignored.
    private var refusingAuthentication = false
    /// When the frame now arriving started, if one is partial.
    private var partialFrameSince: NIODeadline?
    /// When the last fragment of a request still being assembled arrived.
    private var lastFragmentAt: NIODeadline?

    init(
        handshake: ConnectionStateMachine.Handshake, timeouts: ConnectionTimeouts, inboundLimits: InboundLimits,
        outboundLimit: PeerPayloadLimit, jobs: AsyncStream<RequestJob>.Continuation, requestHandler: any RequestHandler,
        maxInflight: Int, budgets: ConnectionBudgets, reassembly: RequestAllowance, throttle: AuthThrottle, logger: Logger
    ) {
        self.budgets = budgets
        self.throttle = throttle
        self.assembler = RequestAssembler(
            maxRequestBytes: DocumentLimits.assembledPayloadBytes, maxConnectionBytes: 2 * DocumentLimits.assembledPayloadBytes,
            shared: reassembly)
        self.machine = ConnectionStateMachine(handshake: handshake)
        self.guardMachine = ConnectionGuardStateMachine(
            now: .now(), handshakeTimeout: timeouts.handshake, idleTimeout: timeouts.idle,
            slowConsumerTimeout: timeouts.slowConsumer, unfinishedTimeout: timeouts.unfinished)
        self.inboundLimits = inboundLimits
        self.outboundLimit = outboundLimit
        self.jobs = jobs
        self.requestHandler = requestHandler
        self.maxInflight = maxInflight
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.scheduleCheck(at: self.guardMachine.firstCheck, context: context)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let output = self.budgets.output
        self.budgets.output.observeStalls { _ in
            eventLoop.execute {
                // Notices may arrive out of order; the budget's state now is what counts.
                let (handler, context) = loopBound.value
                handler.outputStallChanged(output.hasWaiters, context: context)
            }
        }
    }

    /// The output allowance ran out (or has room again): treated like the channel's
    /// writability, for reading and for the slow-consumer clock.
    private func outputStallChanged(_ stalled: Bool, context: ChannelHandlerContext) {
        self.outputStalled = stalled
        self.flowChanged(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Nothing is answered before the refusal itself (its delay must not be skipped).
        guard !self.refusingAuthentication else { return }
        self.guardMachine.activity()
        var frame = Self.unwrapInboundIn(data)
        var idChecked = false
        if !frame.isResponse && self.assembler.isFragment(frame) {
            self.lastFragmentAt = .now()
            let complete = self.assemble(frame, context: context)
            self.unfinishedChanged(context: context)
            guard let complete else { return }
            frame = complete
            idChecked = true
        }
        let decoded = self.inflate(frame).flatMap { plain in Result { () throws(CodecError) in try Request(decoding: plain) } }
        self.act(on: self.machine.frameReceived(frame, decoded: decoded, idChecked: idChecked), context: context)
    }

    /// Feeds a fragment to the assembler; returns the whole request once its last fragment is in.
    private func assemble(_ fragment: Frame, context: ChannelHandlerContext) -> Frame? {
        // A later fragment of a refused request is not a new request: the assembler drops it.
        let isFirst = !self.assembler.isOpen(fragment.requestID) && !self.assembler.isRefused(fragment.requestID)
            && fragment.flags.contains(.more)
        if isFirst {
            switch self.machine.fragmentedRequestStarted(fragment) {
            case .accept:
                break
            case .refuse(let error):
                self.assembler.refuse(fragment.requestID, moreToCome: true)
                self.write(.error(to: fragment, error), context: context)
                return nil
            case .close(let goAway):
                self.act(on: .close(goAway), context: context)
                return nil
            }
        }
        let plain: Frame
        switch self.inflate(fragment) {
        case .success(let inflated):
            plain = inflated
        case .failure(let error):
            self.assembler.refuse(fragment.requestID, moreToCome: fragment.flags.contains(.more))
            self.write(.error(to: fragment, WireError(error)), context: context)
            return nil
        }
        switch self.assembler.fragmentReceived(plain) {
        case .waitForMore, .drop:
            return nil
        case .refuse(let error):
            self.write(.error(to: fragment, error), context: context)
            return nil
        case .complete(let whole):
            return whole
        }
    }

    private func act(on action: ConnectionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .reply(let reply):
            self.write(reply, context: context)
        case .completeHandshake(let reply, let version, let peerMaxPayloadBytes):
            if let principal = self.machine.principal, principal.name != "-" {
                self.throttle.succeeded(context.channel.remoteAddress?.ipAddress ?? "?")
                self.logger[metadataKey: "token"] = "\(principal.name)"
            }
            self.inboundLimits.handshakeCompleted(
                version: version, maxPayloadBytes: Int(self.machine.handshake.limits.maxPayloadBytes))
            self.outboundLimit.set(peerMaxPayloadBytes)
            self.scheduleCheck(at: self.guardMachine.handshakeCompleted(now: .now()), context: context)
            self.write(reply, context: context)
            self.logger.debug("handshake complete", metadata: ["version": "\(version)"])
        case .dispatch(let request, let frame):
            self.dispatch(request, frame: frame, context: context)
        case .cancel(let requestID):
            if let flag = self.inflight[requestID] {
                flag.cancel()
            } else if let first = self.assembler.cancel(requestID) {
                // Still being reassembled: it ends here, with the first fragment's opcode (§6.4).
                self.write(.error(to: first, WireError(.cancelled, "cancelled by the client before its last fragment")), context: context)
                self.unfinishedChanged(context: context)
            }
        case .replyThenClose(let reply, let goAway):
            self.logger.info("closing: \(goAway.message)")
            self.write(reply, context: context)
            context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
            context.close(promise: nil)
        case .close(let goAway):
            self.logger.info("closing: \(goAway.message)")
            context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
            context.close(promise: nil)
        case .refuseAuthentication(let reply, let goAway):
            // Slow to answer, and slower for an address that keeps failing: guessing is slow.
            let address = context.channel.remoteAddress?.ipAddress ?? "?"
            let delay = self.throttle.failed(address)
            self.logger.notice("authentication failed (\(goAway.message)); answering in \(delay.nanoseconds / 1_000_000) ms")
            self.draining = true
            self.refusingAuthentication = true
            self.timer?.cancel()
            self.timer = nil
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = loopBound.value
                context.write(Self.wrapOutboundOut(reply), promise: nil)
                context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
                context.close(promise: nil)
                _ = handler
            }
        case .peerClosing:
            self.logger.debug("the client sent GOAWAY")
            self.startDraining(context: context, goAway: nil)
        case .ignore(let reason):
            self.logger.debug("ignored a frame: \(reason)")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is PrefaceExchanged { self.prefaceExchanged = true }
        if let partial = event as? PartialFrame {
            self.partialFrameSince = partial == .started ? .now() : nil
            self.unfinishedChanged(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The time limit on unfinished input runs from the start of a partial frame, or from the
    /// last fragment while a request waits for more (whichever is older).
    private func unfinishedChanged(context: ChannelHandlerContext) {
        let fragmentSince = self.assembler.hasOpenRequests ? self.lastFragmentAt : nil
        let since = [self.partialFrameSince, fragmentSince].compactMap { $0 }.min()
        if let deadline = self.guardMachine.unfinishedChanged(since: since) {
            self.scheduleCheck(at: deadline, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
        if !self.inflight.isEmpty {
            // One line for the connection, not one per request that can no longer answer.
            self.logger.info("the client went away with \(self.inflight.count) requests unanswered")
        }
        for flag in self.inflight.values { flag.cancel() }
        self.budgets.close()
        self.assembler.releaseAll()
        self.jobs.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case let error as CodecError:
            self.framingFailed(ErrorCode(error), error.description, context: context)
        case is ByteToMessageDecoderError.PayloadTooLargeError:
            self.framingFailed(.frameTooLarge, "buffered input over the limit", context: context)
        case let mismatch as PrefaceMismatch:
            self.logger.notice("closing a connection that did not start with the Axis preface: \(mismatch)")
            context.close(promise: nil)
        case let tls as NIOSSLError:
            self.logger.notice("closing a connection whose TLS failed (a plaintext client on this TLS port, or one that does not trust this certificate): \(tls)")
            context.close(promise: nil)
        case let tls as BoringSSLError:
            self.logger.notice("closing a connection whose TLS failed (a plaintext client on this TLS port, or one that does not trust this certificate): \(tls)")
            context.close(promise: nil)
        default:
            self.logger.debug("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Responses written by request tasks pass here: a final one ends its request.
        self.guardMachine.activity()
        let frame = Self.unwrapOutboundIn(data)
        if frame.isResponse && frame.isFinal, self.inflight.removeValue(forKey: frame.requestID) != nil {
            context.write(data, promise: promise)
            self.closeIfDrained(context: context)
            return
        }
        context.write(data, promise: promise)
    }

    func read(context: ChannelHandlerContext) {
        // Stop reading while the client leaves our output unread, while its requests hold more
        // than their allowance (they call read() again as they finish), and once draining.
        guard context.channel.isWritable, !self.outputStalled, !self.budgets.requestsOverLimit, !self.draining else {
            self.readHeldBack = !self.draining
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.flowChanged(context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Output flows when the channel is writable and no request waits for the allowance.
    private func flowChanged(context: ChannelHandlerContext) {
        let flowing = context.channel.isWritable && !self.outputStalled
        if let deadline = self.guardMachine.writabilityChanged(isWritable: flowing, now: .now()) {
            self.scheduleCheck(at: deadline, context: context)
        }
        if flowing && self.readHeldBack {
            self.readHeldBack = false
            context.read()
        }
    }

    // MARK: - Time limits

    private func scheduleCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        guard deadline != .distantFuture, !self.refusingAuthentication else { return }
        // One timer: keep the earlier check (each check schedules the next earliest one).
        if self.timer != nil, let scheduled = self.timerDeadline, scheduled <= deadline { return }
        self.timerDeadline = deadline
        self.timer?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        self.timer = nil
        self.timerDeadline = nil
        switch self.guardMachine.timerFired(now: .now(), inflight: self.inflight.count) {
        case .checkAgain(let deadline):
            self.scheduleCheck(at: deadline, context: context)
        case .goAway(var goAway):
            goAway.lastRequestID = self.machine.lastRequestID
            self.logger.info("closing: \(goAway.message)")
            // A peer that never sent the preface gets no frame: it may not be an Axis client.
            if self.prefaceExchanged {
                context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
            }
            context.close(promise: nil)
        }
    }

    // MARK: - Shutdown

    /// The server is shutting down: GOAWAY, stop reading, close once in-flight requests finish.
    func shutdownStarted(context: ChannelHandlerContext) {
        guard !self.draining else { return }
        let goAway = self.machine.shutdownStarted()
        self.logger.debug("shutting down", metadata: ["last-request-id": "\(goAway.lastRequestID)"])
        self.startDraining(context: context, goAway: goAway)
    }

    private func startDraining(context: ChannelHandlerContext, goAway: GoAway?) {
        self.draining = true
        if let goAway, self.prefaceExchanged {
            context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
        }
        self.closeIfDrained(context: context)
    }

    private func closeIfDrained(context: ChannelHandlerContext) {
        guard self.draining, self.inflight.isEmpty else { return }
        context.flush()
        context.close(promise: nil)
    }

    // MARK: - Private

    private func write(_ frame: Frame, context: ChannelHandlerContext) {
        context.write(Self.wrapOutboundOut(frame), promise: nil)
        self.needsFlush = true
    }

    private func dispatch(_ request: Request, frame: Frame, context: ChannelHandlerContext) {
        guard self.inflight.count < self.maxInflight else {
            let error = WireError(
                .tooManyRequests, "more than \(self.maxInflight) requests in flight", limit: UInt64(self.maxInflight))
            self.write(.error(to: frame, error), context: context)
            return
        }
        guard self.budgets.requestStarted(bytes: frame.payload.readableBytes) else {
            let error = WireError(
                .overloaded, "the server holds too many requests' bytes; retry later", retry: .afterBackoff,
                limit: UInt64(self.budgets.serverRequests.capacity))
            self.write(.error(to: frame, error), context: context)
            return
        }
        let cancellation = CancellationFlag()
        self.inflight[frame.requestID] = cancellation
        let requestContext = RequestContext(
            frame: frame, cancellation: cancellation, peerMaxPayloadBytes: self.outboundLimit.maxPayloadBytes,
            logger: self.logger, channel: context.channel, budgets: self.budgets,
            principal: self.machine.principal?.name ?? "-")
        self.jobs.yield(RequestJob(request: request, context: requestContext, handler: self.requestHandler))
    }

    /// Inflates a compressed frame (within the limits); others pass through.
    private func inflate(_ frame: Frame) -> Result<Frame, CodecError> {
        guard frame.flags.contains(.compressed) else { return .success(frame) }
        return Result { () throws(CodecError) -> Frame in
            try frame.decompressed(
                limits: self.inboundLimits.inflation, compressionAllowed: self.inboundLimits.compressionAllowed,
                inflater: try self.makeInflater())
        }
    }

    private func makeInflater() throws(CodecError) -> Inflater {
        if let inflater = self.inflater { return inflater }
        do {
            let inflater = try Inflater()
            self.inflater = inflater
            return inflater
        } catch {
            throw CodecError(.corruptCompressedPayload, "cannot allocate an inflater: \(error)")
        }
    }

    /// The byte stream is out of sync: GOAWAY with the reason, then close (never resync).
    private func framingFailed(_ code: ErrorCode, _ message: String, context: ChannelHandlerContext) {
        self.logger.notice("closing the connection: broken framing: \(message)")
        let goAway = GoAway(code: code, lastRequestID: self.machine.lastRequestID, message: message)
        context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
        context.close(promise: nil)
    }
}
