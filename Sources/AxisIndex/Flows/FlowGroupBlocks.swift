/// Grouped flow reports of one party over the current view, summed per block of snapshots and
/// kept between questions.
///
/// A report such as "every supplier of Russia" walks all of the party's entries (180,000 at
/// 200,000 documents) to sum a hundred groups. Sums of blocks of snapshots merge into the
/// sums of the whole (counts add, days and quantities take their extremes, the best and
/// newest statements compare, source sets unite), so each block is walked once and its sums
/// kept until a snapshot in it changes: a new snapshot (the last block), a new version or a
/// delete (the block of the version it replaces). Only the plain question is kept this way,
/// one party on one side with at most items and roll-up parties on the other, which group
/// keys can filter afterwards; dates, modalities, sources, tags, a restricting query and
/// views of the past walk the entries as before (`FlowScan`).
struct FlowGroupBlocks: Sendable {
    /// Snapshots per block: a block walked again after a change costs about this many
    /// snapshots' statements of the party.
    let blockSnapshots: Int
    /// Parties (each side counting apart) whose sums are kept; past it the sums are dropped
    /// and gathered again, so the memory they hold stays bounded (a party's sums hold its
    /// groups once per block: about 100 groups of 180 bytes per block for a large party).
    let maxParties: Int

    struct Party: Hashable, Sendable {
        var ordinal: UInt32
        var supplierSide: Bool
    }

    /// Per block, per party: the sums of its flows in that block's snapshots.
    private var sums: [Int: [Party: FlowGroupCounter.Kept]] = [:]
    private var parties: Set<Party> = []

    init(blockSnapshots: Int = 16_384, maxParties: Int = 64) {
        self.blockSnapshots = max(1, blockSnapshots)
        self.maxParties = max(1, maxParties)
    }

    /// Forgets the sums of the block holding `sequence`: it was added, or its visibility changed.
    mutating func invalidate(sequence: UInt32) {
        guard !self.sums.isEmpty, sequence >= 1 else { return }
        self.sums[self.block(of: sequence)] = nil
    }

    mutating func removeAll() {
        self.sums = [:]
        self.parties = []
    }

    /// The party's groups over the current view, from kept sums where the block has not
    /// changed, walking `entries` (the party's, in order) with `walk` for the others.
    mutating func groups(
        of party: Party, entries: [FlowEntry], places: FlowPlaces, walk: (ArraySlice<FlowEntry>) -> FlowGroupCounter
    ) -> FlowGroupCounter {
        if !self.parties.contains(party) {
            if self.parties.count >= self.maxParties { self.removeAll() }
            self.parties.insert(party)
        }
        var total = FlowGroupCounter()
        var start = 0
        while start < entries.count {
            let block = self.block(of: places.sequence(entries[start]))
            // Where the next block starts: found by search, so a kept block costs no walk.
            let end = max(start + 1, SortedSets.lowerBound(entries, (block + 1) * self.blockSnapshots + 1, from: start) { Int(places.sequence($0)) })
            // A block still filling (the last one) is kept too: the next snapshot forgets it.
            if let kept = self.sums[block]?[party] {
                total.merge(kept)
            } else {
                let counted = walk(entries[start..<end])
                self.sums[block, default: [:]][party] = counted.kept
                total.merge(counted)
            }
            start = end
        }
        return total
    }

    /// Whether `party`'s sums are kept for the block holding `sequence`.
    func isKept(_ party: Party, sequence: UInt32) -> Bool {
        self.sums[self.block(of: sequence)]?[party] != nil
    }

    private func block(of sequence: UInt32) -> Int {
        (Int(sequence) - 1) / self.blockSnapshots
    }

    /// About the bytes the kept sums hold.
    var bytes: Int {
        self.sums.values.reduce(0) { sum, parties in sum + parties.values.reduce(0) { $0 + $1.bytes } }
    }
}
