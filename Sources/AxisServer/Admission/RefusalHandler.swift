import AxisCodec
import NIOCore

/// The pipeline of a connection over the limits: once the client's preface is in, one GOAWAY
/// OVERLOADED saying why, then close; a client that sends no preface within `patience` is
/// closed without a byte (PROTOCOL.md §1: nothing before the preface).
final class RefusalHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    private let reason: String
    private let patience: TimeAmount
    private var timer: Scheduled<Void>?

    init(reason: String, patience: TimeAmount = .seconds(1)) {
        self.reason = reason
        self.patience = patience
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.patience) {
            loopBound.value.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is PrefaceExchanged else { return }
        let goAway = GoAway(code: .overloaded, lastRequestID: 0, message: "too many connections: \(self.reason); retry later")
        context.writeAndFlush(Self.wrapOutboundOut(goAway.frame()), promise: nil)
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Frames after the preface from a refused client are not read.
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
