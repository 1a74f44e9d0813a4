public import NIOCore

/// DOC_STAT, opcode 0x0107: the latest snapshot info of many keys at once (§10.8), so a client
/// can skip uploading what the server already has.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | keys | repeated string ≤ 1024 | 1 to 1000 |
public struct DocStat: RequestMessage, Hashable {
    public typealias Reply = DocStatReply
    public static let opcode = Opcode.docStat
    public static let maxKeys = 1000

    public var keys: [String]

    public init(keys: [String]) {
        self.keys = keys
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var keys: [String] = []
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard keys.count < Self.maxKeys else {
                    throw CodecError(.countTooLarge, "more than \(Self.maxKeys) keys", field: 1, limit: UInt64(Self.maxKeys))
                }
                keys.append(try field.string(maxBytes: DocumentLimits.keyBytes))
            default: break
            }
        }
        self.keys = keys
    }

    public func encode(into buffer: inout ByteBuffer) {
        for key in self.keys { buffer.writeField(1, key) }
    }
}

/// A frame of the reply to DOC_STAT, a stream: the latest snapshot of each key that exists
/// (tombstones included, with `deleted`); keys that do not exist are absent.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | snapshots | repeated SnapshotInfo |
/// | 2 | total | uint: final frame, snapshots in the whole stream |
public struct DocStatReply: WireMessage, Hashable {
    public var snapshots: [SnapshotInfoMessage]
    public var total: UInt64?

    public init(snapshots: [SnapshotInfoMessage], total: UInt64? = nil) {
        self.snapshots = snapshots
        self.total = total
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var snapshots: [SnapshotInfoMessage] = []
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard snapshots.count < DocStat.maxKeys else { throw CodecError(.countTooLarge, "too many snapshots", field: 1) }
                snapshots.append(try field.message(SnapshotInfoMessage.self))
            case 2: self.total = try field.uint64()
            default: break
            }
        }
        self.snapshots = snapshots
    }

    public func encode(into buffer: inout ByteBuffer) {
        for snapshot in self.snapshots { buffer.writeField(1, message: snapshot) }
        if let total { buffer.writeField(2, total) }
    }
}

extension DocStatReply: StreamedReply {
    public init() { self.init(snapshots: []) }

    public static func encode(_ item: SnapshotInfoMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: DocStatReply) {
        self.snapshots += later.snapshots
        self.total = later.total ?? self.total
    }
}
