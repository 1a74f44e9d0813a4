/// What a query answers with (the server adds titles and snippets).
public struct QueryOutcome: Sendable {
    /// This page's hits, best first.
    public var hits: [RankedHit]
    /// Hits in all.
    public var total: Int
    /// The token for the next page, when there is one.
    public var next: ResumeToken?
    /// For each entity type, the entities most mentioned among the best hits.
    public var facets: [Facet]
    /// The view the query ran in (pinned by the first page).
    public var view: IndexView
    /// The query's terms, entities and types, for marking them in snippets.
    public var terms: Set<String>
    public var entities: Set<String>
    public var types: Set<EntityType>
    /// The names the query's entities go by, compiled to find them in snippets without
    /// extracting the text.
    public var entityNames: EntityNames
}

/// A name an entity goes by.
public struct EntityForm: Sendable, Hashable {
    public var text: String
    public var entityID: String
}

public struct RankedHit: Sendable, Hashable {
    public var sequence: UInt64
    public var key: String
    public var version: UInt32
    public var score: Double
    /// Published date, else the day stored, `YYYY-MM-DD`.
    public var day: String
}

/// Entities of one type and how many of the counted hits mention each.
public struct Facet: Sendable, Hashable {
    public var type: EntityType
    public var entities: [EntitySummary]
}

/// Options of one query.
public struct QueryOptions: Sendable {
    public var limit: Int
    public var after: ResumeToken?
    /// Entities per type in the facets; 0: none.
    public var facets: Int
    /// Run against the documents as they stood at this time (ms since 1970).
    public var asOf: Int64?
    /// Whether a one-entity first page may be ranked in one pass (tests turn it off to
    /// compare with the general path, which must give the same result).
    var singlePass = true

    public init(limit: Int = 10, after: ResumeToken? = nil, facets: Int = 5, asOf: Int64? = nil) {
        self.limit = limit
        self.after = after
        self.facets = facets
        self.asOf = asOf
    }
}
