public import NIOCore

/// An entity with its document and mention counts (§12.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | id | string ≤ 256 | `type:slug`, required |
/// | 2 | type | string ≤ 256 | country, person, org, place, weapon, event, item |
/// | 3 | name | string ≤ 4096 | the canonical name |
/// | 4 | documents | uint | documents mentioning it (in a co-occurrence list: documents shared) |
/// | 5 | mentions | uint | its mentions in those documents |
/// | 6 | discovered | bool | a person found in the text, not in the gazetteer |
public struct EntitySummaryMessage: WireMessage, Hashable {
    public var id: String
    public var type: String
    public var name: String
    public var documents: UInt64
    public var mentions: UInt64
    public var discovered: Bool

    public init(id: String, type: String, name: String, documents: UInt64 = 0, mentions: UInt64 = 0, discovered: Bool = false) {
        self.id = id
        self.type = type
        self.name = name
        self.documents = documents
        self.mentions = mentions
        self.discovered = discovered
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var id: String?
        var message = EntitySummaryMessage(id: "", type: "", name: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: id = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: message.type = try field.string(maxBytes: IndexLimits.idBytes)
            case 3: message.name = try field.string(maxBytes: IndexLimits.nameBytes)
            case 4: message.documents = try field.uint64()
            case 5: message.mentions = try field.uint64()
            case 6: message.discovered = try field.bool()
            default: break
            }
        }
        message.id = try required(id, "id", field: 1)
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.id)
        buffer.writeField(2, self.type)
        buffer.writeField(3, self.name)
        buffer.writeField(4, self.documents)
        buffer.writeField(5, self.mentions)
        if self.discovered { buffer.writeField(6, true) }
    }
}

/// A document that mentions an entity (§12.2).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | version | uint (u32) | |
/// | 3 | sequence | uint (u64) | |
/// | 4 | mentions | uint | the entity's mentions in it |
/// | 5 | day | string | published date, else the day it was stored, `YYYY-MM-DD` |
/// | 6 | title | string ≤ 2048 | |
/// | 7 | source | string ≤ 256 | |
public struct EntityDocumentMessage: WireMessage, Hashable {
    public var key: String
    public var version: UInt32
    public var sequence: UInt64
    public var mentions: UInt64
    public var day: String
    public var title: String
    public var source: String

    public init(key: String, version: UInt32, sequence: UInt64, mentions: UInt64, day: String, title: String = "", source: String = "") {
        self.key = key
        self.version = version
        self.sequence = sequence
        self.mentions = mentions
        self.day = day
        self.title = title
        self.source = source
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var message = EntityDocumentMessage(key: "", version: 0, sequence: 0, mentions: 0, day: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: message.version = try field.unsigned()
            case 3: message.sequence = try field.uint64()
            case 4: message.mentions = try field.uint64()
            case 5: message.day = try field.string(maxBytes: 16)
            case 6: message.title = try field.string(maxBytes: DocumentLimits.titleBytes)
            case 7: message.source = try field.string(maxBytes: DocumentLimits.sourceBytes)
            default: break
            }
        }
        message.key = try required(key, "key", field: 1)
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        buffer.writeField(2, self.version)
        buffer.writeField(3, self.sequence)
        buffer.writeField(4, self.mentions)
        buffer.writeField(5, self.day)
        if !self.title.isEmpty { buffer.writeField(6, self.title) }
        if !self.source.isEmpty { buffer.writeField(7, self.source) }
    }
}
