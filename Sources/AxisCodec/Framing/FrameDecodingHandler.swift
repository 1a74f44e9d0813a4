public import NIOCore

/// Turns the byte stream into frames with `FrameDecoder`, as `ByteToMessageHandler` would, but
/// without holding on to NIO's receive buffers.
///
/// A frame's payload is a slice of the buffer it arrived in. When a read holds only whole
/// frames, nothing else keeps the buffer once the frames are handled, so NIO reuses it for the
/// next read instead of allocating a new one (`axbench rpc` showed that allocation on every
/// read with the generic handler). Only a partial frame at the end is copied into a buffer of
/// our own, to wait for the rest.
///
/// A decoding error is fatal: it is fired down the pipeline once, and everything after it is
/// dropped (the connection is closing; the stream cannot be resynchronised).
///
/// When a partial frame starts or ends waiting, a `PartialFrame` event goes down the pipeline:
/// the connection's time limits apply to a frame that never completes.
public final class FrameDecodingHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Frame

    private var decoder: FrameDecoder
    /// Bytes of an incomplete frame, waiting for the rest.
    private var partial: ByteBuffer?
    private var failed = false
    private var inactive = false

    public init(decoder: FrameDecoder) {
        self.decoder = decoder
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.failed else { return }
        let wasWaiting = self.partial != nil
        let delivered = self.readFrames(context: context, data: data)
        let isWaiting = self.partial != nil
        guard !self.failed, !self.inactive else { return }
        // A frame that completed and another that started in the same read: a new clock.
        if isWaiting && (!wasWaiting || delivered) {
            context.fireUserInboundEventTriggered(PartialFrame.started)
        } else if wasWaiting && !isWaiting {
            context.fireUserInboundEventTriggered(PartialFrame.finished)
        }
    }

    /// Returns whether at least one whole frame went down the pipeline.
    @discardableResult
    private func readFrames(context: ChannelHandlerContext, data: NIOAny) -> Bool {
        var delivered = false
        var incoming = Self.unwrapInboundIn(data)
        var ownBuffer = false
        if var partial = self.partial {
            self.partial = nil
            partial.writeBuffer(&incoming)
            incoming = partial
            ownBuffer = true
        }
        do throws(CodecError) {
            while let frame = try self.decoder.decodeFrame(buffer: &incoming) {
                context.fireChannelRead(Self.wrapInboundOut(frame))
                delivered = true
                // A handler may have closed the channel in reaction to the frame.
                guard !self.failed, !self.inactive else { return delivered }
            }
        } catch {
            self.fail(error, context: context)
            return delivered
        }
        guard incoming.readableBytes > 0 else { return delivered }
        // The whole frame's size, once its length is here (the decoder has checked it against
        // the limit). Room grows by doubling toward it (amortised copies), never reserved
        // whole up front: a peer that sends only a header claiming 1 MiB gets 64 KiB.
        let frameBytes = incoming.getInteger(at: incoming.readerIndex, endianness: .big, as: UInt32.self).map { Int($0) + 4 } ?? 256
        let roomBytes = min(frameBytes, max(Self.initialRoomBytes, 2 * incoming.readableBytes))
        var tail: ByteBuffer
        if ownBuffer {
            // Already ours: drop the frames handled (moving less than one frame), keep the rest.
            incoming.discardReadBytes()
            tail = incoming
        } else {
            // A slice of NIO's receive buffer: copy the tail out, so NIO can reuse its buffer.
            tail = context.channel.allocator.buffer(capacity: max(roomBytes, incoming.readableBytes, 256))
            tail.writeBuffer(&incoming)
        }
        tail.reserveCapacity(roomBytes)
        self.partial = tail
        return delivered
    }

    /// Room first given to a partial frame.
    static let initialRoomBytes = 64 * 1024

    public func channelInactive(context: ChannelHandlerContext) {
        self.inactive = true
        if !self.failed, let partial = self.partial, partial.readableBytes > 0 {
            self.fail(
                CodecError(.truncatedFrame, "the connection ended \(partial.readableBytes) bytes into a frame"),
                context: context)
        }
        self.partial = nil
        context.fireChannelInactive()
    }

    private func fail(_ error: CodecError, context: ChannelHandlerContext) {
        // (A partial frame left with the error: the connection is closing.)
        self.failed = true
        self.partial = nil
        context.fireErrorCaught(error)
    }
}

/// A frame has started arriving and waits for the rest, or that wait is over.
public enum PartialFrame: Hashable, Sendable {
    case started
    case finished
}
