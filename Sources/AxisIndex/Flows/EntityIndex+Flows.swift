import Synchronization

/// Flows asked about directly: every stated flow of every visible snapshot, filtered, as rows
/// or grouped by supplier → recipient : item. The index keeps each snapshot's flows with the
/// snapshot (the same views as queries: current versions, as of a time, deletes) and, per
/// party, the snapshots that name it; a question reads only those snapshots' small flow
/// lists, compares ordinals, and builds strings only for the page it returns.
extension EntityIndex {
    /// The most rows or groups one page may have.
    public static let maxFlowPage = 1_000
    /// The furthest a page token may point (no index holds this many flows).
    static let maxFlowOffset = 1 << 40

    /// One page of the flows `filter` matches.
    /// - Parameters:
    ///   - grouped: groups (supplier → recipient : item) instead of rows.
    ///   - limit: rows or groups per page.
    ///   - after: the previous page's token: the next page runs in the same view.
    public func flows(_ filter: FlowFilter, grouped: Bool, limit: Int, after: String? = nil) throws(AggregateError) -> FlowResults {
        try self.flows(filter, grouped: grouped, limit: limit, after: after, streamEntries: true)
    }

    /// - Parameter streamEntries: false walks flow positions even where a party's entries
    ///   could be streamed (tests compare the two walks).
    func flows(_ filter: FlowFilter, grouped: Bool, limit: Int, after: String?, streamEntries: Bool) throws(AggregateError) -> FlowResults {
        let first = try Self.day(filter.since, field: "since", end: false)
        let last = try Self.day(filter.until, field: "until", end: true)
        let node = try Self.parse(filter.restriction)
        let question = (grouped ? "groups" : "rows") + "\u{1F}" + filter.canonical
        var token: ResumeToken?
        if let after {
            // The token comes from the client: its offset is checked before any arithmetic.
            guard let parsed = ResumeToken(text: after, query: question), parsed.sequence <= UInt64(Self.maxFlowOffset) else { throw .badToken }
            token = parsed
        }
        let gazetteer = self.gazetteer
        let limit = min(max(1, limit), Self.maxFlowPage)
        return try self.state.withLock { state throws(AggregateError) -> FlowResults in
            let view = token?.view ?? IndexView(asOf: filter.asOf, through: state.indexedSequence)
            let matcher = try FlowMatcher(filter: filter, state: state, gazetteer: gazetteer)
            let restriction = try state.restriction(node, in: view, gazetteer: gazetteer)
            let offset = Int(clamping: token?.sequence ?? 0)
            var scan = FlowScan(
                matcher: matcher, view: view, through: min(view.through, state.indexedSequence), first: first, last: last,
                restriction: restriction, grouped: grouped, keep: offset + limit)
            scan.run(state, streamEntries: streamEntries)
            var results = FlowResults(view: view)
            if grouped {
                let ordered = scan.groups.ordered()
                results.total = ordered.count
                results.groups = ordered.dropFirst(offset).prefix(limit).map { state.flowGroup($0) }
            } else {
                results.total = scan.rows.count
                results.rows = scan.rows.best().dropFirst(offset).map { state.flowRow($0) }
            }
            let shown = offset + (grouped ? results.groups.count : results.rows.count)
            if shown < results.total {
                results.next = ResumeToken(view: view, score: 0, sequence: UInt64(shown), query: question)
            }
            return results
        }
    }
}

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
            self.walk(entries, supplierSide: isSupplierSide, state: state, current: current, visible: visible)
            return
        }
        let positions = state.flowPostings.positions(suppliers: self.matcher.suppliers, recipients: self.matcher.recipients)
        state.snapshotFlows.withValues { flows in
            state.rows.withUnsafeBufferPointer { rows in
                if let positions {
                    for position in positions where Int(position) < flows.count {
                        self.visit(flows[Int(position)], position: position, rows: rows, state: state, current: current, visible: visible)
                    }
                } else {
                    for position in 0..<flows.count {
                        self.visit(flows[position], position: UInt32(position), rows: rows, state: state, current: current, visible: visible)
                    }
                }
            }
        }
    }

    /// The party list to stream through, when the question names one roll-up party on a side
    /// (the smaller list when it names one on each).
    private func entryWalk(_ postings: FlowPostings) -> (entries: [FlowEntry], supplierSide: Bool)? {
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

    /// Streams one party's entries: the other side, item and modality are checked on the entry;
    /// the 40-byte flow is read only when the other side names a party that is not a roll-up.
    private mutating func walk(_ entries: [FlowEntry], supplierSide: Bool, state: IndexState, current: Bool, visible: VisibilityBits) {
        let party = (supplierSide ? self.matcher.suppliers : self.matcher.recipients)?.first ?? 0
        let others = supplierSide ? self.matcher.recipients : self.matcher.suppliers
        let othersAreRollUps = others.map { $0.allSatisfy(state.flowPostings.isRollUp) } ?? true
        state.snapshotFlows.withValues { flows in
            state.rows.withUnsafeBufferPointer { rows in
                state.flowPostings.amounts.withUnsafeBufferPointer { amounts in
                entries.withUnsafeBufferPointer { entries in
                    for entry in entries {
                        if let items = self.matcher.items, !(Int(entry.item) < items.count && items[Int(entry.item)]) { continue }
                        if !self.matcher.modalities.isEmpty && !self.matcher.modalities.contains(entry.modality) { continue }
                        if let others {
                            if othersAreRollUps {
                                guard others.contains(entry.counterpart) else { continue }
                            } else {
                                guard entry.position < flows.count, self.matcher.allows(flows[entry.position]) else { continue }
                            }
                        }
                        let sequence = entry.sequence
                        if sequence != self.lastSequence {
                            self.lastSequence = sequence
                            self.lastAllowed = self.allows(sequence, rows: rows, state: state, current: current, visible: visible)
                        }
                        guard self.lastAllowed else { continue }
                        let hit = FlowHit(day: self.lastDay, sequence: sequence, position: UInt32(entry.position))
                        guard self.grouped else {
                            self.rows.add(hit)
                            continue
                        }
                        var quantity: (value: Double, upper: Double?)?
                        if entry.hasQuantity, entry.position < amounts.count, !amounts[entry.position].isNone {
                            quantity = (amounts[entry.position].low, amounts[entry.position].high)
                        }
                        let key = supplierSide
                            ? FlowGroupCounter.Key(supplier: party, recipient: entry.counterpart, item: entry.item)
                            : FlowGroupCounter.Key(supplier: entry.counterpart, recipient: party, item: entry.item)
                        self.groups.add(
                            key, modality: entry.modality, hasQuantity: entry.hasQuantity, hit: hit, source: self.lastSource, quantity: quantity)
                    }
                }
                }
            }
        }
    }

    @inline(__always)
    private mutating func visit(
        _ flow: IndexedFlow, position: UInt32, rows: UnsafeBufferPointer<SnapshotRow>, state: IndexState, current: Bool,
        visible: VisibilityBits
    ) {
        guard self.matcher.allows(flow) else { return }
        let sequence = flow.sequence
        if sequence != self.lastSequence {
            self.lastSequence = sequence
            self.lastAllowed = self.allows(sequence, rows: rows, state: state, current: current, visible: visible)
        }
        guard self.lastAllowed else { return }
        let hit = FlowHit(day: self.lastDay, sequence: sequence, position: position)
        if self.grouped {
            let amount = Int(position) < state.flowPostings.amounts.count ? state.flowPostings.amounts[Int(position)] : .none
            let quantity = amount.isNone ? nil : (value: amount.low, upper: Optional(amount.high))
            self.groups.add(
                FlowGroupCounter.Key(supplier: flow.supplier, recipient: flow.recipient, item: flow.item), modality: flow.modality,
                hasQuantity: flow.hasQuantity, hit: hit, source: self.lastSource, quantity: quantity)
        } else {
            self.rows.add(hit)
        }
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

/// A matching flow: where it is, and what orders it.
struct FlowHit: Sendable, Hashable {
    var day: Int32
    var sequence: UInt32
    /// Its position in the index's flat array of flows.
    var position: UInt32

    /// Newest first (by date, then sequence), then in text order.
    @inline(__always)
    static func before(_ a: FlowHit, _ b: FlowHit) -> Bool {
        if a.day != b.day { return a.day > b.day }
        if a.sequence != b.sequence { return a.sequence > b.sequence }
        return a.position < b.position
    }
}

/// The first `keep` hits in order, of any number, with a bounded heap (the worst kept at the root).
struct FlowRowSelection {
    let keep: Int
    private var heap: [FlowHit] = []
    private(set) var count = 0

    init(keep: Int) {
        self.keep = keep
    }

    mutating func add(_ hit: FlowHit) {
        self.count += 1
        if self.heap.count < self.keep {
            self.heap.append(hit)
            var child = self.heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard FlowHit.before(self.heap[parent], self.heap[child]) else { break }
                self.heap.swapAt(parent, child)
                child = parent
            }
        } else if let root = self.heap.first, FlowHit.before(hit, root) {
            self.heap[0] = hit
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var worst = parent
                if left < self.heap.count && FlowHit.before(self.heap[worst], self.heap[left]) { worst = left }
                if right < self.heap.count && FlowHit.before(self.heap[worst], self.heap[right]) { worst = right }
                guard worst != parent else { break }
                self.heap.swapAt(parent, worst)
                parent = worst
            }
        }
    }

    func best() -> [FlowHit] { self.heap.sorted(by: FlowHit.before) }
}

