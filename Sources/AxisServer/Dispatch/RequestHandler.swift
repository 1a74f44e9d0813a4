public import AxisCodec

/// Runs the requests that are not about the connection itself (documents, queries, bulk).
///
/// The connection loop answers HELLO, PING, CANCEL and GOAWAY itself and hands everything else
/// here, each request in its own task, so a slow one never blocks the ones behind it.
public protocol RequestHandler: Sendable {
    /// The request opcodes this handler serves, advertised in the HELLO reply.
    var opcodes: [Opcode] { get }

    /// Runs one request and writes its response(s) through `context`. Must end every request
    /// with exactly one final frame (a reply or an error); errors it throws are answered with
    /// INTERNAL by the caller.
    func handle(_ request: Request, context: RequestContext) async throws
}
