/// Where each party's flows are, laid out for walking.
///
/// Per roll-up party (a country, or a party that acts for itself) the flows it supplies and
/// the flows it receives, each as a 16-byte `FlowEntry` holding what a question checks and
/// groups by (the snapshot, the other side's roll-up, the item, the modality, whether it has a
/// quantity) in ascending order: a one-party question streams through one small array instead
/// of loading 40-byte flows scattered over the whole index. Parties named in a sentence that
/// roll up to another (a capital, a ministry) keep only the positions of their flows in the
/// flat array. Rebuilt from the snapshots' flows on restore; not in the checkpoint.
struct FlowPostings: Sendable {
    /// Positions above this are not listed (2^29 flows: far beyond what one index holds).
    static let maxPosition = (1 << 29) - 1

    /// Flows in all.
    private(set) var count = 0
    /// Per flow position: its quantity's value and upper bound (NaN when it has none), next to
    /// each other so that summing a party's quantities reads 16 bytes a flow, not the flow and
    /// then the snapshot's quantity list (two cache misses a flow).
    private(set) var amounts: [FlowAmount] = []
    /// Per roll-up ordinal: the flows it supplies (counterpart: the recipient's roll-up).
    private(set) var bySupplier: [UInt32: [FlowEntry]] = [:]
    /// Per roll-up ordinal: the flows it receives (counterpart: the supplier's roll-up).
    private(set) var byRecipient: [UInt32: [FlowEntry]] = [:]
    /// Per named party that is not its own roll-up: positions of the flows it supplies.
    private(set) var namedSupplier: [UInt32: [UInt32]] = [:]
    private(set) var namedRecipient: [UInt32: [UInt32]] = [:]

    /// Adds one snapshot's flows, which start at `firstPosition` in the flat array.
    mutating func add(_ flows: some Collection<IndexedFlow>, firstPosition: Int, quantities: some Collection<IndexedQuantity>) {
        var position = firstPosition
        for flow in flows {
            defer { position += 1 }
            self.count += 1
            var amount = FlowAmount.none
            if flow.hasQuantity, Int(flow.quantity) < quantities.count {
                let quantity = quantities[quantities.index(quantities.startIndex, offsetBy: Int(flow.quantity))]
                amount = FlowAmount(low: quantity.value, high: quantity.valueMax.isNaN ? quantity.value : max(quantity.value, quantity.valueMax))
            }
            self.amounts.append(amount)
            guard position <= Self.maxPosition else { continue }
            let packed = UInt32(position) | UInt32(Self.modalityBits(flow.modality)) << 29 | (flow.hasQuantity ? 1 << 31 : 0)
            self.bySupplier[flow.supplier, default: []].append(
                FlowEntry(sequence: flow.sequence, packed: packed, counterpart: flow.recipient, item: flow.item))
            self.byRecipient[flow.recipient, default: []].append(
                FlowEntry(sequence: flow.sequence, packed: packed, counterpart: flow.supplier, item: flow.item))
            if flow.supplierEntity != flow.supplier { self.namedSupplier[flow.supplierEntity, default: []].append(UInt32(position)) }
            if flow.recipientEntity != flow.recipient { self.namedRecipient[flow.recipientEntity, default: []].append(UInt32(position)) }
        }
    }

    private static func modalityBits(_ modality: Flow.Modality) -> UInt8 {
        switch modality {
        case .asserted: 0
        case .reported: 1
        case .possible: 2
        case .denied: 3
        }
    }

    /// Whether `party` only ever appears rolled up (a country, or a party acting for itself).
    func isRollUp(_ party: UInt32) -> Bool {
        self.namedSupplier[party] == nil && self.namedRecipient[party] == nil
    }

    /// The positions of flows whose supplier (or recipient) is one of `parties`, rolled up or
    /// as named, ascending; nil for "any".
    func positions(suppliers: [UInt32]?, recipients: [UInt32]?) -> [UInt32]? {
        let supplierSide = suppliers.map { self.positions(of: $0, entries: self.bySupplier, named: self.namedSupplier) }
        let recipientSide = recipients.map { self.positions(of: $0, entries: self.byRecipient, named: self.namedRecipient) }
        switch (supplierSide, recipientSide) {
        case (let a?, let b?): return a.count <= b.count ? a : b
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    private func positions(of parties: [UInt32], entries: [UInt32: [FlowEntry]], named: [UInt32: [UInt32]]) -> [UInt32] {
        var result: [UInt32] = []
        for party in parties {
            var list = named[party] ?? []
            if let listed = entries[party] { list = SortedSets.union(list, listed.map { UInt32($0.position) }) }
            result = result.isEmpty ? list : SortedSets.union(result, list)
        }
        return result
    }

    /// Gives back the capacity the lists grew beyond their contents.
    mutating func compact() {
        self.amounts = self.amounts.exactCopy()
        for (party, list) in self.bySupplier { self.bySupplier[party] = list.exactCopy() }
        for (party, list) in self.byRecipient { self.byRecipient[party] = list.exactCopy() }
        for (party, list) in self.namedSupplier { self.namedSupplier[party] = list.exactCopy() }
        for (party, list) in self.namedRecipient { self.namedRecipient[party] = list.exactCopy() }
    }

    /// About the bytes it holds.
    var bytes: Int {
        let amounts = self.amounts.capacity * MemoryLayout<FlowAmount>.stride
        let entries = (self.bySupplier.values.reduce(0) { $0 + $1.capacity } + self.byRecipient.values.reduce(0) { $0 + $1.capacity })
            * MemoryLayout<FlowEntry>.stride
        let named = (self.namedSupplier.values.reduce(0) { $0 + $1.capacity } + self.namedRecipient.values.reduce(0) { $0 + $1.capacity }) * 4
        return amounts + entries + named + (self.bySupplier.count + self.byRecipient.count + self.namedSupplier.count + self.namedRecipient.count) * 48
    }
}

/// A flow as a party's list holds it: 16 bytes.
struct FlowEntry: Sendable, Hashable {
    var sequence: UInt32
    /// The position in the flat array (low 29 bits), the modality (2 bits), whether the flow
    /// has a quantity (the top bit).
    var packed: UInt32
    /// The other side's roll-up.
    var counterpart: UInt32
    var item: UInt32

    @inline(__always) var position: Int { Int(self.packed & 0x1FFF_FFFF) }

    @inline(__always) var hasQuantity: Bool { self.packed >> 31 != 0 }

    @inline(__always) var modality: Flow.Modality {
        switch (self.packed >> 29) & 3 {
        case 0: .asserted
        case 1: .reported
        case 2: .possible
        default: .denied
        }
    }
}

/// A flow's quantity for sums: its value and upper bound (the value when it is no range).
struct FlowAmount: Sendable, Hashable {
    var low: Double
    var high: Double

    static let none = FlowAmount(low: .nan, high: .nan)

    var isNone: Bool { self.low.isNaN }
}
