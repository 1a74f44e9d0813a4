import NIOCore
import NIOPosix

/// The event-loop framework's own floor: a bare SwiftNIO echo server (one handler that writes
/// back what it reads) driven by the same blocking client as `EchoBaseline`. The gap between
/// this and the raw echo is what an epoll event loop costs on this machine; the gap between
/// this and Axis is what the Axis protocol, handlers and client cost.
enum NIOEchoBaseline {
    static func run(connections: Int, depth: Int, batched: Bool, frameSize: Int, seconds: Double) async throws -> LatencySummary {
        let server = try await Self.bindServer(on: MultiThreadedEventLoopGroup.singleton)
        defer { server.close(promise: nil) }
        guard let port = server.localAddress?.port else { throw BenchmarkError("no port") }
        return try EchoBaseline.runClients(
            port: UInt16(port), connections: connections, depth: depth, batched: batched, frameSize: frameSize,
            seconds: seconds)
    }

    /// The bare echo server, on an ephemeral loopback port.
    static func bindServer(on group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    private final class EchoHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.write(data, promise: nil)
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }
    }
}
