/// A request message: its opcode, and the type of its (final) reply.
///
/// Lets the client be typed end to end: `try await connection.call(Ping()) -> Pong`.
public protocol RequestMessage: WireMessage {
    associatedtype Reply: WireMessage
    /// The opcode of frames carrying this request.
    static var opcode: Opcode { get }
}
