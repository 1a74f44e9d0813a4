/// Every message a peer may receive as a request, decoded from a frame by opcode
/// (the second decoding phase; Protocol/PROTOCOL.md §5).
public enum Request: Sendable, Hashable {
    case hello(Hello)
    case ping(Ping)
    case goAway(GoAway)
    case cancel(Cancel)
    case docPut(DocPut)
    case docGet(DocGet)
    case docHistory(DocHistory)
    case docDiff(DocDiff)
    case docDelete(DocDelete)
    case docList(DocList)
    case docStat(DocStat)
    case entities(Entities)
    case entity(EntityLookup)
    case mentions(Mentions)
    case query(QueryRequest)
    case timeline(TimelineRequest)
    case cooccur(CooccurRequest)
    case flows(FlowsRequest)
    case export(Export)
    case `import`(Import)
    case syncState(SyncState)
    case tokens(TokensRequest)

    /// Decodes the (already inflated) payload of a request frame by its opcode.
    /// - Throws: `CodecError` `.unsupportedOpcode` for an opcode with no request message, or the
    ///   payload's decoding error. Both are request-scoped.
    public init(decoding frame: Frame) throws(CodecError) {
        var payload = frame.payload
        switch frame.opcode {
        case .hello: self = .hello(try Hello(fromPayload: &payload))
        case .ping: self = .ping(try Ping(fromPayload: &payload))
        case .goAway: self = .goAway(try GoAway(fromPayload: &payload))
        case .cancel: self = .cancel(try Cancel(fromPayload: &payload))
        case .docPut: self = .docPut(try DocPut(fromPayload: &payload))
        case .docGet: self = .docGet(try DocGet(fromPayload: &payload))
        case .docHistory: self = .docHistory(try DocHistory(fromPayload: &payload))
        case .docDiff: self = .docDiff(try DocDiff(fromPayload: &payload))
        case .docDelete: self = .docDelete(try DocDelete(fromPayload: &payload))
        case .docList: self = .docList(try DocList(fromPayload: &payload))
        case .docStat: self = .docStat(try DocStat(fromPayload: &payload))
        case .entities: self = .entities(try Entities(fromPayload: &payload))
        case .entity: self = .entity(try EntityLookup(fromPayload: &payload))
        case .mentions: self = .mentions(try Mentions(fromPayload: &payload))
        case .query: self = .query(try QueryRequest(fromPayload: &payload))
        case .timeline: self = .timeline(try TimelineRequest(fromPayload: &payload))
        case .cooccur: self = .cooccur(try CooccurRequest(fromPayload: &payload))
        case .flows: self = .flows(try FlowsRequest(fromPayload: &payload))
        case .export: self = .export(try Export(fromPayload: &payload))
        case .import: self = .import(try Import(fromPayload: &payload))
        case .syncState: self = .syncState(try SyncState(fromPayload: &payload))
        case .tokens: self = .tokens(try TokensRequest(fromPayload: &payload))
        default:
            throw CodecError(.unsupportedOpcode, "opcode \(frame.opcode) is not supported")
        }
    }
}
