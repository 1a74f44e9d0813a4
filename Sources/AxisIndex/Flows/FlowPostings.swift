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

/// A flow as a party's list holds it: 8 bytes.
///
/// It holds its snapshot's sequence, not its position: a walk needs the snapshot of every
/// entry (to test it once per snapshot) and the position only of those it keeps, found from
/// the row's first position and the entry's place in the row. A flow past the 127th of its
/// snapshot holds its position instead (`isFar`; its snapshot is then looked up).
struct FlowEntry: Sendable, Hashable {
    /// The snapshot's sequence, or the position for a far entry.
    var anchor: UInt32
    /// The pair ordinal (low 22 bits), the place in the snapshot (7 bits), the modality (2
    /// bits), whether the flow has a quantity (the top bit).
    var packed: UInt32

    /// The pair value of a flow whose pair is not in the table (read from the flow).
    static let unlistedPair = (1 << 22) - 1
    /// The place value of a far entry.
    static let farIndex = 127

    init(sequence: UInt32, index: Int, position: Int, pair: UInt32, modality: Flow.Modality, hasQuantity: Bool) {
        let far = index >= Self.farIndex
        self.anchor = far ? UInt32(truncatingIfNeeded: position) : sequence
        self.packed = min(pair, UInt32(Self.unlistedPair)) | UInt32(far ? Self.farIndex : index) << 22
            | UInt32(Self.modalityBits(modality)) << 29 | (hasQuantity ? 1 << 31 : 0)
    }

    private static func modalityBits(_ modality: Flow.Modality) -> UInt8 {
        switch modality {
        case .asserted: 0
        case .reported: 1
        case .possible: 2
        case .denied: 3
        }
    }

    @inline(__always) var pair: Int { Int(self.packed & 0x3F_FFFF) }

    @inline(__always) var index: Int { Int((self.packed >> 22) & 0x7F) }

    @inline(__always) var isFar: Bool { self.index == Self.farIndex }

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

/// Where entries are: their snapshots and positions, from the flow table's row starts.
struct FlowPlaces {
    /// `starts[r]`: the first position of row `r` (snapshot `r + 1`), and the number of flows last.
    let starts: UnsafeBufferPointer<UInt32>

    @inline(__always)
    func sequence(_ entry: FlowEntry) -> UInt32 {
        guard entry.isFar else { return entry.anchor }
        var finder = FlowSnapshotFinder(starts: self.starts)
        return finder.sequence(at: Int(entry.anchor))
    }

    /// The entry's position in the flat array (`Int.max` if its row is unknown).
    @inline(__always)
    func position(_ entry: FlowEntry) -> Int {
        if entry.isFar { return Int(entry.anchor) }
        let row = Int(entry.anchor) - 1
        guard row >= 0, row < self.starts.count else { return Int.max }
        return Int(self.starts[row]) + entry.index
    }
}

extension IndexState {
    /// Reads entries' snapshots and positions for the length of `body`.
    func withFlowPlaces<R>(_ body: (FlowPlaces) -> R) -> R {
        self.snapshotFlows.starts.withUnsafeBufferPointer { starts in body(FlowPlaces(starts: starts)) }
    }
}

/// What a party's entry states besides its position: the other side's roll-up and the item.
struct FlowPair: Sendable, Hashable {
    var counterpart: UInt32
    var item: UInt32
}