extension IndexState {
    fileprivate func flowEntity(_ ordinal: UInt32) -> FlowEntity {
        guard let entry = self.entities[ordinal] else { return FlowEntity(id: "", type: .item, name: "") }
        return FlowEntity(id: entry.id, type: entry.type, name: entry.name)
    }

    fileprivate func indexedFlow(_ hit: FlowHit) -> IndexedFlow {
        self.snapshotFlows.values[Int(hit.position)]
    }

    fileprivate func flowRow(_ hit: FlowHit) -> FlowRow {
        let flow = self.indexedFlow(hit)
        let row = self.rows[Int(hit.sequence - 1)]
        return FlowRow(
            sequence: UInt64(hit.sequence), key: self.documents[row.document], version: row.version,
            published: row.publishedDay == SnapshotRow.noDay ? "" : CivilDay.format(row.publishedDay), source: self.sources[row.source],
            supplier: self.flowEntity(flow.supplier), recipient: self.flowEntity(flow.recipient),
            supplierEntity: self.flowEntity(flow.supplierEntity), recipientEntity: self.flowEntity(flow.recipientEntity),
            item: self.flowEntity(flow.item), modality: flow.modality, sentence: Int(flow.sentence), quantity: self.flowQuantity(flow, sequence: hit.sequence),
            quantityRole: flow.quantityRole, attribution: flow.attribution == IndexedFlow.none ? nil : self.flowEntity(flow.attribution),
            via: flow.via == IndexedFlow.none ? nil : self.flowEntity(flow.via), day: hit.day)
    }

