public import AxisCodec
public import AxisStore

/// The server's request handler: routes every request that is not about the connection to the
/// part of Axis that serves it.
public struct AxisRequestRouter: RequestHandler {
    private let documents: DocumentHandler
    private let bulk: BulkHandler
    /// Absent in a server without an entity index (tests of storage alone).
    private let index: IndexHandler?
    private let queries: QueryHandler?
    private let aggregates: AggregateHandler?
    private let flows: FlowHandler?
    /// Absent unless the server manages a token file.
    private let tokens: TokensHandler?

    /// - Parameter tokens: the token file TOKENS manages (admins only); nil: no TOKENS.
    public init(store: SnapshotStore, indexer: Indexer? = nil, tokens: TokenFile? = nil) {
        self.tokens = tokens.map { TokensHandler(file: $0) }
        self.documents = DocumentHandler(store: store, indexer: indexer)
        self.bulk = BulkHandler(store: store)
        self.index = indexer.map { IndexHandler(store: store, indexer: $0) }
        self.queries = indexer.map { QueryHandler(store: store, indexer: $0) }
        self.aggregates = indexer.map { AggregateHandler(indexer: $0) }
        self.flows = indexer.map { FlowHandler(store: store, indexer: $0) }
    }

    /// Every opcode this server answers, in numeric order (HELLO lists them).
    public var opcodes: [Opcode] {
        (DocumentHandler.opcodes + (self.index == nil ? [] : IndexHandler.opcodes + [.query, .flows] + AggregateHandler.opcodes)
            + BulkHandler.opcodes + (self.tokens == nil ? [] : [.tokens]))
            .sorted { $0.rawValue < $1.rawValue }
    }

    public func handle(_ request: Request, context: RequestContext) async throws {
        switch request {
        case .docPut(let put): try await self.documents.put(put, context: context)
        case .docGet(let get): try await self.documents.get(get, context: context)
        case .docHistory(let history): try await self.documents.history(history, context: context)
        case .docDiff(let diff): try await self.documents.diff(diff, context: context)
        case .docDelete(let delete): try await self.documents.delete(delete, context: context)
        case .docList(let list): try await self.documents.list(list, context: context)
        case .docStat(let stat): try await self.documents.stat(stat, context: context)
        case .export(let export): try await self.bulk.export(export, context: context)
        case .import(let request): try await self.bulk.import(request, context: context)
        case .syncState(let state): try await self.bulk.syncState(state, context: context)
        case .entities(let request): try await self.indexHandler(context)?.entities(request, context: context)
        case .entity(let request): try await self.indexHandler(context)?.entity(request, context: context)
        case .mentions(let request): try await self.indexHandler(context)?.mentions(request, context: context)
        case .query(let request):
            guard try await self.indexHandler(context) != nil, let queries = self.queries else { return }
            try await queries.query(request, context: context)
        case .timeline(let request):
            guard try await self.indexHandler(context) != nil, let aggregates = self.aggregates else { return }
            try await aggregates.timeline(request, context: context)
        case .cooccur(let request):
            guard try await self.indexHandler(context) != nil, let aggregates = self.aggregates else { return }
            try await aggregates.cooccur(request, context: context)
        case .flows(let request):
            guard try await self.indexHandler(context) != nil, let flows = self.flows else { return }
            try await flows.flows(request, context: context)
        case .tokens(let request):
            guard let tokens = self.tokens else {
                try await context.fail(WireError(.unsupportedOpcode, "TOKENS is not supported: this server manages no token file"))
                return
            }
            try await tokens.tokens(request, context: context)
        case .hello, .ping, .goAway, .cancel:
            // Answered by the connection itself; never dispatched.
            try await context.fail(WireError(.protocolViolation, "\(context.frame.opcode) is connection-level"))
        }
    }

    /// The index handler, or nil after answering that this server has no index.
    private func indexHandler(_ context: RequestContext) async throws -> IndexHandler? {
        guard let index = self.index else {
            try await context.fail(WireError(.unsupportedOpcode, "\(context.frame.opcode) is not supported: this server has no entity index"))
            return nil
        }
        return index
    }
}
