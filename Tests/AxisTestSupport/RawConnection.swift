public import AxisCodec
public import NIOCore
import NIOPosix
import Synchronization

/// A TCP connection that sends and receives raw bytes, for tests that must speak to the server
/// the way a broken or hostile client would (garbage, TLS, HTTP, oversized lengths).
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let received: ReceivedBytes

    private init(channel: any Channel, received: ReceivedBytes) {
        self.channel = channel
        self.received = received
    }

    /// - Parameter receiveBufferBytes: a small kernel receive buffer makes a client that does
    ///   not read fill up quickly (loopback buffers are otherwise several MB).
    public static func connect(to address: ServerAddress, receiveBufferBytes: Int? = nil) async throws -> RawConnection {
        let received = ReceivedBytes()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
        }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(received: received))
                }
            }
            .connect(host: address.host, port: address.port).get()
        return RawConnection(channel: channel, received: received)
    }

    /// Connects, sends the preface and HELLO, and reads the server's preface and HELLO reply.
    public static func handshaken(to address: ServerAddress, receiveBufferBytes: Int? = nil) async throws -> RawConnection {
        let connection = try await Self.connect(to: address, receiveBufferBytes: receiveBufferBytes)
        try await connection.send(Preface.bytes)
        try await connection.send(frame: .request(Hello(clientName: "raw", clientVersion: "1"), opcode: .hello, requestID: 1))
        let preface = try await connection.receive(count: Preface.bytes.count)
        guard preface == Preface.bytes else { throw TestSupportError("no preface from the server: \(preface)") }
        let reply = try await connection.receiveFrame()
        guard reply.opcode == .hello, !reply.isError else { throw TestSupportError("handshake failed: \(reply)") }
        return connection
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    public func send(_ buffer: ByteBuffer) async throws {
        try await self.channel.writeAndFlush(buffer).get()
    }

    /// Encodes and sends one frame (no limit applied: tests send what they like).
    public func send(frame: Frame) async throws {
        var buffer = ByteBuffer()
        try FrameEncoder.encode(frame, into: &buffer, maxPayloadBytes: Int(UInt32.max) - 8)
        try await self.send(buffer)
    }

    /// Exactly `count` bytes; throws if the connection closes first or `timeout` passes.
    public func receive(count: Int, timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        try await self.received.take(count, timeout: timeout)
    }

    /// The next whole frame.
    public func receiveFrame(timeout: Duration = .seconds(10)) async throws -> Frame {
        let header = try await self.receive(count: FrameHeader.size, timeout: timeout)
        guard let parsed = FrameHeader.peek(in: ByteBuffer(bytes: header)), parsed.length >= 8 else {
            throw TestSupportError("bad frame header from the server: \(header)")
        }
        let payload = try await self.receive(count: Int(parsed.length) - 8, timeout: timeout)
        return Frame(
            version: parsed.version, flags: parsed.flags, opcode: parsed.opcode, requestID: parsed.requestID,
            payload: ByteBuffer(bytes: payload))
    }

    /// Everything until the server closes the connection.
    public func receiveUntilClosed(timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        try await self.resumeReading()
        return try await self.received.takeAll(timeout: timeout)
    }

    /// Stops reading from the socket: the kernel buffers fill and the server sees a client
    /// that does not read.
    public func pauseReading() async throws {
        try await self.channel.setOption(.autoRead, value: false).get()
    }

    /// Reads again.
    public func resumeReading() async throws {
        guard self.channel.isActive else { return }
        try? await self.channel.setOption(.autoRead, value: true).get()
        self.channel.read()
    }

    public func close() async {
        try? await self.channel.close()
    }
}

/// Bytes read from the channel, handed out in the amounts tests ask for.
final class ReceivedBytes: Sendable {
    private struct Waiter {
        var count: Int?  // nil: until closed
        var continuation: CheckedContinuation<[UInt8], any Error>
    }

    private struct State {
        var buffer: [UInt8] = []
        var closed = false
        var waiter: Waiter?
        /// Ends the current wait with a timeout error; cancelled when the wait is served.
        var watchdog: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func append(_ bytes: [UInt8]) {
        self.state.withLock { state in
            state.buffer.append(contentsOf: bytes)
            Self.serve(&state)
        }
    }

    func close() {
        self.state.withLock { state in
            state.closed = true
            Self.serve(&state)
        }
    }

    func take(_ count: Int, timeout: Duration) async throws -> [UInt8] {
        try await self.wait(count: count, timeout: timeout)
    }

    func takeAll(timeout: Duration) async throws -> [UInt8] {
        try await self.wait(count: nil, timeout: timeout)
    }

    /// One continuation, resumed exactly once under the lock: by `serve` (the bytes, or the
    /// close) or by its watchdog (the timeout, started once the wait is registered),
    /// whichever takes the waiter first. Not a task group racing a sleep against the wait:
    /// when the test process's threads were all busy, both children became ready together and
    /// the sleep could win with the bytes already there ("timed out ...; have 0 bytes"), or
    /// finish before the wait had registered, leaving the group waiting for ever.
    private func wait(count: Int?, timeout: Duration) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            self.state.withLock { state in
                state.waiter = Waiter(count: count, continuation: continuation)
                Self.serve(&state)
                guard state.waiter != nil else { return }
                state.watchdog = Task {
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    self.state.withLock { state in
                        guard let waiter = state.waiter else { return }
                        state.waiter = nil
                        let what = count.map(String.init) ?? "the close"
                        waiter.continuation.resume(
                            throwing: TestSupportError("timed out waiting for \(what); have \(state.buffer.count) bytes"))
                    }
                }
            }
        }
    }

    private static func serve(_ state: inout State) {
        guard let waiter = state.waiter else { return }
        defer {
            if state.waiter == nil {
                state.watchdog?.cancel()
                state.watchdog = nil
            }
        }
        if let count = waiter.count {
            if state.buffer.count >= count {
                let result = Array(state.buffer.prefix(count))
                state.buffer.removeFirst(count)
                state.waiter = nil
                waiter.continuation.resume(returning: result)
            } else if state.closed {
                state.waiter = nil
                waiter.continuation.resume(
                    throwing: TestSupportError(
                        "connection closed after \(state.buffer.count) of \(count) bytes: \(state.buffer.prefix(32))"))
            }
        } else if state.closed {
            let result = state.buffer
            state.buffer.removeAll()
            state.waiter = nil
            waiter.continuation.resume(returning: result)
        }
    }
}

/// Feeds what the channel reads into `ReceivedBytes`.
final class CollectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let received: ReceivedBytes

    init(received: ReceivedBytes) {
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        self.received.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.received.close()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
