public import NIOCore

/// One hit of a query.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | version | uint (u32) | the version that matched (the latest, or the one current at `as_of_ms`) |
/// | 3 | sequence | uint (u64) | its sequence number |
/// | 4 | score | string ≤ 64 | the ranking score, in decimal |
/// | 5 | title | string ≤ 2048 | |
/// | 6 | source | string ≤ 256 | |
/// | 7 | published | string | `YYYY-MM-DD`, when the document has one |
/// | 8 | day | string | published, else the day it was stored |
/// | 9 | snippet | string ≤ 64 KiB | the best sentence or two |
/// | 10 | highlights | repeated Highlight | marked spans of the snippet |
/// | 11 | ingest_time_ms | sint (zigzag) | when the version was stored |
public struct QueryHitMessage: WireMessage, Hashable {
    public var key: String
    public var version: UInt32
    public var sequence: UInt64
    public var score: String
    public var title: String = ""
    public var source: String = ""
    public var published: String = ""
    public var day: String = ""
    public var snippet: String = ""
    public var highlights: [HighlightMessage] = []
    public var ingestTimeMilliseconds: Int64 = 0

    public init(key: String, version: UInt32, sequence: UInt64, score: String) {
        self.key = key
        self.version = version
        self.sequence = sequence
        self.score = score
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var hit = QueryHitMessage(key: "", version: 0, sequence: 0, score: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: hit.version = try field.unsigned()
            case 3: hit.sequence = try field.uint64()
            case 4: hit.score = try field.string(maxBytes: 64)
            case 5: hit.title = try field.string(maxBytes: DocumentLimits.titleBytes)
            case 6: hit.source = try field.string(maxBytes: DocumentLimits.sourceBytes)
            case 7: hit.published = try field.string(maxBytes: 16)
            case 8: hit.day = try field.string(maxBytes: 16)
            case 9: hit.snippet = try field.string(maxBytes: IndexLimits.sentenceBytes)
            case 10:
                guard hit.highlights.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many highlights", field: 10) }
                hit.highlights.append(try field.message(HighlightMessage.self))
            case 11: hit.ingestTimeMilliseconds = try field.int64()
            default: break
            }
        }
        hit.key = try required(key, "key", field: 1)
        self = hit
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        buffer.writeField(2, self.version)
        buffer.writeField(3, self.sequence)
        buffer.writeField(4, self.score)
        if !self.title.isEmpty { buffer.writeField(5, self.title) }
        if !self.source.isEmpty { buffer.writeField(6, self.source) }
        if !self.published.isEmpty { buffer.writeField(7, self.published) }
        buffer.writeField(8, self.day)
        if !self.snippet.isEmpty { buffer.writeField(9, self.snippet) }
        for highlight in self.highlights { buffer.writeField(10, message: highlight) }
        buffer.writeField(11, signed: self.ingestTimeMilliseconds)
    }
}

/// A marked span of a snippet.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | start | uint | UTF-8 byte offset in the snippet |
/// | 2 | end | uint | exclusive |
/// | 3 | kind | string ≤ 16 | `term` (a query word) or `entity` (a query entity, or one of a query type) |
/// | 4 | entity_id | string ≤ 256 | for `entity` |
public struct HighlightMessage: WireMessage, Hashable {
    public var start: UInt64
    public var end: UInt64
    public var kind: String
    public var entityID: String?

    public init(start: UInt64, end: UInt64, kind: String, entityID: String? = nil) {
        self.start = start
        self.end = end
        self.kind = kind
        self.entityID = entityID
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var message = HighlightMessage(start: 0, end: 0, kind: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: message.start = try field.uint64()
            case 2: message.end = try field.uint64()
            case 3: message.kind = try field.string(maxBytes: 16)
            case 4: message.entityID = try field.string(maxBytes: IndexLimits.idBytes)
            default: break
            }
        }
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.start)
        buffer.writeField(2, self.end)
        buffer.writeField(3, self.kind)
        if let entityID { buffer.writeField(4, entityID) }
    }
}

/// The entities of one type most mentioned among a query's best hits.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | type | string ≤ 256 | |
/// | 2 | entities | repeated EntitySummary | `documents` = hits (of the best 1,000) that mention it |
public struct FacetMessage: WireMessage, Hashable {
    public var type: String
    public var entities: [EntitySummaryMessage]

    public init(type: String, entities: [EntitySummaryMessage]) {
        self.type = type
        self.entities = entities
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var message = FacetMessage(type: "", entities: [])
        while let field = try reader.next() {
            switch field.number {
            case 1: message.type = try field.string(maxBytes: IndexLimits.idBytes)
            case 2:
                guard message.entities.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many entities", field: 2) }
                message.entities.append(try field.message(EntitySummaryMessage.self))
            default: break
            }
        }
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.type)
        for entity in self.entities { buffer.writeField(2, message: entity) }
    }
}
