import Synchronization

/// How much memory the index holds, by part (an estimate from the sizes of its arrays and
/// tables, for `axbench query` and the logs).
public struct IndexFootprint: Sendable {
    public var rows: Int
    public var entityLists: Int
    public var entityPostings: Int
    public var termPostings: Int
    public var dictionaries: Int
    /// Each snapshot's flows and the per-party flow postings (part of no other figure).
    public var flows: Int
    /// Of `flows`: the grouped reports' sums kept per block (`FlowGroupBlocks`).
    public var keptFlowSums: Int

    public var total: Int { self.rows + self.entityLists + self.entityPostings + self.termPostings + self.dictionaries + self.flows }
}

extension EntityIndex {
    public var footprint: IndexFootprint {
        self.state.withReadLock { state in
            func strings(_ values: [String]) -> Int {
                // Each string: its bytes beyond the 15 kept inline, the array slot, and a table entry.
                values.reduce(0) { $0 + ($1.utf8.count > 15 ? $1.utf8.count + 32 : 0) + 16 + 40 }
            }
            func ragged<T>(_ rows: RaggedRows<T>) -> Int {
                rows.values.capacity * MemoryLayout<T>.stride + rows.starts.capacity * 4
            }
            return IndexFootprint(
                rows: state.rows.capacity * MemoryLayout<SnapshotRow>.stride + state.lengths.capacity * 4 + state.latest.capacity * 4,
                entityLists: ragged(state.snapshotEntities) + ragged(state.snapshotQuantities) + ragged(state.snapshotTags),
                entityPostings: state.postings.reduce(0) { $0 + $1.bytes.capacity + 48 } + state.documentCounts.capacity * 12,
                termPostings: state.termPostings.reduce(0) { $0 + $1.byteCount },
                dictionaries: strings(state.documents.strings) + strings(state.terms.strings) + strings(state.sources.strings)
                    + strings(state.tags.strings) + strings(state.units.strings) + state.entities.count * 120,
                flows: state.snapshotFlows.bytes + state.flowPostings.bytes + state.flowGroupBlocks.bytes,
                keptFlowSums: state.flowGroupBlocks.bytes)
        }
    }
}
