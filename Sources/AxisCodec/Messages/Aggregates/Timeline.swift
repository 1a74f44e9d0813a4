public import NIOCore

/// TIMELINE, opcode 0x0205: one entity's documents and mentions per period (§14.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entity | string ≤ 4096 | required; an id or a name, resolved as in QUERY's `entity:` |
/// | 2 | interval | string ≤ 16 | `day`, `week` (from Monday) or `month`; default `month` |
/// | 3 | since | string ≤ 16 | `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: documents dated on or after its first day |
/// | 4 | until | string ≤ 16 | the same: documents dated on or before its last day |
/// | 5 | where | string ≤ 4096 | a query (§13) the documents must also match |
/// | 6 | as_of_ms | sint (zigzag) | the documents as they stood then |
///
/// The reply is a stream of TimelinePage frames.
public struct TimelineRequest: RequestMessage, Hashable {
    public typealias Reply = TimelinePage
    public static let opcode = Opcode.timeline
    /// The intervals field 2 may name, shortest first: what a client checks before sending
    /// (the server's `TimelineInterval` has the same names, a test holds them together).
    public static let intervals = ["day", "week", "month"]

    public var entity: String
    public var interval: String
    public var since: String?
    public var until: String?
    public var restriction: String?
    public var asOfMilliseconds: Int64?

    public init(
        entity: String, interval: String = "month", since: String? = nil, until: String? = nil, restriction: String? = nil,
        asOfMilliseconds: Int64? = nil
    ) {
        self.entity = entity
        self.interval = interval
        self.since = since
        self.until = until
        self.restriction = restriction
        self.asOfMilliseconds = asOfMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var entity: String?
        var request = TimelineRequest(entity: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: entity = try field.string(maxBytes: IndexLimits.nameBytes)
            case 2: request.interval = try field.string(maxBytes: 16)
            case 3: request.since = try field.string(maxBytes: 16)
            case 4: request.until = try field.string(maxBytes: 16)
            case 5: request.restriction = try field.string(maxBytes: QueryRequest.maxQueryBytes)
            case 6: request.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        request.entity = try required(entity, "entity", field: 1)
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.entity)
        buffer.writeField(2, self.interval)
        if let since { buffer.writeField(3, since) }
        if let until { buffer.writeField(4, until) }
        if let restriction { buffer.writeField(5, restriction) }
        if let asOfMilliseconds { buffer.writeField(6, signed: asOfMilliseconds) }
    }
}

/// One period of a timeline.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | start | string ≤ 16 | the period's first day, `YYYY-MM-DD` |
/// | 2 | documents | uint | documents dated in the period that mention the entity |
/// | 3 | mentions | uint | the entity's mentions in them |
public struct TimelinePeriodMessage: WireMessage, Hashable {
    public var start: String
    public var documents: UInt64
    public var mentions: UInt64

    public init(start: String, documents: UInt64, mentions: UInt64) {
        self.start = start
        self.documents = documents
        self.mentions = mentions
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var period = TimelinePeriodMessage(start: "", documents: 0, mentions: 0)
        var start: String?
        while let field = try reader.next() {
            switch field.number {
            case 1: start = try field.string(maxBytes: 16)
            case 2: period.documents = try field.uint64()
            case 3: period.mentions = try field.uint64()
            default: break
            }
        }
        period.start = try required(start, "start", field: 1)
        self = period
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.start)
        buffer.writeField(2, self.documents)
        buffer.writeField(3, self.mentions)
    }
}

/// A frame of the TIMELINE reply. Every period from the first to the last is present, empty
/// ones included, oldest first.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | periods | repeated TimelinePeriod | oldest first |
/// | 2 | entity | EntitySummary | final frame: the entity, with its totals over the timeline |
/// | 3 | interval | string | final frame: the interval used |
/// | 4 | indexed_sequence | uint (u64) | final frame: the index covered the snapshots up to here |
/// | 5 | as_of_ms | sint (zigzag) | final frame, for as-of questions: the time it ran at |
public struct TimelinePage: WireMessage, Hashable {
    public var periods: [TimelinePeriodMessage] = []
    public var entity: EntitySummaryMessage?
    public var interval: String?
    public var indexedSequence: UInt64?
    public var asOfMilliseconds: Int64?

    public init(periods: [TimelinePeriodMessage] = []) {
        self.periods = periods
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = TimelinePage()
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.periods.count < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many periods", field: 1) }
                page.periods.append(try field.message(TimelinePeriodMessage.self))
            case 2: page.entity = try field.message(EntitySummaryMessage.self)
            case 3: page.interval = try field.string(maxBytes: 16)
            case 4: page.indexedSequence = try field.uint64()
            case 5: page.asOfMilliseconds = try field.int64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for period in self.periods { buffer.writeField(1, message: period) }
        if let entity { buffer.writeField(2, message: entity) }
        if let interval { buffer.writeField(3, interval) }
        if let indexedSequence { buffer.writeField(4, indexedSequence) }
        if let asOfMilliseconds { buffer.writeField(5, signed: asOfMilliseconds) }
    }
}

extension TimelinePage: StreamedReply {
    public init() { self.init(periods: []) }

    public static func encode(_ item: TimelinePeriodMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: TimelinePage) {
        self.periods += later.periods
        self.entity = later.entity ?? self.entity
        self.interval = later.interval ?? self.interval
        self.indexedSequence = later.indexedSequence ?? self.indexedSequence
        self.asOfMilliseconds = later.asOfMilliseconds ?? self.asOfMilliseconds
    }
}
