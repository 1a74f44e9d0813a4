public import NIOCore

/// EXPORT, opcode 0x0301: every snapshot and tombstone in sequence order, from a sequence
/// number on (Protocol/PROTOCOL.md §11.2). Stateless: resume by asking again from the last
/// sequence received.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | since_sequence | uint (u64) | only records with sequence > this; default 0 (everything) |
/// | 2 | until_sequence | uint (u64) | only records with sequence ≤ this; default: the server's last sequence when the export starts |
/// | 3 | skip_damaged | bool | v1.1: pass over records that fail their checks and list them (ExportPart 9, 10) instead of ending with CORRUPT_DATA |
/// | 4 | stored_form | bool | v1.2: send the records in their stored form (ExportPart 11, 12; §11.6); a server that does not know the field sends PackRecords |
///
/// The reply is a stream of ExportPart frames.
public struct Export: RequestMessage, Hashable {
    public typealias Reply = ExportPart
    public static let opcode = Opcode.export

    public var sinceSequence: UInt64
    public var untilSequence: UInt64?
    public var skipDamaged: Bool
    public var storedForm: Bool

    public init(sinceSequence: UInt64 = 0, untilSequence: UInt64? = nil, skipDamaged: Bool = false, storedForm: Bool = false) {
        self.sinceSequence = sinceSequence
        self.untilSequence = untilSequence
        self.skipDamaged = skipDamaged
        self.storedForm = storedForm
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = Export()
        while let field = try reader.next() {
            switch field.number {
            case 1: request.sinceSequence = try field.uint64()
            case 2: request.untilSequence = try field.uint64()
            case 3: request.skipDamaged = try field.bool()
            case 4: request.storedForm = try field.bool()
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if self.sinceSequence != 0 { buffer.writeField(1, self.sinceSequence) }
        if let untilSequence { buffer.writeField(2, untilSequence) }
        if self.skipDamaged { buffer.writeField(3, true) }
        if self.storedForm { buffer.writeField(4, true) }
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
/// | 9 | damaged | repeated DamagedRecord | v1.1, final frame, with `skip_damaged`: the records passed over, at most 1000 |
/// | 10 | damaged_count | uint | v1.1, final frame, with `skip_damaged`: how many were passed over in all |
/// | 11 | stored | repeated bytes | v1.2, with `stored_form`: the records in their stored form, back to back across the stream's frames (§11.6), instead of field 1 |
/// | 12 | stored_format | uint (u32) | v1.2, first frame, with `stored_form`: the layout of the stored records (1) |
public struct ExportPart: WireMessage, Hashable {
    public static let maxRecords = 1_000_000
    /// Damaged records listed in one final frame at most (the count says how many in all).
    public static let maxListedDamaged = 1000

    public var records: [PackRecord]
    public var sourceServerID: String?
    public var untilSequence: UInt64?
    public var summary: TransferSummary?
    public var damaged: [DamagedRecord]
    public var damagedCount: UInt64?
    /// Chunks of the records in stored form (§11.6): slices of the frame, not copies.
    public var stored: [ByteBuffer]
    public var storedFormat: UInt32?

    public init(
        records: [PackRecord], sourceServerID: String? = nil, untilSequence: UInt64? = nil, summary: TransferSummary? = nil,
        damaged: [DamagedRecord] = [], damagedCount: UInt64? = nil, stored: [ByteBuffer] = [], storedFormat: UInt32? = nil
    ) {
        self.records = records
        self.stored = stored
        self.storedFormat = storedFormat
        self.sourceServerID = sourceServerID
        self.untilSequence = untilSequence
        self.summary = summary
        self.damaged = damaged
        self.damagedCount = damagedCount
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
            case 9:
                guard part.damaged.count < Self.maxListedDamaged else {
                    throw CodecError(.countTooLarge, "more than \(Self.maxListedDamaged) damaged records", field: 9)
                }
                part.damaged.append(try field.message(DamagedRecord.self))
            case 10: part.damagedCount = try field.uint64()
            case 11:
                guard part.stored.count < Self.maxRecords else { throw CodecError(.countTooLarge, "too many stored chunks", field: 11) }
                part.stored.append(try field.bytes(maxBytes: ProtocolLimits.maxNegotiablePayloadBytes))
            case 12: part.storedFormat = try field.unsigned()
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
        if let storedFormat { buffer.writeField(12, storedFormat) }
        for record in self.records { buffer.writeField(1, message: record) }
        if let summary { summary.encode(into: &buffer, firstField: 3) }
        for record in self.damaged { buffer.writeField(9, message: record) }
        if let damagedCount { buffer.writeField(10, damagedCount) }
        // After the summary, in ascending order, as the server's final frame has them.
        for chunk in self.stored { buffer.writeField(11, bytes: chunk) }
    }
}

/// A record an export passed over because it failed its checks (v1.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | sequence | uint (u64) | |
/// | 2 | key | string ≤ 1024 | |
/// | 3 | version | uint (u32) | |
/// | 4 | reason | string ≤ 1024 | what failed, as the server's log says it |
public struct DamagedRecord: WireMessage, Hashable {
    public var sequence: UInt64
    public var key: String
    public var version: UInt32
    public var reason: String

    public init(sequence: UInt64, key: String, version: UInt32, reason: String) {
        self.sequence = sequence
        self.key = key
        self.version = version
        self.reason = reason
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var record = DamagedRecord(sequence: 0, key: "", version: 0, reason: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: record.sequence = try field.uint64()
            case 2: record.key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 3: record.version = try field.unsigned()
            case 4: record.reason = try field.string(maxBytes: 1024)
            default: break
            }
        }
        self = record
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.sequence)
        if !self.key.isEmpty { buffer.writeField(2, self.key) }
        buffer.writeField(3, self.version)
        if !self.reason.isEmpty { buffer.writeField(4, self.reason) }
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
        self.add(deleted: info.deleted, sequence: info.sequence, bodyBytes: bodyBytes)
    }

    /// Counts one complete record.
    public mutating func add(deleted: Bool, sequence: UInt64, bodyBytes: Int) {
        self.count += 1
        if deleted { self.tombstones += 1 } else { self.snapshots += 1 }
        self.bodyBytes += UInt64(bodyBytes)
        self.lastSequence = max(self.lastSequence, sequence)
    }
}

extension ExportPart: StreamedReply {
    public init() { self.init(records: []) }

    /// What a frame of an export carries.
    public enum Item: Sendable {
        /// A record, or a piece of one, as a PackRecord (field 1).
        case record(PackRecordPiece)
        /// Stored bytes: whole records or a piece of one (field 11, §11.6).
        case stored(ArraySlice<UInt8>)
    }

    /// Records go out as pieces of the bytes the server holds (a record larger than a frame
    /// in several, `continued`); they arrive as `records`, or as `stored` chunks.
    public static func encode(_ item: Item, into buffer: inout ByteBuffer) {
        switch item {
        case .record(let piece): buffer.writeField(1, message: piece)
        case .stored(let bytes): buffer.writeField(11, bytes: bytes)
        }
    }

    public mutating func merge(_ later: ExportPart) {
        self.records += later.records
        self.sourceServerID = self.sourceServerID ?? later.sourceServerID
        self.untilSequence = self.untilSequence ?? later.untilSequence
        self.summary = later.summary ?? self.summary
        self.damaged += later.damaged
        self.damagedCount = later.damagedCount ?? self.damagedCount
        self.stored += later.stored
        self.storedFormat = self.storedFormat ?? later.storedFormat
    }
}
