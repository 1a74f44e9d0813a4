/// Where each party's flows are, laid out for walking.
///
/// Per roll-up party (a country, or a party that acts for itself) the flows it supplies and
/// the flows it receives, each as an 8-byte `FlowEntry` (its snapshot, its place among the
/// snapshot's flows, the pair it states, its modality and whether it has a quantity) in
/// ascending order, so a one-party question streams through one small array instead of
/// loading the flows scattered over the whole index. The pair (the other side's roll-up and
/// the item) is interned once for the whole index: a few thousand pairs where there are
/// millions of flows. Parties named in a sentence that roll up to another (a capital, a
/// ministry) keep only the positions of their flows in the flat array. Rebuilt from the
/// snapshots' flows on restore; not in the checkpoint.
struct FlowPostings: Sendable {
    /// Positions above this are not listed (2^29 flows: far beyond what one index holds).
    static let maxPosition = (1 << 29) - 1

    /// Flows in all.
    private(set) var count = 0
    /// Per flow position: its quantity's value and upper bound, for the groups' ranges (only
    /// flows with a quantity take room).
    private(set) var amounts = FlowAmounts()
    /// The (other side, item) pairs entries name, by ordinal.
    private(set) var pairs: [FlowPair] = []
    private var pairOrdinals: [FlowPair: UInt32] = [:]
    /// Per roll-up ordinal: the flows it supplies (pair: the recipient's roll-up and the item).
    private(set) var bySupplier: [UInt32: [FlowEntry]] = [:]
    /// Per roll-up ordinal: the flows it receives (pair: the supplier's roll-up and the item).
    private(set) var byRecipient: [UInt32: [FlowEntry]] = [:]
    /// Per named party that is not its own roll-up: positions of the flows it supplies.
    private(set) var namedSupplier: [UInt32: [UInt32]] = [:]
    private(set) var namedRecipient: [UInt32: [UInt32]] = [:]

    /// Adds snapshot `sequence`'s flows, which start at `firstPosition` in the flat array
    /// (snapshots are added in position order).
    mutating func add(
        _ flows: some Collection<IndexedFlow>, sequence: UInt32, firstPosition: Int, quantities: some Collection<IndexedQuantity>
    ) {
        var position = firstPosition
        for flow in flows {
            defer { position += 1 }
            self.count += 1
            var amount: FlowAmount?
            if flow.hasQuantity, Int(flow.quantity) < quantities.count {
                let quantity = quantities[quantities.index(quantities.startIndex, offsetBy: Int(flow.quantity))]
                amount = FlowAmount(low: quantity.value, high: quantity.valueMax.isNaN ? quantity.value : max(quantity.value, quantity.valueMax))
            }
            self.amounts.append(amount)
            guard position <= Self.maxPosition else { continue }
            let index = position - firstPosition
            let supplied = self.pair(FlowPair(counterpart: flow.recipient, item: flow.item))
            let received = self.pair(FlowPair(counterpart: flow.supplier, item: flow.item))
            self.bySupplier[flow.supplier, default: []].append(
                FlowEntry(sequence: sequence, index: index, position: position, pair: supplied, modality: flow.modality, hasQuantity: flow.hasQuantity))
            self.byRecipient[flow.recipient, default: []].append(
                FlowEntry(sequence: sequence, index: index, position: position, pair: received, modality: flow.modality, hasQuantity: flow.hasQuantity))
            if flow.supplierEntity != flow.supplier { self.namedSupplier[flow.supplierEntity, default: []].append(UInt32(position)) }
            if flow.recipientEntity != flow.recipient { self.namedRecipient[flow.recipientEntity, default: []].append(UInt32(position)) }
        }
    }

    /// The pair's ordinal (`FlowEntry.unlistedPair` once the table is full).
    private mutating func pair(_ pair: FlowPair) -> UInt32 {
        if let ordinal = self.pairOrdinals[pair] { return ordinal }
        guard self.pairs.count < FlowEntry.unlistedPair else { return UInt32(FlowEntry.unlistedPair) }
        let ordinal = UInt32(truncatingIfNeeded: self.pairs.count)
        self.pairs.append(pair)
        self.pairOrdinals[pair] = ordinal
        return ordinal
    }

    /// Whether `party` only ever appears rolled up (a country, or a party acting for itself).
    func isRollUp(_ party: UInt32) -> Bool {
        self.namedSupplier[party] == nil && self.namedRecipient[party] == nil
    }

    /// The positions of flows whose supplier (or recipient) is one of `parties`, rolled up or
    /// as named, ascending; nil for "any".
    func positions(suppliers: [UInt32]?, recipients: [UInt32]?, places: FlowPlaces) -> [UInt32]? {
        let supplierSide = suppliers.map { self.positions(of: $0, entries: self.bySupplier, named: self.namedSupplier, places: places) }
        let recipientSide = recipients.map { self.positions(of: $0, entries: self.byRecipient, named: self.namedRecipient, places: places) }
        switch (supplierSide, recipientSide) {
        case (let a?, let b?): return a.count <= b.count ? a : b
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    private func positions(of parties: [UInt32], entries: [UInt32: [FlowEntry]], named: [UInt32: [UInt32]], places: FlowPlaces) -> [UInt32] {
        var result: [UInt32] = []
        for party in parties {
            var list = named[party] ?? []
            if let listed = entries[party] { list = SortedSets.union(list, listed.map { UInt32(truncatingIfNeeded: places.position($0)) }) }
            result = result.isEmpty ? list : SortedSets.union(result, list)
        }
        return result
    }

    /// Gives back the capacity the lists grew beyond their contents.
    mutating func compact() {
        self.amounts.compact()
        self.pairs = self.pairs.exactCopy()
        for (party, list) in self.bySupplier { self.bySupplier[party] = list.exactCopy() }
        for (party, list) in self.byRecipient { self.byRecipient[party] = list.exactCopy() }
        for (party, list) in self.namedSupplier { self.namedSupplier[party] = list.exactCopy() }
        for (party, list) in self.namedRecipient { self.namedRecipient[party] = list.exactCopy() }
    }

    /// About the bytes it holds.
    var bytes: Int {
        let amounts = self.amounts.bytes
        let pairs = self.pairs.capacity * MemoryLayout<FlowPair>.stride + self.pairOrdinals.capacity * (MemoryLayout<FlowPair>.stride + 4 + 1)
        let entries = (self.bySupplier.values.reduce(0) { $0 + $1.capacity } + self.byRecipient.values.reduce(0) { $0 + $1.capacity })
            * MemoryLayout<FlowEntry>.stride
        let named = (self.namedSupplier.values.reduce(0) { $0 + $1.capacity } + self.namedRecipient.values.reduce(0) { $0 + $1.capacity }) * 4
        return amounts + pairs + entries + named + (self.bySupplier.count + self.byRecipient.count + self.namedSupplier.count + self.namedRecipient.count) * 48
    }
}
