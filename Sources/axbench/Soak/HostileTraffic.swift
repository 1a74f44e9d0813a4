import AxisCodec
import NIOCore
import NIOPosix

/// The three kinds of hostile connection of the soak (issue 19), each reconnecting when the
/// server drops it, until the deadline:
/// - `slowReader`: pipelines GETs of a large document and never reads;
/// - `bomber`: sends a DOC_PUT whose 64 KiB `body_zlib` declares 64 MiB, every two seconds,
///   and discards the answers;
/// - `unfinished`: sends the first fragment of a large DOC_PUT and never the rest.
enum HostileKind: String, CaseIterable, Sendable {
    case slowReader = "slow reader"
    case bomber = "body bomb"
    case unfinished = "unfinished fragments"
}

struct HostileTraffic: Sendable {
    let address: SocketAddress
    let group: MultiThreadedEventLoopGroup
    let bigKey: String
    let bomb: ByteBuffer
    let bombSize: UInt64

    /// Runs one connection of `kind` (reconnecting) until `deadline`; returns how many times it
    /// connected.
    func run(_ kind: HostileKind, until deadline: ContinuousClock.Instant) async -> Int {
        var connections = 0
        while ContinuousClock.now < deadline {
            guard let channel = try? await self.connect(reading: kind != .slowReader) else {
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            connections += 1
            do {
                try await self.send(kind, on: channel, until: deadline)
            } catch {
                // Dropped by the server: that is its defence working. Connect again.
            }
            channel.close(promise: nil)
            try? await Task.sleep(for: .milliseconds(200))
        }
        return connections
    }

    private func connect(reading: Bool) async throws -> any Channel {
        try await ClientBootstrap(group: self.group)
            .channelOption(.autoRead, value: reading)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Discard()) }
            }
            .connect(to: self.address).get()
    }

    private func send(_ kind: HostileKind, on channel: any Channel, until deadline: ContinuousClock.Instant) async throws {
        var opening = ByteBuffer(bytes: Preface.bytes)
        try FrameEncoder.encode(
            .request(Hello(clientName: "soak", clientVersion: kind.rawValue), opcode: .hello, requestID: 1), into: &opening,
            maxPayloadBytes: 1 << 20)
        var id: UInt32 = 2
        switch kind {
        case .slowReader:
            for _ in 0..<20 {
                try FrameEncoder.encode(.request(DocGet(key: self.bigKey), opcode: .docGet, requestID: id), into: &opening, maxPayloadBytes: 1 << 20)
                id += 1
            }
            try await channel.writeAndFlush(opening).get()
        case .bomber:
            try await channel.writeAndFlush(opening).get()
            while ContinuousClock.now < deadline, channel.isActive {
                let put = DocPut(documents: [DocumentUpload(key: "soak/bomb", body: .zlib(self.bomb, size: self.bombSize))])
                var frame = ByteBuffer()
                try FrameEncoder.encode(.request(put, opcode: .docPut, requestID: id), into: &frame, maxPayloadBytes: 1 << 20)
                id += 1
                try await channel.writeAndFlush(frame).get()
                try await Task.sleep(for: .seconds(2))
            }
            return
        case .unfinished:
            var fragment = ByteBuffer()
            fragment.writeRepeatingByte(0x41, count: 512 * 1024)
            try FrameEncoder.encode(
                Frame(flags: [.more], opcode: .docPut, requestID: id, payload: fragment), into: &opening, maxPayloadBytes: 1 << 20)
            try await channel.writeAndFlush(opening).get()
        }
        // Wait for the server to drop us (or the end).
        while ContinuousClock.now < deadline, channel.isActive {
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Reads and forgets whatever the server sends.
    private final class Discard: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}
