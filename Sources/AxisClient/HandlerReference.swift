import AxisCodec
import NIOCore

/// The client handler and its context, usable from any thread: calls made on the event loop
/// (a task preferring the connection's executor) go straight in; others hop once.
struct HandlerReference: Sendable {
    let handler: NIOLoopBound<ClientChannelHandler>
    private let context: NIOLoopBound<ChannelHandlerContext>
    private let eventLoop: any EventLoop

    init(handler: ClientChannelHandler, context: ChannelHandlerContext, eventLoop: any EventLoop) {
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
        self.context = NIOLoopBound(context, eventLoop: eventLoop)
        self.eventLoop = eventLoop
    }

    /// Sends one request and waits for its final frame.
    func send(_ request: OutboundRequest) async throws(ClientError) -> Frame {
        do {
            return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Frame, any Error>) in
                self.onEventLoop { handler, context in
                    handler.submit(request, responder: .unary(continuation), context: context)
                }
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(.connectionClosed, "\(error)")
        }
    }

    /// Sends one request and collects every frame of its streamed answer.
    func sendStream(_ request: OutboundRequest, maxBytes: Int) async throws(ClientError) -> [Frame] {
        do {
            return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<[Frame], any Error>) in
                self.onEventLoop { handler, context in
                    let collector = StreamCollector(maxBytes: maxBytes, continuation: continuation)
                    handler.submit(request, responder: .stream(collector), context: context)
                }
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(.connectionClosed, "\(error)")
        }
    }

    /// Sends one request whose answer is consumed as it arrives, with backpressure.
    func sendStreaming(_ request: OutboundRequest) -> FrameProducer {
        let delegate = StreamDelegate(handler: self)
        let made = FrameProducer.makeSequence(
            elementType: Frame.self,
            backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8),
            finishOnDeinit: false,
            delegate: delegate)
        let sink = StreamSink(source: made.source, delegate: delegate)
        self.onEventLoop { handler, context in
            handler.submit(request, responder: .streaming(sink), context: context)
        }
        return made.sequence
    }

    func streamWantsMore(_ id: UInt32) {
        self.onEventLoop { handler, context in handler.resume(id, context: context) }
    }

    func streamTerminated(_ id: UInt32) {
        self.onEventLoop { handler, context in handler.abandon(id, context: context) }
    }

    /// Sends requests in one write; waits for all their final frames.
    func sendBatch(_ requests: [OutboundRequest]) async -> [Result<Frame, ClientError>] {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<[Result<Frame, ClientError>], Never>) in
            self.onEventLoop { handler, context in
                let batch = BatchCollector(count: requests.count, continuation: continuation)
                for (index, request) in requests.enumerated() {
                    handler.submit(request, responder: .batchItem(batch, index: index), context: context)
                }
            }
        }
    }

    private func onEventLoop(_ body: @escaping @Sendable (ClientChannelHandler, ChannelHandlerContext) -> Void) {
        if self.eventLoop.inEventLoop {
            body(self.handler.value, self.context.value)
        } else {
            let handler = self.handler
            let context = self.context
            self.eventLoop.execute { body(handler.value, context.value) }
        }
    }
}
