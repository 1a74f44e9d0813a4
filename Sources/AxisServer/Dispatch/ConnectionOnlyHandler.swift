public import AxisCodec

/// A handler that serves no requests of its own: the server answers only the connection-level
/// messages (HELLO, PING, CANCEL, GOAWAY). Used where no store is wanted, such as the RPC
/// benchmark and protocol tests.
public struct ConnectionOnlyHandler: RequestHandler {
    public init() {}

    public var opcodes: [Opcode] { [] }

    public func handle(_ request: Request, context: RequestContext) async throws {
        try await context.fail(WireError(.unsupportedOpcode, "opcode \(context.frame.opcode) is not served here"))
    }
}
