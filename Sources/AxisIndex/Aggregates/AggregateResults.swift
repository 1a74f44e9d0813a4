/// A question about an entity's documents over time or with other entities could not be
/// answered.
public enum AggregateError: Error, Sendable, Hashable {
    /// No entity has this name or id (the name as asked).
    case unknownEntity(String)
    /// No entity has the name given for one of a question's fields (a flow's supplier,
    /// recipient or item).
    case unknownEntityIn(field: String, name: String)
    /// The restricting query (`where`) does not parse or names an unknown entity.
    case restriction(QuerySyntaxError)
    /// A `since` or `until` that is not a date.
    case badDate(field: String, text: String)
    /// The timeline would have more periods than a reply may carry.
    case tooManyPeriods(Int)
    /// A page token that is not one of this question's.
    case badToken
}

/// One period of a timeline.
public struct TimelinePeriod: Sendable, Hashable {
    /// The period's first day, `YYYY-MM-DD`.
    public var start: String
    /// Documents (their versions current in the view) dated in the period that mention the entity.
    public var documents: Int
    /// The entity's mentions in those documents.
    public var mentions: Int
}

/// How often an entity is mentioned per period, by each document's published date (else the
/// day it was stored).
public struct Timeline: Sendable {
    public var entity: EntitySummary
    public var interval: TimelineInterval
    /// Every period from the first to the last (or from `since` to `until`), empty ones included.
    public var periods: [TimelinePeriod]
    public var documents: Int
    public var mentions: Int
    public var view: IndexView
}

/// How many documents mention both entities of a pair.
public struct CooccurrencePair: Sendable, Hashable {
    public var first: String
    public var second: String
    public var documents: Int
    /// Keys of some of those documents, newest first.
    public var examples: [String]
}

/// Which of several entities appear in the same documents.
public struct Cooccurrence: Sendable {
    /// The entities as asked, each with the documents (in the restriction) that mention it.
    public var entities: [EntitySummary]
    /// Every pair, in the order of the entities asked (first with second, first with third, ...).
    public var pairs: [CooccurrencePair]
    /// The documents the restriction allows (all visible documents without one).
    public var documents: Int
    public var view: IndexView
}
