/// How far a checkpoint (or a journal record) went: the sizes of the index's append-only
/// columns then, so that the next journal record holds only what came after.
public struct CheckpointMark: Sendable, Equatable {
    /// The last sequence covered (= rows).
    public let sequence: UInt64
    let entities: Int
    let documents: Int
    let sources: Int
    let tags: Int
    let units: Int
    let terms: Int
    /// Per term, the bytes of its postings then (documents, positions).
    let termDocumentBytes: [UInt32]
    let termPositionBytes: [UInt32]

    init(_ state: IndexState) {
        self.sequence = UInt64(state.rows.count)
        self.entities = state.entities.count
        self.documents = state.documents.strings.count
        self.sources = state.sources.strings.count
        self.tags = state.tags.strings.count
        self.units = state.units.strings.count
        self.terms = state.terms.strings.count
        self.termDocumentBytes = state.termPostings.map { UInt32(truncatingIfNeeded: $0.documents.count) }
        self.termPositionBytes = state.termPostings.map { UInt32(truncatingIfNeeded: $0.positions.count) }
    }
}

/// A checkpoint decoded but not yet restored: the state's columns and the rows, to which
/// journal records append before `IndexState.restore` derives the rest once.
struct CheckpointColumns {
    var state: IndexState
    var rows: [SnapshotRow]

    var sequence: UInt64 { UInt64(self.rows.count) }
}
