public import NIOCore

/// Turns frames into bytes, coalescing the frames written between two flushes into one buffer.
///
/// Pipelined responses (16 PONGs answering 16 PINGs read in one go) leave in one buffer and one
/// `write` call, and the buffer is reused once the socket has taken it, so a steady stream of
/// small frames allocates nothing. Payloads above `directPayloadBytes` are not copied: their
/// header goes out with the coalesced bytes and the payload buffer follows as it is.
///
/// The payload limit is the peer's (learnt in the handshake). A frame over it is a bug in this
/// process: its write fails with `frameTooLarge` and nothing is sent.
public final class FrameEncodingHandler: ChannelOutboundHandler {
    public typealias OutboundIn = Frame
    public typealias OutboundOut = ByteBuffer

    /// Payloads larger than this are written as their own buffer rather than copied.
    public static let directPayloadBytes = 16 * 1024

    private let peerLimit: PeerPayloadLimit
    private var pending: ByteBuffer
    private var pendingPromises: [EventLoopPromise<Void>] = []

    public init(peerLimit: PeerPayloadLimit, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.peerLimit = peerLimit
        self.pending = allocator.buffer(capacity: 1024)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = Self.unwrapOutboundIn(data)
        let payloadLength = frame.payload.readableBytes
        let maxPayload = self.peerLimit.maxPayloadBytes
        guard payloadLength <= maxPayload else {
            promise?.fail(
                CodecError(
                    .frameTooLarge, "a \(payloadLength)-byte payload exceeds the peer's limit of \(maxPayload)",
                    limit: UInt64(maxPayload)))
            return
        }
        let header = FrameHeader(
            length: UInt32(payloadLength) + FrameHeader.sizeAfterLength, version: frame.version,
            flags: frame.flags, opcode: frame.opcode, requestID: frame.requestID)
        header.write(into: &self.pending)
        if payloadLength > Self.directPayloadBytes {
            // Send what is pending (ending with this header), then the payload as is.
            self.emitPending(context: context)
            context.write(Self.wrapOutboundOut(frame.payload), promise: promise)
            return
        }
        self.pending.writeImmutableBuffer(frame.payload)
        if let promise { self.pendingPromises.append(promise) }
    }

    public func flush(context: ChannelHandlerContext) {
        self.emitPending(context: context)
        context.flush()
    }

    /// Hands the coalesced bytes to the next handler, with the promises of their frames.
    private func emitPending(context: ChannelHandlerContext) {
        guard self.pending.readableBytes > 0 else {
            self.completeWithoutWrite()
            return
        }
        let promise: EventLoopPromise<Void>?
        switch self.pendingPromises.count {
        case 0:
            promise = nil
        case 1:
            promise = self.pendingPromises[0]
        default:
            let combined = context.eventLoop.makePromise(of: Void.self)
            for each in self.pendingPromises { combined.futureResult.cascade(to: each) }
            promise = combined
        }
        self.pendingPromises.removeAll(keepingCapacity: true)
        context.write(Self.wrapOutboundOut(self.pending), promise: promise)
        // Once the socket has taken the bytes, the storage is ours alone again and `clear()`
        // reuses it; if it is still queued, copy-on-write gives us fresh storage.
        self.pending.clear()
    }

    private func completeWithoutWrite() {
        for promise in self.pendingPromises { promise.succeed() }
        self.pendingPromises.removeAll(keepingCapacity: true)
    }
}
