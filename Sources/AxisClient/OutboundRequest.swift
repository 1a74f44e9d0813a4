import AxisCodec
import NIOCore

/// A request on its way to the channel handler: what to send and how long to wait.
struct OutboundRequest: Sendable {
    var opcode: Opcode
    var payload: ByteBuffer
    var timeout: TimeAmount?
}

/// Where the frames answering a request go. Resumed on the event loop.
enum Responder {
    /// One caller waiting for one final frame (a reply or an error frame).
    case unary(UnsafeContinuation<Frame, any Error>)
    /// One slot of a batch: the batch resumes its caller when every slot is filled.
    case batchItem(BatchCollector, index: Int)
    /// A streamed answer: every frame is kept until the final one.
    case stream(StreamCollector)
    /// A streamed answer handed to an async consumer as it arrives, with backpressure.
    case streaming(StreamSink)

    /// A frame for this request; `final` ends it.
    func receive(_ frame: Frame, final: Bool) {
        switch self {
        case .unary(let continuation):
            if final { continuation.resume(returning: frame) }
        case .batchItem(let batch, let index):
            if final { batch.fill(index, with: .success(frame)) }
        case .stream(let collector):
            collector.receive(frame, final: final)
        case .streaming(let sink):
            _ = sink.receive(frame, final: final)
        }
    }

    func fail(_ error: ClientError) {
        switch self {
        case .unary(let continuation): continuation.resume(throwing: error)
        case .batchItem(let batch, let index): batch.fill(index, with: .failure(error))
        case .stream(let collector): collector.fail(error)
        case .streaming(let sink): sink.fail(error)
        }
    }
}

/// Collects the answers of a batch of requests sent in one write; resumes the caller once,
/// when the last one is in. Lives on the event loop.
final class BatchCollector {
    private var results: [Result<Frame, ClientError>?]
    private var remaining: Int
    private let continuation: UnsafeContinuation<[Result<Frame, ClientError>], Never>

    init(count: Int, continuation: UnsafeContinuation<[Result<Frame, ClientError>], Never>) {
        self.results = Array(repeating: nil, count: count)
        self.remaining = count
        self.continuation = continuation
        if count == 0 { continuation.resume(returning: []) }
    }

    func fill(_ index: Int, with result: Result<Frame, ClientError>) {
        guard self.results[index] == nil else { return }
        self.results[index] = result
        self.remaining -= 1
        if self.remaining == 0 {
            self.continuation.resume(returning: self.results.map { $0 ?? .failure(ClientError(.connectionClosed, "no answer")) })
        }
    }
}

/// Collects the frames of a streamed answer (a query page, a document's chunks) and resumes
/// the caller with all of them at the end. Bounded: a stream over `maxBytes` fails.
final class StreamCollector {
    private var frames: [Frame] = []
    private var bytes = 0
    private let maxBytes: Int
    private var continuation: UnsafeContinuation<[Frame], any Error>?

    init(maxBytes: Int, continuation: UnsafeContinuation<[Frame], any Error>) {
        self.maxBytes = maxBytes
        self.continuation = continuation
    }

    func receive(_ frame: Frame, final: Bool) {
        guard let continuation = self.continuation else { return }
        self.bytes += frame.payload.readableBytes
        guard self.bytes <= self.maxBytes else {
            self.continuation = nil
            continuation.resume(throwing: ClientError(.protocolError, "the answer is over \(self.maxBytes) bytes"))
            return
        }
        self.frames.append(frame)
        if final {
            self.continuation = nil
            continuation.resume(returning: self.frames)
        }
    }

    func fail(_ error: ClientError) {
        guard let continuation = self.continuation else { return }
        self.continuation = nil
        continuation.resume(throwing: error)
    }
}