    fileprivate func flowQuantity(_ flow: IndexedFlow, sequence: UInt32) -> QuantityView? {
        let quantities = self.snapshotQuantities[Int(sequence - 1)]
        guard flow.hasQuantity, Int(flow.quantity) < quantities.count else { return nil }
        let stored = quantities[quantities.startIndex + Int(flow.quantity)]
        return QuantityView(
            value: stored.value, valueMax: stored.valueMax.isNaN ? nil : stored.valueMax, qualifier: stored.qualifier,
            unitEntityID: stored.unitEntity == IndexedQuantity.noEntity ? nil : self.entities[stored.unitEntity]?.id,
            unitText: self.units[stored.unitText], sentence: Int(stored.sentence))
    }

    fileprivate func flowGroup(_ group: FlowGroupCounter.Group) -> FlowGroup {
        var latest: QuantityView?
        if let hit = group.latestQuantity { latest = self.flowQuantity(self.indexedFlow(hit), sequence: hit.sequence) }
        return FlowGroup(
            supplier: self.flowEntity(group.key.supplier), recipient: self.flowEntity(group.key.recipient),
            item: self.flowEntity(group.key.item), documents: group.documents, sources: group.sources,
            modalityCounts: group.modalities, firstDay: CivilDay.format(group.firstDay), lastDay: CivilDay.format(group.lastDay),
            quantityMin: group.quantityMin, quantityMax: group.quantityMax, latestQuantity: latest, best: self.flowRow(group.best))
    }
}

