public import NIOCore

/// GOAWAY, opcode 0x0003, request id 0: the sender is closing the connection
/// (Protocol/PROTOCOL.md §6.3). Requests with ids up to `lastRequestID` are (or will be)
/// answered; later ones were not processed and may be retried on a new connection.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | code | varint u16 | required: 0 for an orderly close, else the error code |
/// | 2 | last_request_id | varint u32 | highest request id that will be answered (0 = none) |
/// | 3 | message | string ≤ 1 KiB | |
/// | 4 | retry | varint | may the client reconnect: 0 never, 1 now, 2 after backoff |
public struct GoAway: WireMessage, Hashable {
    public var code: ErrorCode
    public var lastRequestID: UInt32
    public var message: String
    public var retry: RetryClass

    public init(code: ErrorCode, lastRequestID: UInt32, message: String, retry: RetryClass? = nil) {
        self.code = code
        self.lastRequestID = lastRequestID
        self.message = WireError.truncated(message, to: WireError.maxMessageBytes)
        self.retry = retry ?? code.defaultRetry
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var code: UInt16?
        var last: UInt32 = 0
        var message = ""
        var retry: RetryClass?
        while let field = try reader.next() {
            switch field.number {
            case 1: code = try field.unsigned()
            case 2: last = try field.unsigned()
            case 3: message = try field.string(maxBytes: WireError.maxMessageBytes)
            case 4: retry = RetryClass(rawValue: try field.unsigned()) ?? .never
            default: break
            }
        }
        let errorCode = ErrorCode(rawValue: try required(code, "code", field: 1))
        self.code = errorCode
        self.lastRequestID = last
        self.message = message
        self.retry = retry ?? errorCode.defaultRetry
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.code.rawValue)
        if self.lastRequestID != 0 { buffer.writeField(2, self.lastRequestID) }
        if !self.message.isEmpty { buffer.writeField(3, self.message) }
        buffer.writeField(4, self.retry.rawValue)
    }

    /// The GOAWAY frame (connection-level: request id 0, no flags).
    public func frame(version: UInt8 = 1) -> Frame {
        Frame(version: version, flags: [], opcode: .goAway, requestID: 0, payload: self.encoded())
    }
}
