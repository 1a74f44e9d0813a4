import NIOCore
import NIOPosix

/// The floor of any client and server that both run on SwiftNIO event loops, as Axis's do: a
/// bare echo server and a bare client handler (write a frame, wait for its echo, write the
/// next), no codec, no tasks, each end on its own event loop group as in the Axis run. What
/// Axis adds on top of this is its own cost; what this adds on top of the blocking echo is
/// the price of two event loops, which no NIO-based design avoids.
enum NIOPairBaseline {
    static func run(connections: Int, depth: Int, batched: Bool, frameSize: Int, seconds: Double) async throws -> LatencySummary {
        let serverLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        defer { serverLoops.shutdownGracefully { _ in } }
        let server = try await NIOEchoBaseline.bindServer(on: serverLoops)
        defer { server.close(promise: nil) }
        guard let address = server.localAddress else { throw BenchmarkError("no address") }

        let start = Stopwatch.now()
        let stopAt = start + UInt64(seconds * 1e9)
        var results: [EventLoopFuture<[UInt64]>] = []
        for _ in 0..<connections {
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let done = loop.makePromise(of: [UInt64].self)
            _ = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            PingPongClient(frameSize: frameSize, depth: depth, batched: batched, stopAt: stopAt, done: done))
                    }
                }
                .connect(to: address).get()
            results.append(done.futureResult)
        }
        var latencies: [UInt64] = []
        for result in results { latencies += try await result.get() }
        return LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - start) / 1e9)
    }

    /// Keeps `depth` frames in flight (or sends batches of `depth`), timing each round trip,
    /// until `stopAt`; then closes and reports the latencies.
    private final class PingPongClient: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let frameSize: Int
        private let depth: Int
        private let batched: Bool
        private let stopAt: UInt64
        private let done: EventLoopPromise<[UInt64]>
        private var frame = ByteBuffer()
        private var sentAt: [UInt64] = []
        private var head = 0
        private var pendingBytes = 0
        private var latencies: [UInt64] = []
        private var finished = false

        init(frameSize: Int, depth: Int, batched: Bool, stopAt: UInt64, done: EventLoopPromise<[UInt64]>) {
            self.frameSize = frameSize
            self.depth = depth
            self.batched = batched
            self.stopAt = stopAt
            self.done = done
            self.latencies.reserveCapacity(1 << 20)
        }

        func channelActive(context: ChannelHandlerContext) {
            self.frame = context.channel.allocator.buffer(repeating: 0x2A, count: self.frameSize)
            let now = Stopwatch.now()
            self.sentAt = Array(repeating: now, count: self.depth)
            for _ in 0..<self.depth { context.write(Self.wrapOutboundOut(self.frame), promise: nil) }
            context.flush()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !self.finished else { return }
            self.pendingBytes += Self.unwrapInboundIn(data).readableBytes
            var wrote = false
            while self.pendingBytes >= self.frameSize {
                self.pendingBytes -= self.frameSize
                let now = Stopwatch.now()
                let slot = self.head
                self.latencies.append(now - self.sentAt[slot])
                if now >= self.stopAt {
                    self.finished = true
                    self.done.succeed(self.latencies)
                    context.close(promise: nil)
                    return
                }
                self.head = (slot + 1) % self.depth
                if !self.batched {
                    // The next frame takes the slot just answered: it is answered after the
                    // other depth - 1 in flight, when the ring comes round to it again.
                    self.sentAt[slot] = now
                    context.write(Self.wrapOutboundOut(self.frame), promise: nil)
                    wrote = true
                } else if self.head == 0 {
                    for index in 0..<self.depth { self.sentAt[index] = now }
                    for _ in 0..<self.depth { context.write(Self.wrapOutboundOut(self.frame), promise: nil) }
                    wrote = true
                }
            }
            if wrote { context.flush() }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !self.finished {
                self.finished = true
                self.done.succeed(self.latencies)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
