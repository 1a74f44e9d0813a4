public import NIOCore

/// DOC_HISTORY, opcode 0x0103: every version of a document, oldest first (§10.4).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
///
/// The reply is a stream of SnapshotPage frames; the final one carries `total`.
public struct DocHistory: RequestMessage, Hashable {
    public typealias Reply = SnapshotPage
    public static let opcode = Opcode.docHistory

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

/// A page of snapshot infos: the frames of DOC_HISTORY replies.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | snapshots | repeated SnapshotInfo | |
/// | 2 | total | uint | final frame: the number of snapshots in the whole stream |
public struct SnapshotPage: WireMessage, Hashable {
    /// Entries per page are bounded by the frame size; this only guards decoding.
    public static let maxEntries = 100_000

    public var snapshots: [SnapshotInfoMessage]
    public var total: UInt64?

    public init(snapshots: [SnapshotInfoMessage], total: UInt64? = nil) {
        self.snapshots = snapshots
        self.total = total
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = SnapshotPage(snapshots: [])
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.snapshots.count < Self.maxEntries else { throw CodecError(.countTooLarge, "page too long", field: 1) }
                page.snapshots.append(try field.message(SnapshotInfoMessage.self))
            case 2: page.total = try field.uint64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for snapshot in self.snapshots { buffer.writeField(1, message: snapshot) }
        if let total { buffer.writeField(2, total) }
    }
}

extension SnapshotPage: StreamedReply {
    public init() { self.init(snapshots: []) }

    public static func encode(_ item: SnapshotInfoMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: SnapshotPage) {
        self.snapshots += later.snapshots
        self.total = later.total ?? self.total
    }
}
