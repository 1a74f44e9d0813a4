public import NIOCore

/// One frame: the header fields and the payload bytes, not yet interpreted.
///
/// Decoding happens in two phases (the valkey pattern): the pipeline turns bytes into frames
/// (framing errors are fatal); the connection turns a frame into a typed message (payload
/// errors are answered with an error frame and the connection stays).
public struct Frame: Sendable, Hashable {
    /// The protocol version the frame is written in.
    public var version: UInt8
    public var flags: FrameFlags
    public var opcode: Opcode
    public var requestID: UInt32
    /// The payload as on the wire: still compressed when `flags` contains `.compressed`.
    public var payload: ByteBuffer

    public init(version: UInt8 = 1, flags: FrameFlags = [], opcode: Opcode, requestID: UInt32, payload: ByteBuffer) {
        self.version = version
        self.flags = flags
        self.opcode = opcode
        self.requestID = requestID
        self.payload = payload
    }

    /// A request frame carrying `message`.
    public static func request(
        _ message: some WireEncodable, opcode: Opcode, requestID: UInt32, version: UInt8 = 1,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> Frame {
        Frame(version: version, flags: [], opcode: opcode, requestID: requestID, payload: message.encoded(allocator: allocator))
    }

    /// A response frame answering `request` with `message`.
    public static func response(
        to request: Frame, _ message: some WireEncodable, more: Bool = false,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> Frame {
        Frame(
            version: request.version, flags: more ? [.response, .more] : [.response], opcode: request.opcode,
            requestID: request.requestID, payload: message.encoded(allocator: allocator))
    }

    /// The terminal error frame answering `request`.
    public static func error(
        to request: Frame, _ error: WireError, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> Frame {
        Frame(
            version: request.version, flags: [.response, .error], opcode: request.opcode,
            requestID: request.requestID, payload: error.encoded(allocator: allocator))
    }

    /// Whether this frame is the last one for its request id (no `.more` flag).
    public var isFinal: Bool { !self.flags.contains(.more) }
    /// Whether this frame answers a request.
    public var isResponse: Bool { self.flags.contains(.response) }
    /// Whether this frame carries an Error payload.
    public var isError: Bool { self.flags.contains(.error) }
}
