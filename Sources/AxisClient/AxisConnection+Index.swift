public import AxisCodec

/// The entity index, typed (Protocol/PROTOCOL.md §12).
extension AxisConnection {
    /// Entities by the number of documents mentioning them.
    /// - Returns: the entities, how many are mentioned in all, and the sequence the index covered.
    public func entities(type: String? = nil, limit: UInt64 = 20, asOf: Int64? = nil)
        async throws(ClientError) -> (entities: [EntitySummaryMessage], total: UInt64, indexedSequence: UInt64)
    {
        let page = try await self.callMerged(Entities(type: type, limit: limit, asOfMilliseconds: asOf))
        guard let total = page.total else {
            throw ClientError(.protocolError, "the entities stream ended without its total")
        }
        return (page.entities, total, page.indexedSequence ?? 0)
    }

    /// One entity in depth, by id or name.
    public func entity(_ name: String, related: UInt64 = 10, documents: UInt64 = 10, flows: UInt64 = 10, asOf: Int64? = nil)
        async throws(ClientError) -> EntityReply
    {
        var request = EntityLookup(name: name, related: related, documents: documents, asOfMilliseconds: asOf)
        request.flows = flows
        return try await self.call(request)
    }

    /// The mentions, sentences, quantities and flows of one snapshot.
    public func mentions(_ key: String, version: UInt32? = nil) async throws(ClientError) -> MentionPage {
        let merged = try await self.callMerged(Mentions(key: key, version: version))
        guard let count = merged.mentionCount, count == UInt64(merged.mentions.count) else {
            throw ClientError(.protocolError, "the mentions stream ended with \(merged.mentions.count) mentions, without a matching count")
        }
        return merged
    }
}

extension AxisConnection {
    /// One page of a query's results (hits, then the totals, token and facets).
    public func query(
        _ query: String, limit: UInt64 = QueryRequest.defaultLimit, after: String? = nil, asOf: Int64? = nil,
        facets: UInt64 = QueryRequest.defaultFacets, snippetSentences: UInt64 = QueryRequest.defaultSnippetSentences
    ) async throws(ClientError) -> QueryPage {
        let merged = try await self.callMerged(
            QueryRequest(query: query, limit: limit, after: after, asOfMilliseconds: asOf, facets: facets, snippetSentences: snippetSentences))
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
        let merged = try await self.callMerged(
            TimelineRequest(entity: entity, interval: interval, since: since, until: until, restriction: restriction, asOfMilliseconds: asOf))
        guard merged.entity != nil else { throw ClientError(.protocolError, "the timeline stream ended without its entity") }
        return merged
    }

    /// For each pair of the entities, the documents that mention both.
    public func cooccurrence(_ entities: [String], where restriction: String? = nil, examples: UInt64 = 3, asOf: Int64? = nil)
        async throws(ClientError) -> CooccurPage
    {
        let merged = try await self.callMerged(CooccurRequest(entities: entities, restriction: restriction, examples: examples, asOfMilliseconds: asOf))
        guard merged.documents != nil else { throw ClientError(.protocolError, "the co-occurrence stream ended without its totals") }
        return merged
    }
}

extension AxisConnection {
    /// One page of flows (rows or groups, as `request.group` asks), with the total and the
    /// next page's token.
    public func flows(_ request: FlowsRequest) async throws(ClientError) -> FlowPage {
        let page = try await self.callMerged(request)
        guard page.total != nil else { throw ClientError(.protocolError, "the flows stream ended without its total") }
        return page
    }
}
