public import NIOCore

/// EXPORT, opcode 0x0301: every snapshot and tombstone in sequence order, from a sequence
/// number on (Protocol/PROTOCOL.md §11.2). Stateless: resume by asking again from the last
/// sequence received.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | since_sequence | uint (u64) | only records with sequence > this; default 0 (everything) |
/// | 2 | until_sequence | uint (u64) | only records with sequence ≤ this; default: the server's last sequence when the export starts |
///
/// The reply is a stream of ExportPart frames.
public struct Export: RequestMessage, Hashable {
    public typealias Reply = ExportPart
    public static let opcode = Opcode.export

    public var sinceSequence: UInt64
    public var untilSequence: UInt64?

    public init(sinceSequence: UInt64 = 0, untilSequence: UInt64? = nil) {
        self.sinceSequence = sinceSequence
        self.untilSequence = untilSequence
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = Export()
        while let field = try reader.next() {
            switch field.number {
            case 1: request.sinceSequence = try field.uint64()
            case 2: request.untilSequence = try field.uint64()
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if self.sinceSequence != 0 { buffer.writeField(1, self.sinceSequence) }
        if let untilSequence { buffer.writeField(2, untilSequence) }
    }
}

/// One frame of an EXPORT stream.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | records | repeated PackRecord | in sequence order; a record larger than a frame continues in the next frames |
/// | 2 | source_server_id | string ≤ 256 | first frame: the exporting server's id |
/// | 3 | count | uint | final frame: complete records in the stream |
/// | 4 | snapshots | uint | final frame |
/// | 5 | tombstones | uint | final frame |
/// | 6 | last_sequence | uint | final frame: the stream covers sequences up to this |
/// | 7 | body_bytes | uint | final frame: zlib bytes in the stream |
/// | 8 | until_sequence | uint | first frame: the last sequence the stream will cover (so `until_sequence − since_sequence` records follow, for progress) |
public struct ExportPart: WireMessage, Hashable {
    public static let maxRecords = 1_000_000

    public var records: [PackRecord]
    public var sourceServerID: String?
    public var untilSequence: UInt64?
    public var summary: TransferSummary?

    public init(records: [PackRecord], sourceServerID: String? = nil, untilSequence: UInt64? = nil, summary: TransferSummary? = nil) {
        self.records = records
        self.sourceServerID = sourceServerID
        self.untilSequence = untilSequence
        self.summary = summary
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var part = ExportPart(records: [])
        var summary = TransferSummary()
        var hasSummary = false
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard part.records.count < Self.maxRecords else { throw CodecError(.countTooLarge, "too many records", field: 1) }
                part.records.append(try field.message(PackRecord.self))
            case 2: part.sourceServerID = try field.string(maxBytes: 256)
            case 3: summary.count = try field.uint64(); hasSummary = true
            case 4: summary.snapshots = try field.uint64(); hasSummary = true
            case 5: summary.tombstones = try field.uint64(); hasSummary = true
            case 6: summary.lastSequence = try field.uint64(); hasSummary = true
            case 7: summary.bodyBytes = try field.uint64(); hasSummary = true
            case 8: part.untilSequence = try field.uint64()
            default: break
            }
        }
        part.summary = hasSummary ? summary : nil
        self = part
    }

    public func encode(into buffer: inout ByteBuffer) {
        // The first frame's fields lead, as the server writes them.
        if let sourceServerID { buffer.writeField(2, sourceServerID) }
        if let untilSequence { buffer.writeField(8, untilSequence) }
        for record in self.records { buffer.writeField(1, message: record) }
        if let summary { summary.encode(into: &buffer, firstField: 3) }
    }
}

/// What a transfer carried: checked by the receiver against what it counted.
public struct TransferSummary: Hashable, Sendable {
    public var count: UInt64 = 0
    public var snapshots: UInt64 = 0
    public var tombstones: UInt64 = 0
    public var lastSequence: UInt64 = 0
    public var bodyBytes: UInt64 = 0

    public init(count: UInt64 = 0, snapshots: UInt64 = 0, tombstones: UInt64 = 0, lastSequence: UInt64 = 0, bodyBytes: UInt64 = 0) {
        self.count = count
        self.snapshots = snapshots
        self.tombstones = tombstones
        self.lastSequence = lastSequence
        self.bodyBytes = bodyBytes
    }

    /// Writes the five fields, numbered from `firstField`; all always written.
    public func encode(into buffer: inout ByteBuffer, firstField: UInt32) {
        buffer.writeField(firstField, self.count)
        buffer.writeField(firstField + 1, self.snapshots)
        buffer.writeField(firstField + 2, self.tombstones)
        buffer.writeField(firstField + 3, self.lastSequence)
        buffer.writeField(firstField + 4, self.bodyBytes)
    }

    /// Counts one complete record.
    public mutating func add(_ info: SnapshotInfoMessage, bodyBytes: Int) {
        self.count += 1
        if info.deleted { self.tombstones += 1 } else { self.snapshots += 1 }
        self.bodyBytes += UInt64(bodyBytes)
        self.lastSequence = max(self.lastSequence, info.sequence)
    }
}

extension ExportPart: StreamedReply {
    public init() { self.init(records: []) }

    /// Records go out as pieces of the bytes the server holds (a record larger than a frame
    /// in several, `continued`); they arrive as `records`.
    public static func encode(_ item: PackRecordPiece, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: ExportPart) {
        self.records += later.records
        self.sourceServerID = self.sourceServerID ?? later.sourceServerID
        self.untilSequence = self.untilSequence ?? later.untilSequence
        self.summary = later.summary ?? self.summary
    }
}
