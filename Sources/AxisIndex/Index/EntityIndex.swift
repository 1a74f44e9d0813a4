/// The entity index: which snapshots mention which entities, how often, and with which
/// quantities and flows; plus, for every document, which snapshot is its latest.
///
/// It indexes every snapshot, not only the latest ones, so that a question can be asked "as
/// of" a time: each snapshot is visible from its ingest time until the next version of its
/// document (or its delete). Snapshots arrive in sequence order from the server's indexer.
/// Reads share a reader-writer lock (queries on two cores run at once); the indexer's writes,
/// short, take it alone.
public final class EntityIndex: Sendable {
    public let gazetteer: Gazetteer
    let state: ReadWriteLocked<IndexState>

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.state = ReadWriteLocked(IndexState(gazetteer: gazetteer))
    }

    init(gazetteer: Gazetteer, state: IndexState) {
        self.gazetteer = gazetteer
        self.state = ReadWriteLocked(state)
    }

    /// Takes over `other`'s contents (a checkpoint restored while the server already
    /// listens): from now on this index answers as `other` did. `other` is not used after.
    public func adopt(_ other: EntityIndex) {
        let restored = other.state.withReadLock { $0 }
        self.state.withLock { $0 = restored }
    }

    /// The highest sequence number indexed (every lower one is too).
    public var indexedSequence: UInt64 { self.state.withReadLock { $0.indexedSequence } }

    /// Adds snapshots, in sequence order (already indexed ones are skipped).
    public func add(_ snapshots: [IndexedSnapshot]) {
        self.state.withLock { state in
            for snapshot in snapshots { state.add(snapshot) }
        }
    }

    /// Entity ids that `nameOrID` names: an id, a gazetteer name, alias, demonym or short form,
    /// or the name of a discovered person. Best first.
    public func resolve(_ nameOrID: String) -> [String] {
        var ids = self.gazetteer.resolve(nameOrID).map(\.id)
        self.state.withReadLock { state in
            if let ordinal = state.entities.ordinal(of: nameOrID), let entry = state.entities[ordinal], entry.discovered {
                ids.insert(entry.id, at: 0)
            } else if let ordinal = state.entities.discovered(named: nameOrID), let entry = state.entities[ordinal] {
                ids.append(entry.id)
            }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
