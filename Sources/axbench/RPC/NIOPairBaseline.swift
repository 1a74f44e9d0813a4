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

        return try await InFlightRing.run(connections: connections, to: address, seconds: seconds) { stopAt, done in
            PingPongClient(frameSize: frameSize, ring: InFlightRing(depth: depth, batched: batched, stopAt: stopAt), done: done)
        }
    }

    /// Keeps `depth` frames in flight (or sends batches of `depth`), timing each round trip,
    /// until `stopAt`; then closes and reports the latencies.
    private final class PingPongClient: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let frameSize: Int
        private var ring: InFlightRing
        private let done: EventLoopPromise<[UInt64]>
        private var frame = ByteBuffer()
        private var pendingBytes = 0
        private var finished = false

        init(frameSize: Int, ring: InFlightRing, done: EventLoopPromise<[UInt64]>) {
            self.frameSize = frameSize
            self.ring = ring
            self.done = done
        }

        func channelActive(context: ChannelHandlerContext) {
            self.frame = context.channel.allocator.buffer(repeating: 0x2A, count: self.frameSize)
            self.ring.started(now: Stopwatch.now())
            for _ in 0..<self.ring.depth { context.write(Self.wrapOutboundOut(self.frame), promise: nil) }
            context.flush()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !self.finished else { return }
            self.pendingBytes += Self.unwrapInboundIn(data).readableBytes
            var wrote = false
            while self.pendingBytes >= self.frameSize {
                self.pendingBytes -= self.frameSize
                switch self.ring.answered(now: Stopwatch.now()) {
                case .stop:
                    self.finished = true
                    self.done.succeed(self.ring.latencies)
                    context.close(promise: nil)
                    return
                case .nothing:
                    break
                case .send(let count):
                    for _ in 0..<count { context.write(Self.wrapOutboundOut(self.frame), promise: nil) }
                    wrote = true
                }
            }
            if wrote { context.flush() }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !self.finished {
                self.finished = true
                self.done.succeed(self.ring.latencies)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
