public import AxisCodec
import AxisStore
public import Logging
import NIOCore
import Synchronization

/// What a request handler gets besides the request: where to write, whether it was
/// cancelled, and a logger carrying the connection id.
public struct RequestContext: Sendable {
    /// The request's frame (its id, opcode and version are echoed by every response).
    public let frame: Frame
    /// Set when the client sent CANCEL for this request.
    public let cancellation: CancellationFlag
    /// The largest payload the client accepts: stream items are cut to fit it.
    public let peerMaxPayloadBytes: Int
    public let logger: Logger
    let channel: any Channel
    let budgets: ConnectionBudgets
    /// The name of the token the connection authenticated with ("-" when none is required),
    /// for the audit log.
    let principal: String
    let finalSent = FinalFrameMarker()

    /// One line in the audit log (docs/operations.md, "Audit log"): what was changed, by which
    /// token, from which address (the logger carries the connection and the peer).
    func audit(_ action: String, _ details: Logger.Metadata) {
        var metadata = details
        metadata["token"] = "\(self.principal)"
        self.logger.info("audit: \(action)", metadata: metadata)
    }

    /// Sends one frame and waits until it is handed to the socket. Awaiting the write is what
    /// throttles a stream to the client's reading speed: a client that stops reading stops
    /// the request that feeds it. The frame's bytes count against the connection's output
    /// allowance until the socket has taken them, so all requests together build at most
    /// that much ahead of a client that does not read.
    ///
    /// The final frame is not awaited: nothing of the request comes after it, and its bytes
    /// stay counted until the socket has taken them (released when the write completes, on the
    /// event loop). Awaiting it cost every request one more wake-up of a worker thread only
    /// to end the task.
    public func send(_ frame: Frame) async throws {
        let taken = try await self.reserveOutput(FrameHeader.size + frame.payload.readableBytes)
        guard !frame.isFinal else {
            self.finalSent.mark()
            self.channel.writeAndFlush(frame).whenComplete { result in
                self.releaseOutput(taken)
                if case .failure(let error) = result, self.channel.isActive {
                    self.logger.error("final frame not written", metadata: ["opcode": "\(self.frame.opcode)", "error": "\(error)"])
                }
            }
            return
        }
        defer { self.releaseOutput(taken) }
        try await self.sendWithin(frame)
    }

    /// Takes `bytes` of the output allowance for frames about to be built (a GET takes its
    /// stored body's size before it reads it). Send them with `sendWithin`, then `release`.
    /// - Throws: when the connection closed meanwhile: requests that waited for the allowance
    ///   must not all go and build their answers for nobody at once.
    func reserveOutput(_ bytes: Int) async throws -> Int {
        // The connection's allowance first (so one connection cannot queue for all of the
        // server's), then the server's. The same amount is taken from both.
        let taken = await self.budgets.output.acquire(bytes)
        guard !self.budgets.output.isClosed else {
            self.budgets.output.release(taken)
            throw ChannelError.ioOnClosedChannel
        }
        let shared = await self.budgets.serverOutput.acquire(taken)
        guard !self.budgets.output.isClosed else {
            self.budgets.serverOutput.release(shared)
            self.budgets.output.release(taken)
            throw ChannelError.ioOnClosedChannel
        }
        return min(taken, shared)
    }

    func releaseOutput(_ bytes: Int) {
        self.budgets.serverOutput.release(bytes)
        self.budgets.output.release(bytes)
    }

    /// Sends a frame whose bytes were reserved with `reserveOutput`.
    func sendWithin(_ frame: Frame) async throws {
        if frame.isFinal { self.finalSent.mark() }
        try await self.channel.writeAndFlush(frame).get()
    }

    /// Sends the final response carrying `message`.
    public func reply(_ message: some WireEncodable) async throws {
        try await self.send(.response(to: self.frame, message, allocator: self.channel.allocator))
    }

    /// Sends a stream item (a response frame with `more`).
    public func streamItem(_ message: some WireEncodable) async throws {
        try await self.send(.response(to: self.frame, message, more: true, allocator: self.channel.allocator))
    }

    /// Ends the request with an error frame.
    public func fail(_ error: WireError) async throws {
        try await self.send(.error(to: self.frame, error, allocator: self.channel.allocator))
    }
}

/// Remembers whether a request's final frame went out, so the job can add one if the handler
/// forgot (every request must end with exactly one final frame).
final class FinalFrameMarker: Sendable {
    private let sent = Atomic(false)

    func mark() {
        self.sent.store(true, ordering: .relaxed)
    }

    var isMarked: Bool { self.sent.load(ordering: .relaxed) }
}
