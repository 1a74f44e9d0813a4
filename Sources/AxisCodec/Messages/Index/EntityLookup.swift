public import NIOCore

/// ENTITY, opcode 0x0202: one entity in depth (§12.2).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | name | string ≤ 4096 | an id (`country:iran`), or a name, alias, demonym or short form; required |
/// | 2 | related | uint | co-occurring entities to return; default 10, at most 10,000 |
/// | 3 | documents | uint | latest documents to return; default 10, at most 10,000 |
/// | 4 | as_of_ms | sint (zigzag) | as the documents stood then |
///
/// Reply: EntityReply, not streamed. `NOT_FOUND` when nothing is called that.
public struct EntityLookup: RequestMessage, Hashable {
    public typealias Reply = EntityReply
    public static let opcode = Opcode.entity

    public var name: String
    public var related: UInt64
    public var documents: UInt64
    public var asOfMilliseconds: Int64?
    /// v1.1: flow groups to return in `supplies` and in `receives`; default 10, at most 1,000.
    public var flows: UInt64 = 10

    public init(name: String, related: UInt64 = 10, documents: UInt64 = 10, asOfMilliseconds: Int64? = nil) {
        self.name = name
        self.related = related
        self.documents = documents
        self.asOfMilliseconds = asOfMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var name: String?
        var request = EntityLookup(name: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: name = try field.string(maxBytes: IndexLimits.nameBytes)
            case 2: request.related = min(try field.uint64(), IndexLimits.maxLimit)
            case 3: request.documents = min(try field.uint64(), IndexLimits.maxLimit)
            case 4: request.asOfMilliseconds = try field.int64()
            case 5: request.flows = min(try field.uint64(), FlowsRequest.maxLimit)
            default: break
            }
        }
        request.name = try required(name, "name", field: 1)
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.name)
        buffer.writeField(2, self.related)
        buffer.writeField(3, self.documents)
        if let asOfMilliseconds { buffer.writeField(4, signed: asOfMilliseconds) }
        if self.flows != 10 { buffer.writeField(5, self.flows) }
    }
}

/// The reply to ENTITY.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entity | EntitySummary | required |
/// | 2 | aliases | repeated string ≤ 4096 | other names |
/// | 3 | demonyms | repeated string ≤ 4096 | adjectives and demonyms |
/// | 4 | description | string ≤ 4096 | |
/// | 5 | country | string ≤ 256 | the id of the country it belongs to |
/// | 6 | kind | string ≤ 256 | a finer class (ministry, militia, leader, …) |
/// | 7 | related | repeated EntitySummary | co-occurring entities; `documents` = documents shared |
/// | 8 | documents | repeated EntityDocument | newest first |
/// | 9 | alternatives | repeated EntitySummary | other entities the name could mean |
/// | 10 | indexed_sequence | uint (u64) | |
/// | 11 | supplies | repeated FlowGroup | v1.1: its flows as supplier (roll-up or as named), most corroborated first |
/// | 12 | receives | repeated FlowGroup | v1.1: the same as recipient |
/// | 10 | indexed_sequence | uint (u64) | the index covers every snapshot up to here |
public struct EntityReply: WireMessage, Hashable {
    public var entity: EntitySummaryMessage
    public var aliases: [String] = []
    public var demonyms: [String] = []
    public var description: String = ""
    public var country: String = ""
    public var kind: String = ""
    public var related: [EntitySummaryMessage] = []
    public var documents: [EntityDocumentMessage] = []
    public var alternatives: [EntitySummaryMessage] = []
    public var indexedSequence: UInt64 = 0
    public var supplies: [FlowGroupMessage] = []
    public var receives: [FlowGroupMessage] = []

    public init(entity: EntitySummaryMessage) {
        self.entity = entity
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var entity: EntitySummaryMessage?
        var reply = EntityReply(entity: EntitySummaryMessage(id: "", type: "", name: ""))
        while let field = try reader.next() {
            switch field.number {
            case 1: entity = try field.message(EntitySummaryMessage.self)
            case 2:
                guard reply.aliases.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many aliases", field: 2) }
                reply.aliases.append(try field.string(maxBytes: IndexLimits.nameBytes))
            case 3:
                guard reply.demonyms.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many demonyms", field: 3) }
                reply.demonyms.append(try field.string(maxBytes: IndexLimits.nameBytes))
            case 4: reply.description = try field.string(maxBytes: IndexLimits.nameBytes)
            case 5: reply.country = try field.string(maxBytes: IndexLimits.idBytes)
            case 6: reply.kind = try field.string(maxBytes: IndexLimits.idBytes)
            case 7:
                guard reply.related.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many entities", field: 7) }
                reply.related.append(try field.message(EntitySummaryMessage.self))
            case 8:
                guard reply.documents.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many documents", field: 8) }
                reply.documents.append(try field.message(EntityDocumentMessage.self))
            case 9:
                guard reply.alternatives.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many entities", field: 9) }
                reply.alternatives.append(try field.message(EntitySummaryMessage.self))
            case 10: reply.indexedSequence = try field.uint64()
            case 11, 12:
                guard reply.supplies.count + reply.receives.count < 2 * Int(FlowsRequest.maxLimit) else {
                    throw CodecError(.countTooLarge, "too many flow groups", field: field.number)
                }
                let group = try field.message(FlowGroupMessage.self)
                if field.number == 11 { reply.supplies.append(group) } else { reply.receives.append(group) }
            default: break
            }
        }
        reply.entity = try required(entity, "entity", field: 1)
        self = reply
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: self.entity)
        for alias in self.aliases { buffer.writeField(2, alias) }
        for demonym in self.demonyms { buffer.writeField(3, demonym) }
        if !self.description.isEmpty { buffer.writeField(4, self.description) }
        if !self.country.isEmpty { buffer.writeField(5, self.country) }
        if !self.kind.isEmpty { buffer.writeField(6, self.kind) }
        for entity in self.related { buffer.writeField(7, message: entity) }
        for document in self.documents { buffer.writeField(8, message: document) }
        for entity in self.alternatives { buffer.writeField(9, message: entity) }
        buffer.writeField(10, self.indexedSequence)
        for group in self.supplies { buffer.writeField(11, message: group) }
        for group in self.receives { buffer.writeField(12, message: group) }
    }
}
