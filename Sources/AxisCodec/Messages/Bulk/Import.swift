public import NIOCore

/// IMPORT, opcode 0x0302: add records from another server (Protocol/PROTOCOL.md §11.3).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | source_server_id | string ≤ 256 | optional: record how far this source is imported (the watermark) |
/// | 2 | records | repeated PackRecord | complete records (`continued` false), in source sequence order, 0 to 10,000 |
/// | 3 | watermark | uint (u64) | optional, with 1: the source sequence covered after this batch; default the last record's sequence |
///
/// The batch is all or nothing: every body is verified before anything is written, and the
/// records and the watermark are made durable together.
public struct Import: RequestMessage, Hashable {
    public typealias Reply = ImportReply
    public static let opcode = Opcode.import
    public static let maxRecords = 10_000

    public var sourceServerID: String?
    public var records: [PackRecord]
    public var watermark: UInt64?

    public init(sourceServerID: String? = nil, records: [PackRecord], watermark: UInt64? = nil) {
        self.sourceServerID = sourceServerID
        self.records = records
        self.watermark = watermark
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = Import(records: [])
        while let field = try reader.next() {
            switch field.number {
            case 1: request.sourceServerID = try field.string(maxBytes: 256)
            case 2:
                guard request.records.count < Self.maxRecords else {
                    throw CodecError(.countTooLarge, "more than \(Self.maxRecords) records", field: 2, limit: UInt64(Self.maxRecords))
                }
                request.records.append(try field.message(PackRecord.self))
            case 3: request.watermark = try field.uint64()
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let sourceServerID { buffer.writeField(1, sourceServerID) }
        for record in self.records { buffer.writeField(2, message: record) }
        if let watermark { buffer.writeField(3, watermark) }
    }
}

/// The reply to IMPORT, sent once the batch is durable.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | imported | uint: records added |
/// | 2 | skipped | uint: records already present (at or below the source's watermark, or equal to the key's latest) |
/// | 3 | watermark | uint: the source sequence now covered (0 without a source id) |
/// | 4 | last_sequence | uint: this server's last sequence after the batch |
public struct ImportReply: WireMessage, Hashable {
    public var imported: UInt64
    public var skipped: UInt64
    public var watermark: UInt64
    public var lastSequence: UInt64

    public init(imported: UInt64, skipped: UInt64, watermark: UInt64, lastSequence: UInt64) {
        self.imported = imported
        self.skipped = skipped
        self.watermark = watermark
        self.lastSequence = lastSequence
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var reply = ImportReply(imported: 0, skipped: 0, watermark: 0, lastSequence: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: reply.imported = try field.uint64()
            case 2: reply.skipped = try field.uint64()
            case 3: reply.watermark = try field.uint64()
            case 4: reply.lastSequence = try field.uint64()
            default: break
            }
        }
        self = reply
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.imported)
        buffer.writeField(2, self.skipped)
        buffer.writeField(3, self.watermark)
        buffer.writeField(4, self.lastSequence)
    }
}
