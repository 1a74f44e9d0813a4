public import NIOCore

/// A flow in both versions of a DOC_DIFF whose quantity changed (§10.5, v1.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | from | Flow | required: as the older version states it |
/// | 2 | to | Flow | required: as the newer version states it |
public struct FlowChangeMessage: WireMessage, Hashable {
    public var from: FlowMessage
    public var to: FlowMessage

    public init(from: FlowMessage, to: FlowMessage) {
        self.from = from
        self.to = to
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var from: FlowMessage?
        var to: FlowMessage?
        while let field = try reader.next() {
            switch field.number {
            case 1: from = try field.message(FlowMessage.self)
            case 2: to = try field.message(FlowMessage.self)
            default: break
            }
        }
        self.from = try required(from, "from", field: 1)
        self.to = try required(to, "to", field: 2)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: self.from)
        buffer.writeField(2, message: self.to)
    }
}
