/// One walk over the flows a question can match: the positions of its party's flows (or all
/// of them), each checked on its own fields first, then on its snapshot (visibility, dates,
/// source, tag, the restricting query) once per snapshot, then kept in the page's heap or
/// summed into its group. A value type with its state inline, so the loop touches no boxes.
struct FlowScan {
    let matcher: FlowMatcher
    let view: IndexView
    let through: UInt64
    let first: Int32?
    let last: Int32?
    var restriction: Restriction
    let grouped: Bool
    var rows: FlowRowSelection
    var groups = FlowGroupCounter()
    // The verdict on the last snapshot seen, for its other flows.
    private var lastSequence: UInt32 = 0
    private var lastAllowed = false
    private var lastDay: Int32 = 0
    private var lastSource: UInt32 = 0

    init(
        matcher: FlowMatcher, view: IndexView, through: UInt64, first: Int32?, last: Int32?, restriction: Restriction, grouped: Bool,
        keep: Int
    ) {
        self.matcher = matcher
        self.view = view
        self.through = through
        self.first = first
        self.last = last
        self.restriction = restriction
        self.grouped = grouped
        self.rows = FlowRowSelection(keep: keep)
    }

    mutating func run(_ state: IndexState, streamEntries: Bool) {
        let current = state.isCurrent(self.view)
        let visible = state.visibleNow
        if streamEntries, let (entries, isSupplierSide) = self.entryWalk(state.flowPostings) {
            self.walk(entries[...], supplierSide: isSupplierSide, state: state, current: current, visible: visible)
            return
        }
        state.withFlowPlaces { places in
            let positions = state.flowPostings.positions(suppliers: self.matcher.suppliers, recipients: self.matcher.recipients, places: places)
            state.snapshotFlows.withReader { flows in
                state.rows.withUnsafeBufferPointer { rows in
                    var snapshots = FlowSnapshotFinder(starts: places.starts)
                    if let positions {
                        for position in positions {
                            guard let flow = flows.flow(at: Int(position)) else { continue }
                            self.visit(
                                flow, position: position, sequence: snapshots.sequence(at: Int(position)), rows: rows,
                                state: state, current: current, visible: visible)
                        }
                    } else {
                        for position in 0..<flows.count {
                            guard let flow = flows.flow(at: position) else { continue }
                            self.visit(
                                flow, position: UInt32(position), sequence: snapshots.sequence(at: position), rows: rows,
                                state: state, current: current, visible: visible)
                        }
                    }
                }
            }
        }
    }

    /// The party list to stream through, when the question names one roll-up party on a side
    /// (the smaller list when it names one on each).
    func entryWalk(_ postings: FlowPostings) -> (entries: [FlowEntry], supplierSide: Bool)? {
        func list(_ parties: [UInt32]?, _ table: [UInt32: [FlowEntry]]) -> [FlowEntry]? {
            guard let parties, parties.count == 1, let party = parties.first, postings.isRollUp(party) else { return nil }
            return table[party] ?? []
        }
        let suppliers = list(self.matcher.suppliers, postings.bySupplier)
        let recipients = list(self.matcher.recipients, postings.byRecipient)
        switch (suppliers, recipients) {
        case (let a?, let b?): return a.count <= b.count ? (a, true) : (b, false)
        case (let a?, nil): return (a, true)
        case (nil, let b?): return (b, false)
        case (nil, nil): return nil
        }
    }

