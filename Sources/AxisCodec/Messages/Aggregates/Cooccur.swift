public import NIOCore

/// COOCCUR, opcode 0x0206: for each pair of the entities named, the documents that mention
/// both (§14.2).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entities | repeated string ≤ 4096 | 2 to 32 ids or names, resolved as in QUERY's `entity:` |
/// | 2 | where | string ≤ 4096 | a query (§13) the documents must also match |
/// | 3 | examples | uint | document keys per pair, newest first; default 3, at most 20 |
/// | 4 | as_of_ms | sint (zigzag) | the documents as they stood then |
///
/// The reply is a stream of CooccurPage frames.
public struct CooccurRequest: RequestMessage, Hashable {
    public typealias Reply = CooccurPage
    public static let opcode = Opcode.cooccur

    public static let maxEntities = 32
    public static let maxExamples: UInt64 = 20

    public var entities: [String]
    public var restriction: String?
    public var examples: UInt64
    public var asOfMilliseconds: Int64?

    public init(entities: [String], restriction: String? = nil, examples: UInt64 = 3, asOfMilliseconds: Int64? = nil) {
        self.entities = entities
        self.restriction = restriction
        self.examples = examples
        self.asOfMilliseconds = asOfMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = CooccurRequest(entities: [])
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard request.entities.count < Self.maxEntities else {
                    throw CodecError(.countTooLarge, "more than \(Self.maxEntities) entities", field: 1, limit: UInt64(Self.maxEntities))
                }
                request.entities.append(try field.string(maxBytes: IndexLimits.nameBytes))
            case 2: request.restriction = try field.string(maxBytes: QueryRequest.maxQueryBytes)
            case 3: request.examples = min(try field.uint64(), Self.maxExamples)
            case 4: request.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        guard request.entities.count >= 2 else { throw CodecError(.missingField, "at least two entities are required", field: 1) }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        for entity in self.entities { buffer.writeField(1, entity) }
        if let restriction { buffer.writeField(2, restriction) }
        buffer.writeField(3, self.examples)
        if let asOfMilliseconds { buffer.writeField(4, signed: asOfMilliseconds) }
    }
}

/// A pair of entities and the documents that mention both.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | first | string ≤ 256 | entity id |
/// | 2 | second | string ≤ 256 | entity id |
/// | 3 | documents | uint | documents mentioning both |
/// | 4 | examples | repeated string ≤ 4096 | keys of some of them, newest first |
public struct CooccurPairMessage: WireMessage, Hashable {
    public var first: String
    public var second: String
    public var documents: UInt64
    public var examples: [String]

    public init(first: String, second: String, documents: UInt64, examples: [String] = []) {
        self.first = first
        self.second = second
        self.documents = documents
        self.examples = examples
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var first: String?
        var second: String?
        var pair = CooccurPairMessage(first: "", second: "", documents: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: first = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: second = try field.string(maxBytes: IndexLimits.idBytes)
            case 3: pair.documents = try field.uint64()
            case 4:
                guard UInt64(pair.examples.count) < CooccurRequest.maxExamples else {
                    throw CodecError(.countTooLarge, "more than \(CooccurRequest.maxExamples) examples", field: 4)
                }
                pair.examples.append(try field.string(maxBytes: IndexLimits.nameBytes))
            default: break
            }
        }
        pair.first = try required(first, "first", field: 1)
        pair.second = try required(second, "second", field: 2)
        self = pair
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.first)
        buffer.writeField(2, self.second)
        buffer.writeField(3, self.documents)
        for example in self.examples { buffer.writeField(4, example) }
    }
}

/// A frame of the COOCCUR reply.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | pairs | repeated CooccurPair | in the order asked: (1,2), (1,3), …, (2,3), … |
/// | 2 | entities | repeated EntitySummary | final frame: the entities as resolved, in the order asked, with their own counts |
/// | 3 | documents | uint | final frame: the documents considered (those matching `where`, else all) |
/// | 4 | indexed_sequence | uint (u64) | final frame |
/// | 5 | as_of_ms | sint (zigzag) | final frame, for as-of questions |
public struct CooccurPage: WireMessage, Hashable {
    public var pairs: [CooccurPairMessage] = []
    public var entities: [EntitySummaryMessage] = []
    public var documents: UInt64?
    public var indexedSequence: UInt64?
    public var asOfMilliseconds: Int64?

    public init(pairs: [CooccurPairMessage] = []) {
        self.pairs = pairs
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = CooccurPage()
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.pairs.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many pairs", field: 1) }
                page.pairs.append(try field.message(CooccurPairMessage.self))
            case 2:
                guard page.entities.count < CooccurRequest.maxEntities else { throw CodecError(.countTooLarge, "too many entities", field: 2) }
                page.entities.append(try field.message(EntitySummaryMessage.self))
            case 3: page.documents = try field.uint64()
            case 4: page.indexedSequence = try field.uint64()
            case 5: page.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for pair in self.pairs { buffer.writeField(1, message: pair) }
        for entity in self.entities { buffer.writeField(2, message: entity) }
        if let documents { buffer.writeField(3, documents) }
        if let indexedSequence { buffer.writeField(4, indexedSequence) }
        if let asOfMilliseconds { buffer.writeField(5, signed: asOfMilliseconds) }
    }
}

extension CooccurPage: StreamedReply {
    public init() { self.init(pairs: []) }

    public static func encode(_ item: CooccurPairMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: CooccurPage) {
        self.pairs += later.pairs
        self.entities += later.entities
        self.documents = later.documents ?? self.documents
        self.indexedSequence = later.indexedSequence ?? self.indexedSequence
        self.asOfMilliseconds = later.asOfMilliseconds ?? self.asOfMilliseconds
    }
}