/// Sums matching flows per supplier → recipient : item (roll-ups) with ordinals only: an
/// open-addressing table finds a flow's group (one multiply and a probe or two, where a
/// Dictionary hashed three integers per flow), and a group keeps counters and a bitmap of
/// sources rather than sets.
struct FlowGroupCounter {
    struct Key: Hashable {
        var supplier: UInt32
        var recipient: UInt32
        var item: UInt32
    }

    struct Group {
        var key: Key
        var documents = 0
        /// The last snapshot counted: a group's flows arrive in ascending sequence, so a
        /// document (one visible snapshot) counts once.
        var lastSequence: UInt32 = 0
        /// Bit `s` set for source ordinal `s` below 128 (inline: most corpora have a few dozen
        /// sources); the counter keeps the rest. A plain value: updating a group retains nothing.
        var sourceBits: (UInt64, UInt64) = (0, 0)
        var sources = 0
        /// Statements per modality, in `Flow.Modality.allCases` order.
        var modalityCounts: (Int, Int, Int, Int) = (0, 0, 0, 0)
        var firstDay = Int32.max
        var lastDay = Int32.min
        var quantityMin: Double?
        var quantityMax: Double?
        var latestQuantity: FlowHit?
        var best: FlowHit
        var bestStrength = -1
        /// Its newest statement, for the order of equal groups.
        var newest: FlowHit

        var modalities: [Flow.Modality: Int] {
            [.asserted: self.modalityCounts.0, .reported: self.modalityCounts.1, .possible: self.modalityCounts.2, .denied: self.modalityCounts.3]
                .filter { $0.value > 0 }
        }
    }

    private var groups: [Group] = []
    /// The groups' keys, apart, so that a probe reads 12 bytes and not a whole group.
    private var keys: [Key] = []
    /// Sources with an ordinal of 128 or more, per group.
    private var moreSources: [Int: Set<UInt32>] = [:]
    /// Open addressing: group index + 1 per slot, 0 for empty; a power of two in size.
    private var slots = [Int32](repeating: 0, count: 64)

    mutating func add(
        _ key: Key, modality: Flow.Modality, hasQuantity: Bool, hit: FlowHit, source: UInt32, quantity: (value: Double, upper: Double?)?
    ) {
        let index = self.group(key, first: hit)
        if self.groups[index].add(modality: modality, hasQuantity: hasQuantity, hit: hit, source: source),
            self.moreSources[index, default: []].insert(source).inserted
        {
            self.groups[index].sources += 1
        }
        if let quantity { self.groups[index].addQuantity(quantity.value, upper: quantity.upper) }
    }

    private mutating func group(_ key: Key, first hit: FlowHit) -> Int {
        let mask = self.slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let stored = self.slots[slot]
            if stored == 0 { break }
            if self.keys[Int(stored) - 1] == key { return Int(stored) - 1 }
            slot = (slot + 1) & mask
        }
        self.groups.append(Group(key: key, best: hit, newest: hit))
        self.keys.append(key)
        self.slots[slot] = Int32(self.groups.count)
        // Grow at half full.
        if self.groups.count * 2 > self.slots.count { self.rehash() }
        return self.groups.count - 1
    }

    private static func slot(_ key: Key, mask: Int) -> Int {
        let mixed = (UInt64(key.supplier) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(key.recipient) &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.item)
        return Int(truncatingIfNeeded: (mixed &* 0x1656_67B1_9E37_79F9) >> 40) & mask
    }

    private mutating func rehash() {
        self.slots = [Int32](repeating: 0, count: self.slots.count * 2)
        let mask = self.slots.count - 1
        for (index, key) in self.keys.enumerated() {
            var slot = Self.slot(key, mask: mask)
            while self.slots[slot] != 0 { slot = (slot + 1) & mask }
            self.slots[slot] = Int32(index + 1)
        }
    }

    /// Most distinct sources first, then most documents, then the newest statement.
    func ordered() -> [Group] {
        self.groups.sorted { a, b in
            if a.sources != b.sources { return a.sources > b.sources }
            if a.documents != b.documents { return a.documents > b.documents }
            return FlowHit.before(a.newest, b.newest)
        }
    }
}

