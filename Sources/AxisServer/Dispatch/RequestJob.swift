import AxisCodec
import Logging
import NIOCore

/// One request handed from the connection handler to the connection's task.
struct RequestJob: Sendable {
    let request: Request
    let context: RequestContext
    let handler: any RequestHandler

    /// Runs the request. Whatever happens, the request ends with one final frame: an error the
    /// handler throws becomes INTERNAL, and a handler that returns without a final frame is
    /// answered INTERNAL too (a bug, but the client must not wait forever).
    func run() async {
        defer {
            if self.context.budgets.requestEnded(bytes: self.context.frame.payload.readableBytes) {
                // Back under the allowance: the connection may read requests again.
                self.context.channel.read()
            }
        }
        // A request queued behind others on a connection that has closed since: no one to answer.
        guard self.context.channel.isActive else { return }
        do {
            try await self.handler.handle(self.request, context: self.context)
            if !self.context.finalSent.isMarked {
                self.context.logger.error("request ended without a final frame", metadata: ["opcode": "\(self.context.frame.opcode)"])
                try await self.context.fail(WireError(.internal, "the server ended the request without an answer"))
            }
        } catch {
            if self.context.channel.isActive {
                self.context.logger.error(
                    "request failed", metadata: ["opcode": "\(self.context.frame.opcode)", "error": "\(error)"])
                if !self.context.finalSent.isMarked {
                    try? await self.context.fail(WireError(.internal, "the server failed to process the request"))
                }
            } else {
                // The client has gone; the connection said so once.
                self.context.logger.debug("request ended with its connection", metadata: ["opcode": "\(self.context.frame.opcode)"])
            }
        }
    }
}
