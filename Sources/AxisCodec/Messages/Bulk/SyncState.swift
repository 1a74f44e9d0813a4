public import NIOCore

/// SYNC_STATE, opcode 0x0303: how far this server has imported from a source (§11.4).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | source_server_id | string ≤ 256 | required |
public struct SyncState: RequestMessage, Hashable {
    public typealias Reply = SyncStateReply
    public static let opcode = Opcode.syncState

    public var sourceServerID: String

    public init(sourceServerID: String) {
        self.sourceServerID = sourceServerID
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var source: String?
        while let field = try reader.next() {
            switch field.number {
            case 1: source = try field.string(maxBytes: 256)
            default: break
            }
        }
        self.sourceServerID = try required(source, "source_server_id", field: 1)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.sourceServerID)
    }
}

/// The reply to SYNC_STATE.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | watermark | uint: the source's sequence up to which everything is here (0 = nothing) |
/// | 2 | server_id | string: this server's own id |
/// | 3 | last_sequence | uint: this server's last sequence |
public struct SyncStateReply: WireMessage, Hashable {
    public var watermark: UInt64
    public var serverID: String
    public var lastSequence: UInt64

    public init(watermark: UInt64, serverID: String, lastSequence: UInt64) {
        self.watermark = watermark
        self.serverID = serverID
        self.lastSequence = lastSequence
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var reply = SyncStateReply(watermark: 0, serverID: "", lastSequence: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: reply.watermark = try field.uint64()
            case 2: reply.serverID = try field.string(maxBytes: 256)
            case 3: reply.lastSequence = try field.uint64()
            default: break
            }
        }
        self = reply
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.watermark)
        if !self.serverID.isEmpty { buffer.writeField(2, self.serverID) }
        buffer.writeField(3, self.lastSequence)
    }
}
