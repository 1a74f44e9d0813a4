/// Which snapshots state flows, and per party which of them name it (as supplier or
/// recipient, rolled up or as named): what lets a flow question read only the snapshots that
/// can answer it. Rebuilt from the rows' flows on restore, not kept in the checkpoint.
struct FlowPostings: Sendable {
    /// Ascending sequences with at least one flow.
    private(set) var sequences: [UInt32] = []
    /// Per party ordinal, ascending sequences.
    private(set) var byParty: [UInt32: [UInt32]] = [:]

    mutating func add(_ flows: some Collection<IndexedFlow>, sequence: UInt32) {
        guard !flows.isEmpty else { return }
        self.sequences.append(sequence)
        var seen: [UInt32] = []
        for flow in flows {
            for party in [flow.supplier, flow.recipient, flow.supplierEntity, flow.recipientEntity] where !seen.contains(party) {
                seen.append(party)
                self.byParty[party, default: []].append(sequence)
            }
        }
    }

    /// The snapshots whose flows name any of `parties`, ascending.
    func sequences(naming parties: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        for party in parties {
            guard let list = self.byParty[party] else { continue }
            result = result.isEmpty ? list : SortedSets.union(result, list)
        }
        return result
    }

    /// About the bytes it holds.
    var bytes: Int { self.sequences.count * 4 + self.byParty.values.reduce(0) { $0 + $1.count * 4 + 48 } }
}
