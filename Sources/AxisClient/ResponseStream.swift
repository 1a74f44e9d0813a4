public import AxisCodec
import NIOCore
import Synchronization

/// The frames of a streamed answer (an export, a query page), as an async sequence of
/// messages with backpressure: when the consumer falls behind by `highWatermark` frames, the
/// client stops reading the socket, the server's writes stall, and the server stops producing.
/// Memory stays bounded on both ends whatever the size of the answer.
///
/// Iterate it once. Leaving the loop early sends CANCEL for the request.
public struct ResponseStream<Reply: WireDecodable>: AsyncSequence, Sendable {
    public typealias Element = Reply
    let frames: FrameProducer
    let aborted: AbortFlag

    public struct AsyncIterator: AsyncIteratorProtocol {
        var frames: FrameProducer.AsyncIterator
        let aborted: AbortFlag

        public mutating func next() async throws -> Reply? {
            let frame = try await self.frames.next()
            // Frames that arrived before an abort are not delivered after it.
            guard !self.aborted.isSet else { throw ClientError(.connectionClosed, "the connection was aborted") }
            guard let frame else { return nil }
            return try AxisConnection.decodeReply(frame, as: Reply.self)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(frames: self.frames.makeAsyncIterator(), aborted: self.aborted)
    }
}

/// Set once by `AxisConnection.abort()`.
final class AbortFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { self.value.store(true, ordering: .relaxed) }

    var isSet: Bool { self.value.load(ordering: .relaxed) }
}

/// The frames of one streamed answer, with backpressure.
typealias FrameProducer = NIOThrowingAsyncSequenceProducer<
    Frame, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, StreamDelegate
>

/// Connects a stream's consumer to the channel handler: more wanted, or no longer wanted.
final class StreamDelegate: NIOAsyncSequenceProducerDelegate, Sendable {
    private let requestID = Mutex<UInt32?>(nil)
    private let handler: HandlerReference

    init(handler: HandlerReference) {
        self.handler = handler
    }

    /// Set by the handler when it assigns the request its id.
    func bind(_ id: UInt32) {
        self.requestID.withLock { $0 = id }
    }

    func produceMore() {
        guard let id = self.requestID.withLock({ $0 }) else { return }
        self.handler.streamWantsMore(id)
    }

    func didTerminate() {
        guard let id = self.requestID.withLock({ $0 }) else { return }
        self.handler.streamTerminated(id)
    }
}

/// The handler's end of a stream.
struct StreamSink {
    let source: FrameProducer.Source
    let delegate: StreamDelegate

    /// Hands a frame to the consumer; `false` when the consumer wants no more for now.
    func receive(_ frame: Frame, final: Bool) -> Bool {
        let result = self.source.yield(frame)
        if final { self.source.finish() }
        return result == .produceMore
    }

    func fail(_ error: ClientError) {
        self.source.finish(error)
    }
}
