public import NIOCore

/// FLOWS, opcode 0x0207: the supply flows the documents state, filtered, as rows (one per
/// statement) or groups (supplier → recipient : item), paged like QUERY (§12.5).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | supplier | string ≤ 4096 | an entity id or name; a country includes what rolls up to it |
/// | 2 | recipient | string ≤ 4096 | the same |
/// | 3 | item | string ≤ 4096 | an item or class id or name; a class includes its members |
/// | 4 | modalities | repeated string ≤ 64 | asserted, reported, possible, denied; none: all |
/// | 5 | since | string ≤ 16 | `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (published, else stored) |
/// | 6 | until | string ≤ 16 | the same |
/// | 7 | source | string ≤ 256 | documents of this source only |
/// | 8 | tag | string ≤ 256 | documents with this tag only |
/// | 9 | where | string ≤ 4096 | a query (§13) the documents must also match |
/// | 10 | as_of_ms | sint (zigzag) | the documents as they stood then |
/// | 11 | group | bool | groups instead of rows |
/// | 12 | limit | uint | rows or groups per page; default 20, at most 1000 (larger values are clamped) |
/// | 13 | after | string ≤ 128 | the previous page's `next` |
public struct FlowsRequest: RequestMessage, Hashable {
    public typealias Reply = FlowPage
    public static let opcode = Opcode.flows
    public static let defaultLimit: UInt64 = 20
    public static let maxLimit: UInt64 = 1_000
    public static let maxModalities = 4

    public var supplier: String?
    public var recipient: String?
    public var item: String?
    public var modalities: [String] = []
    public var since: String?
    public var until: String?
    public var source: String?
    public var tag: String?
    public var restriction: String?
    public var asOfMilliseconds: Int64?
    public var group = false
    public var limit: UInt64 = Self.defaultLimit
    public var after: String?

    public init() {}

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = FlowsRequest()
        while let field = try reader.next() {
            switch field.number {
            case 1: request.supplier = try field.string(maxBytes: IndexLimits.nameBytes)
            case 2: request.recipient = try field.string(maxBytes: IndexLimits.nameBytes)
            case 3: request.item = try field.string(maxBytes: IndexLimits.nameBytes)
            case 4:
                guard request.modalities.count < Self.maxModalities else {
                    throw CodecError(.countTooLarge, "more than \(Self.maxModalities) modalities", field: 4, limit: UInt64(Self.maxModalities))
                }
                request.modalities.append(try field.string(maxBytes: 64))
            case 5: request.since = try field.string(maxBytes: 16)
            case 6: request.until = try field.string(maxBytes: 16)
            case 7: request.source = try field.string(maxBytes: IndexLimits.idBytes)
            case 8: request.tag = try field.string(maxBytes: IndexLimits.idBytes)
            case 9: request.restriction = try field.string(maxBytes: QueryRequest.maxQueryBytes)
            case 10: request.asOfMilliseconds = try field.int64()
            case 11: request.group = try field.bool()
            case 12: request.limit = min(try field.uint64(), Self.maxLimit)
            case 13: request.after = try field.string(maxBytes: 128)
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let supplier { buffer.writeField(1, supplier) }
        if let recipient { buffer.writeField(2, recipient) }
        if let item { buffer.writeField(3, item) }
        for modality in self.modalities { buffer.writeField(4, modality) }
        if let since { buffer.writeField(5, since) }
        if let until { buffer.writeField(6, until) }
        if let source { buffer.writeField(7, source) }
        if let tag { buffer.writeField(8, tag) }
        if let restriction { buffer.writeField(9, restriction) }
        if let asOfMilliseconds { buffer.writeField(10, signed: asOfMilliseconds) }
        if self.group { buffer.writeField(11, true) }
        if self.limit != Self.defaultLimit { buffer.writeField(12, self.limit) }
        if let after { buffer.writeField(13, after) }
    }
}

/// A frame of the reply to FLOWS, a stream.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | flows | repeated Flow (§12.4) | rows: newest document first, then in text order; with key, version, sequence, published, source, evidence and names |
/// | 2 | groups | repeated FlowGroup | groups: most distinct sources first, then most documents |
/// | 3 | total | uint | final frame: rows (or groups) matched over all pages |
/// | 4 | next | string ≤ 128 | final frame, when more remain: pass as `after` |
/// | 5 | indexed_sequence | uint (u64) | final frame: the sequence the view covers |
/// | 6 | as_of_ms | sint (zigzag) | final frame, for an as-of question |
public struct FlowPage: WireMessage, Hashable {
    public var flows: [FlowMessage] = []
    public var groups: [FlowGroupMessage] = []
    public var total: UInt64?
    public var next: String?
    public var indexedSequence: UInt64?
    public var asOfMilliseconds: Int64?

    public init() {}

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = FlowPage()
        while let field = try reader.next() {
            switch field.number {
            case 1, 2:
                guard page.flows.count + page.groups.count < IndexLimits.maxItems else {
                    throw CodecError(.countTooLarge, "too many flows", field: field.number)
                }
                if field.number == 1 {
                    page.flows.append(try field.message(FlowMessage.self))
                } else {
                    page.groups.append(try field.message(FlowGroupMessage.self))
                }
            case 3: page.total = try field.uint64()
            case 4: page.next = try field.string(maxBytes: 128)
            case 5: page.indexedSequence = try field.uint64()
            case 6: page.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for flow in self.flows { buffer.writeField(1, message: flow) }
        for group in self.groups { buffer.writeField(2, message: group) }
        if let total { buffer.writeField(3, total) }
        if let next { buffer.writeField(4, next) }
        if let indexedSequence { buffer.writeField(5, indexedSequence) }
        if let asOfMilliseconds { buffer.writeField(6, signed: asOfMilliseconds) }
    }
}

extension FlowPage: StreamedReply {
    /// A row or a group.
    public enum Item: Sendable, Hashable {
        case flow(FlowMessage)
        case group(FlowGroupMessage)
    }

    public static func encode(_ item: Item, into buffer: inout ByteBuffer) {
        switch item {
        case .flow(let flow): buffer.writeField(1, message: flow)
        case .group(let group): buffer.writeField(2, message: group)
        }
    }

    public mutating func merge(_ later: FlowPage) {
        self.flows += later.flows
        self.groups += later.groups
        self.total = later.total ?? self.total
        self.next = later.next ?? self.next
        self.indexedSequence = later.indexedSequence ?? self.indexedSequence
        self.asOfMilliseconds = later.asOfMilliseconds ?? self.asOfMilliseconds
    }
}
