import AxisCodec
import AxisIndex
import AxisStore
import NIOCore

/// QUERY (Protocol/PROTOCOL.md §13): runs the query in the index, then, for the page's hits
/// only, adds titles and metadata from the store and snippets from the bodies.
struct QueryHandler: Sendable {
    let store: SnapshotStore
    let indexer: Indexer

    func query(_ request: QueryRequest, context: RequestContext) async throws {
        await self.indexer.waitUntilCurrent()
        var options = QueryOptions(limit: Int(request.limit), facets: Int(request.facets), asOf: request.asOfMilliseconds)
        if let after = request.after {
            guard let token = ResumeToken(text: after, query: request.query) else {
                try await context.fail(WireError(.invalidArgument, "'after' is not a page token of this query", field: "after"))
                return
            }
            options.after = token
        }
        let outcome: QueryOutcome
        do {
            outcome = try self.indexer.index.query(request.query, options: options)
        } catch {
            try await context.fail(WireError(.invalidArgument, error.message, field: "query", offset: UInt64(error.offset)))
            return
        }
        var pager = StreamPager<QueryPage>(context: context)
        for message in await self.messages(for: outcome, sentences: Int(request.snippetSentences)) {
            try await pager.append(message)
        }
        let facets = outcome.facets.map { facet in FacetMessage(type: facet.type.rawValue, entities: facet.entities.map(IndexHandler.message)) }
        var summary = QueryPage()
        summary.total = UInt64(outcome.total)
        summary.next = outcome.next?.text
        summary.facets = facets
        summary.indexedSequence = outcome.view.through
        summary.asOfMilliseconds = outcome.view.asOf
        try await pager.finish(summary)
    }

    /// The page's hits with metadata and snippets, made on every core (reading, inflating
    /// and marking ten bodies is most of a small query's time).
    private func messages(for outcome: QueryOutcome, sentences: Int) async -> [QueryHitMessage] {
        let hits = outcome.hits
        guard hits.count > 1, sentences > 0 else { return hits.map { self.message(for: $0, outcome: outcome, sentences: sentences) } }
        return await withTaskGroup(of: (Int, QueryHitMessage).self) { group in
            for (index, hit) in hits.enumerated() {
                group.addTask { (index, self.message(for: hit, outcome: outcome, sentences: sentences)) }
            }
            var messages = [QueryHitMessage?](repeating: nil, count: hits.count)
            for await (index, message) in group { messages[index] = message }
            return messages.compactMap { $0 }
        }
    }

    /// A hit with its metadata and snippet. A body that cannot be read gives no snippet.
    private func message(for hit: RankedHit, outcome: QueryOutcome, sentences: Int) -> QueryHitMessage {
        var message = QueryHitMessage(key: hit.key, version: hit.version, sequence: hit.sequence, score: Self.decimal(hit.score))
        message.day = hit.day
        guard let info = self.store.info(sequence: hit.sequence) else { return message }
        message.title = info.metadata.title
        message.source = info.metadata.source
        message.published = info.metadata.published?.description ?? ""
        message.ingestTimeMilliseconds = info.ingestTime
        guard sentences > 0, let body = try? self.store.body(of: self.store.stored(info)) else { return message }
        let text = String(decoding: body, as: UTF8.self)
        // Entities named in the query are found by their names; a type asks the extractor.
        var mentions: [(range: Range<Int>, id: String)] = []
        if !outcome.types.isEmpty {
            mentions = self.indexer.extract(text).mentions.filter { outcome.types.contains($0.type) }.map { ($0.range, $0.entityID) }
        }
        let snippet = Snippet.make(body: text, terms: outcome.terms, mentions: mentions, names: outcome.entityNames, sentences: sentences)
        message.snippet = snippet.text
        message.highlights = snippet.highlights.map {
            HighlightMessage(start: UInt64($0.range.lowerBound), end: UInt64($0.range.upperBound), kind: $0.kind.rawValue, entityID: $0.entityID)
        }
        return message
    }

    /// Scores to four decimals: enough to order and compare by eye.
    static func decimal(_ score: Double) -> String {
        guard score.isFinite else { return "0" }
        let scaled = (score * 10_000).rounded() / 10_000
        return String(scaled)
    }
}
