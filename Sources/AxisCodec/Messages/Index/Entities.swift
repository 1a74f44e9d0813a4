public import NIOCore

/// ENTITIES, opcode 0x0201: entities by the number of documents that mention them (§12.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | type | string ≤ 256 | only entities of this type; default all |
/// | 2 | limit | uint | entities to return; default 20, at most 10,000 |
/// | 3 | as_of_ms | sint (zigzag) | count documents as they stood then; default now |
///
/// The reply is a stream of EntityPage frames.
public struct Entities: RequestMessage, Hashable {
    public typealias Reply = EntityPage
    public static let opcode = Opcode.entities

    public var type: String?
    public var limit: UInt64
    public var asOfMilliseconds: Int64?

    public init(type: String? = nil, limit: UInt64 = 20, asOfMilliseconds: Int64? = nil) {
        self.type = type
        self.limit = limit
        self.asOfMilliseconds = asOfMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = Entities()
        while let field = try reader.next() {
            switch field.number {
            case 1: request.type = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: request.limit = min(try field.uint64(), IndexLimits.maxLimit)
            case 3: request.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let type { buffer.writeField(1, type) }
        buffer.writeField(2, self.limit)
        if let asOfMilliseconds { buffer.writeField(3, signed: asOfMilliseconds) }
    }
}

/// A frame of the ENTITIES reply.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entities | repeated EntitySummary | most documents first |
/// | 2 | total | uint | final frame: entities mentioned at all (of the type asked) |
/// | 3 | indexed_sequence | uint (u64) | final frame: the index covers every snapshot up to here |
public struct EntityPage: WireMessage, Hashable {
    public var entities: [EntitySummaryMessage]
    public var total: UInt64?
    public var indexedSequence: UInt64?

    public init(entities: [EntitySummaryMessage], total: UInt64? = nil, indexedSequence: UInt64? = nil) {
        self.entities = entities
        self.total = total
        self.indexedSequence = indexedSequence
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = EntityPage(entities: [])
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.entities.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many entities", field: 1) }
                page.entities.append(try field.message(EntitySummaryMessage.self))
            case 2: page.total = try field.uint64()
            case 3: page.indexedSequence = try field.uint64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for entity in self.entities { buffer.writeField(1, message: entity) }
        if let total { buffer.writeField(2, total) }
        if let indexedSequence { buffer.writeField(3, indexedSequence) }
    }
}

extension EntityPage: StreamedReply {
    public init() { self.init(entities: []) }

    public static func encode(_ item: EntitySummaryMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: EntityPage) {
        self.entities += later.entities
        self.total = later.total ?? self.total
        self.indexedSequence = later.indexedSequence ?? self.indexedSequence
    }
}
