public import NIOCore

/// CANCEL, opcode 0x0004, request id 0: stop working on a request in flight
/// (Protocol/PROTOCOL.md §6.4). No reply of its own: the cancelled request ends with an error
/// frame CANCELLED (5005), or with its normal final frame if it finished first. Cancelling an
/// unknown or finished request id is not an error.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | request_id | varint u32 | required: the request to cancel |
public struct Cancel: WireMessage, Hashable {
    public var requestID: UInt32

    public init(requestID: UInt32) {
        self.requestID = requestID
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var target: UInt32?
        while let field = try reader.next() {
            switch field.number {
            case 1: target = try field.unsigned()
            default: break
            }
        }
        self.requestID = try required(target, "request_id", field: 1)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.requestID)
    }

    /// The CANCEL frame (connection-level: request id 0, no flags).
    public func frame(version: UInt8 = 1) -> Frame {
        Frame(version: version, flags: [], opcode: .cancel, requestID: 0, payload: self.encoded())
    }
}
