public import NIOCore

/// QUERY, opcode 0x0204: documents that match a query, ranked, with snippets and facets (§13).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | query | string ≤ 4096 | required; the language of docs/query-language.md |
/// | 2 | limit | uint | hits per page; default 10, at most 1000 |
/// | 3 | after | string ≤ 128 | the previous page's `next` token |
/// | 4 | as_of_ms | sint (zigzag) | the documents as they stood then |
/// | 5 | facets | uint | entities per type in the facets; default 5, at most 100; 0: none |
/// | 6 | snippet_sentences | uint | sentences per snippet; default 2, at most 5; 0: no snippets |
public struct QueryRequest: RequestMessage, Hashable {
    public typealias Reply = QueryPage
    public static let opcode = Opcode.query

    public static let maxQueryBytes = 4096
    public static let maxLimit: UInt64 = 1000
    /// What a request asks when it does not say: also the defaults of the client library,
    /// `axclient query` and axbench.
    public static let defaultLimit: UInt64 = 10
    public static let defaultFacets: UInt64 = 5
    public static let defaultSnippetSentences: UInt64 = 2

    public var query: String
    public var limit: UInt64
    public var after: String?
    public var asOfMilliseconds: Int64?
    public var facets: UInt64
    public var snippetSentences: UInt64

    public init(
        query: String, limit: UInt64 = Self.defaultLimit, after: String? = nil, asOfMilliseconds: Int64? = nil,
        facets: UInt64 = Self.defaultFacets, snippetSentences: UInt64 = Self.defaultSnippetSentences
    ) {
        self.query = query
        self.limit = limit
        self.after = after
        self.asOfMilliseconds = asOfMilliseconds
        self.facets = facets
        self.snippetSentences = snippetSentences
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var query: String?
        var request = QueryRequest(query: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: query = try field.string(maxBytes: Self.maxQueryBytes)
            case 2: request.limit = min(try field.uint64(), Self.maxLimit)
            case 3: request.after = try field.string(maxBytes: 128)
            case 4: request.asOfMilliseconds = try field.int64()
            case 5: request.facets = min(try field.uint64(), 100)
            case 6: request.snippetSentences = min(try field.uint64(), 5)
            default: break
            }
        }
        request.query = try required(query, "query", field: 1)
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.query)
        buffer.writeField(2, self.limit)
        if let after { buffer.writeField(3, after) }
        if let asOfMilliseconds { buffer.writeField(4, signed: asOfMilliseconds) }
        buffer.writeField(5, self.facets)
        buffer.writeField(6, self.snippetSentences)
    }
}

/// A frame of the QUERY reply.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | hits | repeated QueryHit | best first |
/// | 2 | total | uint | final frame: hits in all |
/// | 3 | next | string ≤ 128 | final frame, when more hits follow: the token for the next page |
/// | 4 | facets | repeated Facet | final frame |
/// | 5 | indexed_sequence | uint (u64) | final frame: the query saw the snapshots up to here |
/// | 6 | as_of_ms | sint (zigzag) | final frame, for as-of queries: the time it ran at |
public struct QueryPage: WireMessage, Hashable {
    public var hits: [QueryHitMessage] = []
    public var total: UInt64?
    public var next: String?
    public var facets: [FacetMessage] = []
    public var indexedSequence: UInt64?
    public var asOfMilliseconds: Int64?

    public init(hits: [QueryHitMessage] = []) {
        self.hits = hits
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = QueryPage()
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.hits.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many hits", field: 1) }
                page.hits.append(try field.message(QueryHitMessage.self))
            case 2: page.total = try field.uint64()
            case 3: page.next = try field.string(maxBytes: 128)
            case 4:
                guard page.facets.count < 64 else { throw CodecError(.countTooLarge, "too many facets", field: 4) }
                page.facets.append(try field.message(FacetMessage.self))
            case 5: page.indexedSequence = try field.uint64()
            case 6: page.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for hit in self.hits { buffer.writeField(1, message: hit) }
        if let total { buffer.writeField(2, total) }
        if let next { buffer.writeField(3, next) }
        for facet in self.facets { buffer.writeField(4, message: facet) }
        if let indexedSequence { buffer.writeField(5, indexedSequence) }
        if let asOfMilliseconds { buffer.writeField(6, signed: asOfMilliseconds) }
    }
}

extension QueryPage: StreamedReply {
    public init() { self.init(hits: []) }

    public static func encode(_ item: QueryHitMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: QueryPage) {
        self.hits += later.hits
        self.total = later.total ?? self.total
        self.next = later.next ?? self.next
        self.facets += later.facets
        self.indexedSequence = later.indexedSequence ?? self.indexedSequence
        self.asOfMilliseconds = later.asOfMilliseconds ?? self.asOfMilliseconds
    }
}
