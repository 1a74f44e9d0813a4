/// What the entity index answers with. Ids and names, no ordinals: these leave the index.

/// An entity with how many documents (their visible snapshots) mention it, and how often.
public struct EntitySummary: Sendable, Hashable {
    public var id: String
    public var type: EntityType
    public var name: String
    public var discovered: Bool
    public var documents: Int
    public var mentions: Int
}

/// A document that mentions an entity.
public struct EntityDocument: Sendable, Hashable {
    public var key: String
    /// The snapshot's sequence number (the server looks up its title and metadata).
    public var sequence: UInt64
    public var version: UInt32
    public var mentions: Int
    /// Published date as `YYYY-MM-DD` (or the day it was stored).
    public var day: String
}

/// One entity in depth.
public struct EntityReport: Sendable, Hashable {
    public var entity: EntitySummary
    /// Entities mentioned in the same documents, by the number of documents shared.
    public var cooccurring: [EntitySummary]
    /// The documents mentioning it, newest first.
    public var latestDocuments: [EntityDocument]
}

/// A quantity found in a snapshot.
public struct QuantityView: Sendable, Hashable {
    public var value: Double
    public var valueMax: Double?
    public var qualifier: Quantity.Qualifier
    public var unitEntityID: String?
    public var unitText: String
    public var sentence: Int
}

/// A flow found in a snapshot.
public struct FlowView: Sendable, Hashable {
    public var supplier: String
    public var recipient: String
    public var item: String
    public var modality: Flow.Modality
    public var sentence: Int
    /// The flow's own quantity, when its sentence gives one.
    public var quantity: QuantityView?
}

/// An entity and its mention count in one snapshot.
public struct EntityOccurrence: Sendable, Hashable {
    public var entity: EntitySummary
    public var count: Int
}

/// Everything the index holds for one snapshot.
public struct SnapshotEntities: Sendable, Hashable {
    public var sequence: UInt64
    /// Entities with their mention counts in this snapshot, most mentioned first.
    public var entities: [EntityOccurrence]
    public var quantities: [QuantityView]
    public var flows: [FlowView]
}
