public import NIOCore

/// Exchanges the 8-byte preface (Protocol/PROTOCOL.md §1), then removes itself.
///
/// Sits first in the pipeline, next to the socket, so nothing reaches the frame decoder until
/// the peer has proven it speaks Axis: a TLS or HTTP client on the port costs one small buffer,
/// never a frame-sized allocation (the Kafka lesson). The server answers with its own preface
/// only after the client's checked out; the client sends first. On a mismatch the handler
/// fires a `PrefaceMismatch` error (which says what the bytes looked like) and closes; for an
/// HTTP client the server first writes a one-line HTTP 400 saying what this port is.
public final class PrefaceHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Which side of the connection this handler is on.
    public enum Role: Sendable {
        case client
        case server
    }

    private let role: Role
    private var received: [UInt8] = []
    private var done = false

    public init(role: Role) {
        self.role = role
        self.received.reserveCapacity(Preface.bytes.count)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if self.role == .client && context.channel.isActive {
            self.sendPreface(context: context)
        }
    }

    public func channelActive(context: ChannelHandlerContext) {
        if self.role == .client {
            self.sendPreface(context: context)
        }
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.done else {
            context.fireChannelRead(data)
            return
        }
        var buffer = Self.unwrapInboundIn(data)
        let wanted = Preface.bytes.count - self.received.count
        let taken = buffer.readBytes(length: min(wanted, buffer.readableBytes)) ?? []
        self.received.append(contentsOf: taken)

        // Fail as soon as a byte differs: no need to wait for 8 bytes from a peer that is not Axis.
        guard Preface.bytes.starts(with: self.received) else {
            self.mismatch(context: context, firstBytes: self.received + (buffer.readBytes(length: min(buffer.readableBytes, 8)) ?? []))
            return
        }
        guard self.received.count == Preface.bytes.count else { return }

        self.done = true
        if self.role == .server {
            self.sendPreface(context: context)
        }
        // Later handlers may now write frames (before the preface, nothing may be written).
        context.fireUserInboundEventTriggered(PrefaceExchanged())
        if buffer.readableBytes > 0 {
            context.fireChannelRead(Self.wrapInboundOut(buffer))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private var prefaceSent = false

    private func sendPreface(context: ChannelHandlerContext) {
        guard !self.prefaceSent else { return }
        self.prefaceSent = true
        var preface = context.channel.allocator.buffer(capacity: Preface.bytes.count)
        preface.writeBytes(Preface.bytes)
        context.writeAndFlush(Self.wrapOutboundOut(preface), promise: nil)
    }

    private func mismatch(context: ChannelHandlerContext, firstBytes: [UInt8]) {
        self.done = true
        let sniffed = Preface.sniff(firstBytes)
        if self.role == .server, case .http = sniffed {
            let body = "This port speaks the Axis binary protocol, not HTTP. Use axclient.\n"
            let response =
                "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body
            context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(string: response)), promise: nil)
        }
        context.fireErrorCaught(PrefaceMismatch(sniffed: sniffed, firstBytes: firstBytes))
        context.close(promise: nil)
    }
}

/// Fired down the pipeline once the peer's preface has arrived (and, on a server, ours has
/// been sent in answer): from then on frames may be written.
public struct PrefaceExchanged: Hashable, Sendable {}

/// The peer's first bytes were not the Axis preface.
public struct PrefaceMismatch: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the bytes looked like.
    public let sniffed: Preface.Sniffed
    /// Up to the first 16 bytes received, for the log.
    public let firstBytes: [UInt8]

    public var description: String {
        let hex = self.firstBytes.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        return "the peer sent \(self.sniffed) [\(hex)]"
    }
}