extension FlowGroupCounter.Group {
    /// - Returns: whether this is a new document with a source of ordinal 128 or more, which
    ///   the counter looks up in its set.
    fileprivate mutating func add(modality: Flow.Modality, hasQuantity: Bool, hit: FlowHit, source: UInt32) -> Bool {
        var largeSource = false
        if hit.sequence != self.lastSequence {
            self.documents += 1
            self.lastSequence = hit.sequence
            let bit: UInt64 = 1 << UInt64(source & 63)
            switch source {
            case 0..<64:
                if self.sourceBits.0 & bit == 0 {
                    self.sourceBits.0 |= bit
                    self.sources += 1
                }
            case 64..<128:
                if self.sourceBits.1 & bit == 0 {
                    self.sourceBits.1 |= bit
                    self.sources += 1
                }
            default:
                largeSource = true
            }
        }
        switch modality {
        case .asserted: self.modalityCounts.0 += 1
        case .reported: self.modalityCounts.1 += 1
        case .possible: self.modalityCounts.2 += 1
        case .denied: self.modalityCounts.3 += 1
        }
        self.firstDay = min(self.firstDay, hit.day)
        self.lastDay = max(self.lastDay, hit.day)
        if FlowHit.before(hit, self.newest) { self.newest = hit }
        if hasQuantity, self.latestQuantity.map({ FlowHit.before(hit, $0) }) ?? true { self.latestQuantity = hit }
        let strength = (hasQuantity ? 4 : 0) + Self.strength(modality)
        if strength > self.bestStrength || (strength == self.bestStrength && FlowHit.before(hit, self.best)) {
            self.best = hit
            self.bestStrength = strength
        }
        return largeSource
    }

    fileprivate mutating func addQuantity(_ value: Double, upper: Double?) {
        self.quantityMin = min(self.quantityMin ?? value, value)
        self.quantityMax = max(self.quantityMax ?? value, upper ?? value)
    }

    private static func strength(_ modality: Flow.Modality) -> Int {
        switch modality {
        case .asserted: 3
        case .reported: 2
        case .possible: 1
        case .denied: 0
        }
    }
}

/// A flow filter with its names looked up once, as ordinals.
struct FlowMatcher {
    let suppliers: [UInt32]?
    let recipients: [UInt32]?
    /// Per entity ordinal: in the asked item class (members found by walking the gazetteer's parents).
    let items: [Bool]?
    let modalities: Set<Flow.Modality>
    let source: UInt32??
    let tag: UInt32??

    init(filter: FlowFilter, state: IndexState, gazetteer: Gazetteer) throws(AggregateError) {
        func ordinals(_ name: String?, field: String) throws(AggregateError) -> [UInt32]? {
            guard let name else { return nil }
            var found: [UInt32] = []
            for id in state.entityIDs(named: name, gazetteer: gazetteer) {
                if let ordinal = state.entities.ordinal(of: id), !found.contains(ordinal) { found.append(ordinal) }
            }
            guard !found.isEmpty else { throw .unknownEntityIn(field: field, name: name) }
            return found
        }
        self.suppliers = try ordinals(filter.supplier, field: "supplier")
        self.recipients = try ordinals(filter.recipient, field: "recipient")
        self.items = try ordinals(filter.item, field: "item").map { state.entities.classMembers(of: $0) }
        self.modalities = Set(filter.modalities)
        // A source or tag no document has matches nothing (not an error: it may come).
        // Whole, ignoring case, as the query language's source: and tag: compare.
        self.source = filter.source.map { state.sources.ordinal(ofFolded: $0.lowercased()) }
        self.tag = filter.tag.map { state.tags.ordinal(ofFolded: $0.lowercased()) }
    }

    func allows(row: SnapshotRow, tags: ArraySlice<UInt32>) -> Bool {
        if let source {
            guard let source, row.source == source else { return false }
        }
        if let tag {
            guard let tag, tags.contains(tag) else { return false }
        }
        return true
    }

    @inline(__always)
    func allows(_ flow: IndexedFlow) -> Bool {
        guard FlowParties.matches(flow, suppliers: self.suppliers, recipients: self.recipients, items: self.items) else { return false }
        if !self.modalities.isEmpty && !self.modalities.contains(flow.modality) { return false }
        return true
    }
}
