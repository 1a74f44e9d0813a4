/// Names in questions (queries, timelines, co-occurrence) resolved the same way everywhere:
/// gazetteer names and aliases, ids, and people the extractor discovered.
extension IndexState {
    /// Entity ids a name stands for, best first.
    func entityIDs(named name: String, gazetteer: Gazetteer) -> [String] {
        var ids = gazetteer.resolve(name).map(\.id)
        if let ordinal = self.entities.ordinal(of: name) ?? self.entities.discovered(named: name), let entry = self.entities[ordinal] {
            ids.insert(entry.id, at: 0)
        }
        return ids
    }

    /// The entity a name stands for in the index: of several, the one most documents mention.
    func bestEntity(named name: String, gazetteer: Gazetteer) -> UInt32? {
        self.mostMentioned(self.entityIDs(named: name, gazetteer: gazetteer))
    }

    /// Of entity ids (best first), the one in the index that most documents mention; the
    /// earlier one on a tie.
    func mostMentioned(_ ids: [String]) -> UInt32? {
        let candidates = ids.compactMap { self.entities.ordinal(of: $0) }
        return candidates.enumerated().max { a, b in
            (self.documentCounts[Int(a.element)], -a.offset) < (self.documentCounts[Int(b.element)], -b.offset)
        }?.element
    }

    /// A parsed query with its names looked up.
    func resolveQuery(_ node: QueryNode, gazetteer: Gazetteer) throws(QuerySyntaxError) -> ResolvedQuery {
        try self.resolve(node, gazetteer: gazetteer)
    }
}