    /// Streams one party's entries: the other side, item and modality are checked on the entry
    /// and its pair; the flow itself is read only when the other side names a party that is
    /// not a roll-up (or the pair is not in the table).
    mutating func walk(_ entries: ArraySlice<FlowEntry>, supplierSide: Bool, state: IndexState, current: Bool, visible: VisibilityBits) {
        let party = (supplierSide ? self.matcher.suppliers : self.matcher.recipients)?.first ?? 0
        let others = supplierSide ? self.matcher.recipients : self.matcher.suppliers
        let othersAreRollUps = others.map { $0.allSatisfy(state.flowPostings.isRollUp) } ?? true
        state.withFlowPlaces { places in
            state.snapshotFlows.withReader { flows in
                state.rows.withUnsafeBufferPointer { rows in
                    state.flowPostings.pairs.withUnsafeBufferPointer { pairs in
                        state.flowPostings.amounts.withReader { amounts in
                            entries.withUnsafeBufferPointer { entries in
                                for entry in entries {
                                    var pair: FlowPair
                                    if entry.pair < pairs.count {
                                        pair = pairs[entry.pair]
                                    } else {
                                        guard let flow = flows.flow(at: places.position(entry)) else { continue }
                                        pair = FlowPair(counterpart: supplierSide ? flow.recipient : flow.supplier, item: flow.item)
                                    }
                                    if let items = self.matcher.items, !(Int(pair.item) < items.count && items[Int(pair.item)]) { continue }
                                    if !self.matcher.modalities.isEmpty && !self.matcher.modalities.contains(entry.modality) { continue }
                                    if let others {
                                        if othersAreRollUps {
                                            guard others.contains(pair.counterpart) else { continue }
                                        } else {
                                            guard let flow = flows.flow(at: places.position(entry)), self.matcher.allows(flow) else { continue }
                                        }
                                    }
                                    let sequence = places.sequence(entry)
                                    guard self.snapshotAllows(sequence, rows: rows, state: state, current: current, visible: visible) else {
                                        continue
                                    }
                                    let position = places.position(entry)
                                    guard position < flows.count else { continue }
                                    let hit = FlowHit(day: self.lastDay, sequence: sequence, position: UInt32(position))
                                    guard self.grouped else {
                                        self.rows.add(hit)
                                        continue
                                    }
                                    var quantity: (value: Double, upper: Double?)?
                                    if entry.hasQuantity, let amount = amounts[position] { quantity = (amount.low, amount.high) }
                                    let key = supplierSide
                                        ? FlowGroupCounter.Key(supplier: party, recipient: pair.counterpart, item: pair.item)
                                        : FlowGroupCounter.Key(supplier: pair.counterpart, recipient: party, item: pair.item)
                                    self.groups.add(
                                        key, modality: entry.modality, hasQuantity: entry.hasQuantity, hit: hit, source: self.lastSource,
                                        quantity: quantity)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private mutating func visit(
        _ flow: IndexedFlow, position: UInt32, sequence: UInt32, rows: UnsafeBufferPointer<SnapshotRow>, state: IndexState, current: Bool,
        visible: VisibilityBits
    ) {
        guard self.matcher.allows(flow) else { return }
        guard self.snapshotAllows(sequence, rows: rows, state: state, current: current, visible: visible) else { return }
        let hit = FlowHit(day: self.lastDay, sequence: sequence, position: position)
        if self.grouped {
            let quantity = state.flowPostings.amounts[Int(position)].map { (value: $0.low, upper: Optional($0.high)) }
            self.groups.add(
                FlowGroupCounter.Key(supplier: flow.supplier, recipient: flow.recipient, item: flow.item), modality: flow.modality,
                hasQuantity: flow.hasQuantity, hit: hit, source: self.lastSource, quantity: quantity)
        } else {
            self.rows.add(hit)
        }
    }

    /// Whether snapshot `sequence`'s flows may be counted, decided once for its flows (they
    /// arrive together) and kept with its day and source for the next.
    @inline(__always)
    private mutating func snapshotAllows(
        _ sequence: UInt32, rows: UnsafeBufferPointer<SnapshotRow>, state: IndexState, current: Bool, visible: VisibilityBits
    ) -> Bool {
        if sequence != self.lastSequence {
            self.lastSequence = sequence
            self.lastAllowed = self.allows(sequence, rows: rows, state: state, current: current, visible: visible)
        }
        return self.lastAllowed
    }

    /// Whether snapshot `sequence`'s flows may be counted; sets its day and source.
    private mutating func allows(
        _ sequence: UInt32, rows: UnsafeBufferPointer<SnapshotRow>, state: IndexState, current: Bool, visible: VisibilityBits
    ) -> Bool {
        let index = Int(sequence) - 1
        guard index >= 0, index < rows.count, UInt64(sequence) <= self.through else { return false }
        let row = rows[index]
        guard current ? visible.contains(UInt64(sequence)) : row.isVisible(sequence: UInt64(sequence), in: self.view) else { return false }
        guard self.restriction.allows(sequence) else { return false }
        let day = row.effectiveDay
        if let first = self.first, day < first { return false }
        if let last = self.last, day > last { return false }
        guard self.matcher.allows(row: row, tags: self.matcher.tag == nil ? [] : state.snapshotTags[index]) else { return false }
        self.lastDay = day
        self.lastSource = row.source
        return true
    }
}
