public import NIOCore

/// DOC_DELETE, opcode 0x0105: add a tombstone (§10.6). The history stays readable.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
public struct DocDelete: RequestMessage, Hashable {
    public typealias Reply = DocDeleteReply
    public static let opcode = Opcode.docDelete

    public var key: String

    public init(key: String) {
        self.key = key
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            default: break
            }
        }
        self.key = try required(key, "key", field: 1)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
    }
}

/// The reply to DOC_DELETE: the tombstone's version and sequence.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | version | uint (u32) |
/// | 2 | sequence | uint (u64) |
public struct DocDeleteReply: WireMessage, Hashable {
    public var version: UInt32
    public var sequence: UInt64

    public init(version: UInt32, sequence: UInt64) {
        self.version = version
        self.sequence = sequence
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var version: UInt32 = 0
        var sequence: UInt64 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: version = try field.unsigned()
            case 2: sequence = try field.uint64()
            default: break
            }
        }
        self.version = version
        self.sequence = sequence
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.version)
        buffer.writeField(2, self.sequence)
    }
}
