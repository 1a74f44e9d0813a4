import AxisCodec
import NIOCore

/// The Axis server alone: the real server answering PINGs from a client that costs next to
/// nothing (one NIO handler that writes ready-made frames and counts the answers; no tasks,
/// no request table, no decoding beyond the frame headers), as `redis-benchmark` is a lean C
/// client beside `redis-server`. The comparison with Redis then weighs server against
/// server; the table's other Axis column adds the real client's cost on the same two cores.
enum BareClientBaseline {
    static func run(address: ServerAddress, connections: Int, depth: Int, batched: Bool, seconds: Double) async throws -> LatencySummary {
        let socketAddress = try SocketAddress(ipAddress: address.host, port: address.port)
        return try await InFlightRing.run(connections: connections, to: socketAddress, seconds: seconds) { stopAt, done in
            BarePingClient(ring: InFlightRing(depth: depth, batched: batched, stopAt: stopAt), done: done)
        }
    }

    /// Preface and HELLO, then `depth` PINGs in flight (or batches of `depth`), each answer
    /// timed, until `stopAt`. Request ids rise by one per PING, as the protocol requires.
    private final class BarePingClient: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private enum State {
            case handshaking
            case pinging
            case finished
        }

        private var ring: InFlightRing
        private let done: EventLoopPromise<[UInt64]>
        private var state = State.handshaking
        private var received = ByteBuffer()
        private var nextID: UInt32 = 2
        private let pingPayload = Ping().encoded()

        init(ring: InFlightRing, done: EventLoopPromise<[UInt64]>) {
            self.ring = ring
            self.done = done
        }

        func channelActive(context: ChannelHandlerContext) {
            var hello = context.channel.allocator.buffer(capacity: 128)
            hello.writeBytes(Preface.bytes)
            let frame = Frame.request(
                Hello(clientName: "axbench-bare", clientVersion: AxisVersion.current), opcode: .hello, requestID: 1)
            do {
                try FrameEncoder.encode(frame, into: &hello, maxPayloadBytes: ProtocolLimits().maxPayloadBytes)
            } catch {
                self.fail(context: context, error)
                return
            }
            context.writeAndFlush(Self.wrapOutboundOut(hello), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard self.state != .finished else { return }
            var bytes = Self.unwrapInboundIn(data)
            self.received.writeBuffer(&bytes)
            if self.state == .handshaking {
                guard self.received.readableBytes >= Preface.bytes.count + FrameHeader.size else { return }
                guard self.received.getBytes(at: self.received.readerIndex, length: Preface.bytes.count) == Preface.bytes else {
                    self.fail(context: context, BenchmarkError("the server did not answer with the Axis preface"))
                    return
                }
                self.received.moveReaderIndex(forwardBy: Preface.bytes.count)
                guard let reply = self.nextFrame() else {
                    // Put the preface back until the HELLO reply is whole.
                    self.received.moveReaderIndex(to: self.received.readerIndex - Preface.bytes.count)
                    return
                }
                guard !reply.flags.contains(.error) else {
                    self.fail(context: context, BenchmarkError("the server refused HELLO"))
                    return
                }
                self.state = .pinging
                self.ring.started(now: Stopwatch.now())
                var first = context.channel.allocator.buffer(capacity: self.ring.depth * FrameHeader.size)
                for _ in 0..<self.ring.depth { self.writePing(into: &first) }
                context.writeAndFlush(Self.wrapOutboundOut(first), promise: nil)
            }
            var out = context.channel.allocator.buffer(capacity: self.ring.depth * FrameHeader.size)
            while let header = self.nextFrame() {
                guard header.opcode == .ping, !header.flags.contains(.error) else {
                    self.fail(context: context, BenchmarkError("unexpected answer: \(header.opcode), flags \(header.flags.rawValue)"))
                    return
                }
                switch self.ring.answered(now: Stopwatch.now()) {
                case .stop:
                    self.state = .finished
                    self.done.succeed(self.ring.latencies)
                    context.close(promise: nil)
                    return
                case .nothing:
                    break
                case .send(let count):
                    for _ in 0..<count { self.writePing(into: &out) }
                }
            }
            if self.received.readerIndex > 64 * 1024 { self.received.discardReadBytes() }
            if out.readableBytes > 0 { context.writeAndFlush(Self.wrapOutboundOut(out), promise: nil) }
        }

        /// The next whole frame's header, consumed with its payload; nil until one is whole.
        private func nextFrame() -> FrameHeader? {
            guard let header = FrameHeader.peek(in: self.received), header.length >= FrameHeader.sizeAfterLength,
                self.received.readableBytes >= FrameHeader.size + header.payloadLength
            else { return nil }
            self.received.moveReaderIndex(forwardBy: FrameHeader.size + header.payloadLength)
            return header
        }

        private func writePing(into buffer: inout ByteBuffer) {
            FrameHeader(
                length: UInt32(self.pingPayload.readableBytes) + FrameHeader.sizeAfterLength, version: 1, flags: [], opcode: .ping,
                requestID: self.nextID
            ).write(into: &buffer)
            buffer.writeImmutableBuffer(self.pingPayload)
            self.nextID &+= 1
        }

        private func fail(context: ChannelHandlerContext, _ error: any Error) {
            guard self.state != .finished else { return }
            self.state = .finished
            self.done.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if self.state != .finished {
                self.state = .finished
                self.done.succeed(self.ring.latencies)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.fail(context: context, error)
        }
    }
}
