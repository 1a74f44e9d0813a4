public import NIOCore

/// MENTIONS, opcode 0x0203: what the extractor found in one snapshot (§12.3).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | version | uint (u32) | default: the latest |
///
/// The reply is a stream of MentionPage frames: the snapshot's info first, then mentions,
/// the sentences they are in, quantities and flows, then the counts.
public struct Mentions: RequestMessage, Hashable {
    public typealias Reply = MentionPage
    public static let opcode = Opcode.mentions

    public var key: String
    public var version: UInt32?

    public init(key: String, version: UInt32? = nil) {
        self.key = key
        self.version = version
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var version: UInt32?
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: version = try field.unsigned()
            default: break
            }
        }
        self.key = try required(key, "key", field: 1)
        self.version = version
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        if let version { buffer.writeField(2, version) }
    }
}

/// A frame of the MENTIONS reply. Items of every kind may appear in any frame, each kind in
/// text order across frames.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | info | SnapshotInfo | first frame |
/// | 2 | mentions | repeated Mention | in text order |
/// | 3 | sentences | repeated Sentence | every sentence a mention, quantity or flow is in, in order |
/// | 4 | quantities | repeated Quantity | in text order |
/// | 5 | flows | repeated Flow | in sentence order |
/// | 6 | mention_count | uint | final frame |
/// | 7 | sentence_count | uint | final frame: sentences in the whole text |
public struct MentionPage: WireMessage, Hashable {
    public var info: SnapshotInfoMessage?
    public var mentions: [MentionMessage] = []
    public var sentences: [SentenceMessage] = []
    public var quantities: [QuantityMessage] = []
    public var flows: [FlowMessage] = []
    public var mentionCount: UInt64?
    public var sentenceCount: UInt64?

    public init(info: SnapshotInfoMessage? = nil) {
        self.info = info
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = MentionPage()
        while let field = try reader.next() {
            guard page.mentions.count + page.sentences.count + page.quantities.count + page.flows.count < IndexLimits.maxItems else {
                throw CodecError(.countTooLarge, "too many items", field: field.number)
            }
            switch field.number {
            case 1: page.info = try field.message(SnapshotInfoMessage.self)
            case 2: page.mentions.append(try field.message(MentionMessage.self))
            case 3: page.sentences.append(try field.message(SentenceMessage.self))
            case 4: page.quantities.append(try field.message(QuantityMessage.self))
            case 5: page.flows.append(try field.message(FlowMessage.self))
            case 6: page.mentionCount = try field.uint64()
            case 7: page.sentenceCount = try field.uint64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let info { buffer.writeField(1, message: info) }
        for mention in self.mentions { buffer.writeField(2, message: mention) }
        for sentence in self.sentences { buffer.writeField(3, message: sentence) }
        for quantity in self.quantities { buffer.writeField(4, message: quantity) }
        for flow in self.flows { buffer.writeField(5, message: flow) }
        if let mentionCount { buffer.writeField(6, mentionCount) }
        if let sentenceCount { buffer.writeField(7, sentenceCount) }
    }
}

/// One mention.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entity_id | string ≤ 256 | required |
/// | 2 | type | string ≤ 256 | |
/// | 3 | name | string ≤ 4096 | the entity's canonical name |
/// | 4 | start | uint | UTF-8 byte offset in the body |
/// | 5 | end | uint | exclusive |
/// | 6 | sentence | uint | the sentence's index (0-based) |
/// | 7 | discovered | bool | a person not in the gazetteer |
/// | 8 | text | string ≤ 4096 | the text as written |
public struct MentionMessage: WireMessage, Hashable {
    public var entityID: String
    public var type: String
    public var name: String
    public var start: UInt64
    public var end: UInt64
    public var sentence: UInt64
    public var discovered: Bool
    public var text: String

    public init(entityID: String, type: String, name: String, start: UInt64, end: UInt64, sentence: UInt64, discovered: Bool = false, text: String) {
        self.entityID = entityID
        self.type = type
        self.name = name
        self.start = start
        self.end = end
        self.sentence = sentence
        self.discovered = discovered
        self.text = text
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var id: String?
        var message = MentionMessage(entityID: "", type: "", name: "", start: 0, end: 0, sentence: 0, text: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: id = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: message.type = try field.string(maxBytes: IndexLimits.idBytes)
            case 3: message.name = try field.string(maxBytes: IndexLimits.nameBytes)
            case 4: message.start = try field.uint64()
            case 5: message.end = try field.uint64()
            case 6: message.sentence = try field.uint64()
            case 7: message.discovered = try field.bool()
            case 8: message.text = try field.string(maxBytes: IndexLimits.nameBytes)
            default: break
            }
        }
        message.entityID = try required(id, "entity_id", field: 1)
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.entityID)
        buffer.writeField(2, self.type)
        buffer.writeField(3, self.name)
        buffer.writeField(4, self.start)
        buffer.writeField(5, self.end)
        buffer.writeField(6, self.sentence)
        if self.discovered { buffer.writeField(7, true) }
        buffer.writeField(8, self.text)
    }
}

/// A sentence of the body.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | index | uint | 0-based, in the whole text |
/// | 2 | start | uint | UTF-8 byte offset |
/// | 3 | end | uint | exclusive |
/// | 4 | text | string ≤ 64 KiB | longer sentences are cut and end with "…" |
public struct SentenceMessage: WireMessage, Hashable {
    public var index: UInt64
    public var start: UInt64
    public var end: UInt64
    public var text: String

    public init(index: UInt64, start: UInt64, end: UInt64, text: String) {
        self.index = index
        self.start = start
        self.end = end
        self.text = text
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var message = SentenceMessage(index: 0, start: 0, end: 0, text: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: message.index = try field.uint64()
            case 2: message.start = try field.uint64()
            case 3: message.end = try field.uint64()
            case 4: message.text = try field.string(maxBytes: IndexLimits.sentenceBytes)
            default: break
            }
        }
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.index)
        buffer.writeField(2, self.start)
        buffer.writeField(3, self.end)
        buffer.writeField(4, self.text)
    }
}

extension MentionPage: StreamedReply {
    public init() { self.init(info: nil) }

    /// One of the snapshot's mentions, sentences, quantities or flows.
    public enum Item: Sendable, Hashable {
        case mention(MentionMessage)
        case sentence(SentenceMessage)
        case quantity(QuantityMessage)
        case flow(FlowMessage)
    }

    public static func encode(_ item: Item, into buffer: inout ByteBuffer) {
        switch item {
        case .mention(let mention): buffer.writeField(2, message: mention)
        case .sentence(let sentence): buffer.writeField(3, message: sentence)
        case .quantity(let quantity): buffer.writeField(4, message: quantity)
        case .flow(let flow): buffer.writeField(5, message: flow)
        }
    }

    public mutating func merge(_ later: MentionPage) {
        self.info = self.info ?? later.info
        self.mentions += later.mentions
        self.sentences += later.sentences
        self.quantities += later.quantities
        self.flows += later.flows
        self.mentionCount = later.mentionCount ?? self.mentionCount
        self.sentenceCount = later.sentenceCount ?? self.sentenceCount
    }
}
