import Synchronization

/// Grouped reports of the largest parties, summed before anyone asks.
///
/// A party's first grouped report walks every one of its entries (about 10 ms for the
/// 180,000 statements naming Russia at 200,000 documents); every later report merges the sums
/// kept per block of snapshots (`FlowGroupBlocks`) and walks only blocks that changed. The
/// parties with the most entries are the ones asked about and the only ones whose walk is
/// slow, so the indexer sums them when it has caught up with a large backlog (at start,
/// after a restore or a bulk import): the first analyst to ask gets the kept answer.
extension EntityIndex {
    /// Party-sides summed by a warm-up, at most (the kept sums hold 64).
    public static let warmedPartySides = 16
    /// A party-side with fewer entries is walked on demand: its first report is cheap.
    public static let warmEntriesThreshold = 20_000

    /// Sums the grouped reports of the party-sides with the most entries (at least
    /// `minimumEntries`, at most `maxPartySides`), each under the lock on its own so that
    /// questions and the indexer interleave. Returns the party-sides summed.
    @discardableResult
    public func warmFlowSums(
        maxPartySides: Int = EntityIndex.warmedPartySides, minimumEntries: Int = EntityIndex.warmEntriesThreshold
    ) -> Int {
        let sides = self.state.withReadLock { state -> [FlowGroupBlocks.Party] in
            var sides: [(party: FlowGroupBlocks.Party, entries: Int)] = []
            for (party, entries) in state.flowPostings.bySupplier where entries.count >= minimumEntries && state.flowPostings.isRollUp(party) {
                sides.append((FlowGroupBlocks.Party(ordinal: party, supplierSide: true), entries.count))
            }
            for (party, entries) in state.flowPostings.byRecipient where entries.count >= minimumEntries && state.flowPostings.isRollUp(party) {
                sides.append((FlowGroupBlocks.Party(ordinal: party, supplierSide: false), entries.count))
            }
            let kept = min(max(0, maxPartySides), state.flowGroupBlocks.maxParties)
            return sides.sorted { ($0.entries, $0.party.ordinal) > ($1.entries, $1.party.ordinal) }.prefix(kept).map(\.party)
        }
        for side in sides {
            self.state.withLock { state in
                let view = IndexView(asOf: nil, through: state.indexedSequence)
                var scan = FlowScan(
                    matcher: FlowMatcher(party: side.ordinal, supplierSide: side.supplierSide), view: view, through: state.indexedSequence,
                    first: nil, last: nil, restriction: Restriction(sequences: nil), grouped: true, keep: 0)
                _ = state.runFromKeptSums(&scan)
            }
        }
        return sides.count
    }

    /// Whether the sums of `party`'s grouped report (as supplier or recipient) are kept for
    /// every block that holds its entries (for tests and logs).
    func flowSumsKept(party: String, supplierSide: Bool) -> Bool {
        self.state.withReadLock { state in
            guard let ordinal = state.entities.ordinal(of: party) else { return false }
            let side = FlowGroupBlocks.Party(ordinal: ordinal, supplierSide: supplierSide)
            let entries = (supplierSide ? state.flowPostings.bySupplier : state.flowPostings.byRecipient)[ordinal] ?? []
            return state.withFlowPlaces { places in
                entries.allSatisfy { state.flowGroupBlocks.isKept(side, sequence: places.sequence($0)) }
            }
        }
    }
}
