public import AxisCodec

/// The entity index, typed (Protocol/PROTOCOL.md §12).
extension AxisConnection {
    /// Entities by the number of documents mentioning them.
    /// - Returns: the entities, how many are mentioned in all, and the sequence the index covered.
    public func entities(type: String? = nil, limit: UInt64 = 20, asOf: Int64? = nil)
        async throws(ClientError) -> (entities: [EntitySummaryMessage], total: UInt64, indexedSequence: UInt64)
    {
        let pages = try await self.callStream(Entities(type: type, limit: limit, asOfMilliseconds: asOf))
        guard let last = pages.last, let total = last.total else {
            throw ClientError(.protocolError, "the entities stream ended without its total")
        }
        return (pages.flatMap(\.entities), total, last.indexedSequence ?? 0)
    }

    /// One entity in depth, by id or name.
    public func entity(_ name: String, related: UInt64 = 10, documents: UInt64 = 10, asOf: Int64? = nil) async throws(ClientError) -> EntityReply {
        try await self.call(EntityLookup(name: name, related: related, documents: documents, asOfMilliseconds: asOf))
    }

    /// The mentions, sentences, quantities and flows of one snapshot.
    public func mentions(_ key: String, version: UInt32? = nil) async throws(ClientError) -> MentionPage {
        let pages = try await self.callStream(Mentions(key: key, version: version))
        var merged = MentionPage()
        for page in pages {
            merged.info = merged.info ?? page.info
            merged.mentions += page.mentions
            merged.sentences += page.sentences
            merged.quantities += page.quantities
            merged.flows += page.flows
            merged.mentionCount = page.mentionCount ?? merged.mentionCount
            merged.sentenceCount = page.sentenceCount ?? merged.sentenceCount
        }
        guard let count = merged.mentionCount, count == UInt64(merged.mentions.count) else {
            throw ClientError(.protocolError, "the mentions stream ended with \(merged.mentions.count) mentions, without a matching count")
        }
        return merged
    }
}

extension AxisConnection {
    /// One page of a query's results (hits, then the totals, token and facets).
    public func query(
        _ query: String, limit: UInt64 = 10, after: String? = nil, asOf: Int64? = nil, facets: UInt64 = 5, snippetSentences: UInt64 = 2
    ) async throws(ClientError) -> QueryPage {
        let pages = try await self.callStream(
            QueryRequest(query: query, limit: limit, after: after, asOfMilliseconds: asOf, facets: facets, snippetSentences: snippetSentences))
        var merged = QueryPage()
        for page in pages {
            merged.hits += page.hits
            merged.total = page.total ?? merged.total
            merged.next = page.next ?? merged.next
            merged.facets += page.facets
            merged.indexedSequence = page.indexedSequence ?? merged.indexedSequence
            merged.asOfMilliseconds = page.asOfMilliseconds ?? merged.asOfMilliseconds
        }
        guard merged.total != nil else { throw ClientError(.protocolError, "the query stream ended without its total") }
        return merged
    }
}

extension AxisConnection {
    /// One entity's documents and mentions per period, every period from the first to the last.
    public func timeline(
        _ entity: String, interval: String = "month", since: String? = nil, until: String? = nil, where restriction: String? = nil,
        asOf: Int64? = nil
    ) async throws(ClientError) -> TimelinePage {
        let pages = try await self.callStream(
            TimelineRequest(entity: entity, interval: interval, since: since, until: until, restriction: restriction, asOfMilliseconds: asOf))
        var merged = TimelinePage()
        for page in pages {
            merged.periods += page.periods
            merged.entity = page.entity ?? merged.entity
            merged.interval = page.interval ?? merged.interval
            merged.indexedSequence = page.indexedSequence ?? merged.indexedSequence
            merged.asOfMilliseconds = page.asOfMilliseconds ?? merged.asOfMilliseconds
        }
        guard merged.entity != nil else { throw ClientError(.protocolError, "the timeline stream ended without its entity") }
        return merged
    }

    /// For each pair of the entities, the documents that mention both.
    public func cooccurrence(_ entities: [String], where restriction: String? = nil, examples: UInt64 = 3, asOf: Int64? = nil)
        async throws(ClientError) -> CooccurPage
    {
        let pages = try await self.callStream(CooccurRequest(entities: entities, restriction: restriction, examples: examples, asOfMilliseconds: asOf))
        var merged = CooccurPage()
        for page in pages {
            merged.pairs += page.pairs
            merged.entities += page.entities
            merged.documents = page.documents ?? merged.documents
            merged.indexedSequence = page.indexedSequence ?? merged.indexedSequence
            merged.asOfMilliseconds = page.asOfMilliseconds ?? merged.asOfMilliseconds
        }
        guard merged.documents != nil else { throw ClientError(.protocolError, "the co-occurrence stream ended without its totals") }
        return merged
    }
}
