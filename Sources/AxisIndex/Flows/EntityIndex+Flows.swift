import Synchronization

/// Flows asked about directly: every stated flow of every visible snapshot, filtered, as rows
/// or grouped by supplier → recipient : item. The index keeps each snapshot's flows with the
/// snapshot (the same views as queries: current versions, as of a time, deletes) and, per
/// party, the snapshots that name it; a question reads only those snapshots' small flow
/// lists, compares ordinals, and builds strings only for the page it returns.
extension EntityIndex {
    /// The most rows or groups one page may have.
    public static let maxFlowPage = 1_000

    /// One page of the flows `filter` matches.
    /// - Parameters:
    ///   - grouped: groups (supplier → recipient : item) instead of rows.
    ///   - limit: rows or groups per page.
    ///   - after: the previous page's token: the next page runs in the same view.
    public func flows(_ filter: FlowFilter, grouped: Bool, limit: Int, after: String? = nil) throws(AggregateError) -> FlowResults {
        let first = try Self.day(filter.since, field: "since", end: false)
        let last = try Self.day(filter.until, field: "until", end: true)
        let node = try Self.parse(filter.restriction)
        let question = (grouped ? "groups" : "rows") + "\u{1F}" + filter.canonical
        var token: ResumeToken?
        if let after {
            guard let parsed = ResumeToken(text: after, query: question) else { throw .badToken }
            token = parsed
        }
        let gazetteer = self.gazetteer
        let limit = min(max(1, limit), Self.maxFlowPage)
        return try self.state.withLock { state throws(AggregateError) -> FlowResults in
            let view = token?.view ?? IndexView(asOf: filter.asOf, through: state.indexedSequence)
            let matcher = try FlowMatcher(filter: filter, state: state, gazetteer: gazetteer)
            var restriction = try state.restriction(node, in: view, gazetteer: gazetteer)
            let offset = Int(clamping: token?.sequence ?? 0)
            var results = FlowResults(view: view)
            var rows = FlowRowSelection(keep: offset + limit)
            var groups = FlowGroupCounter()
            let through = min(view.through, state.indexedSequence)
            state.flowPostings.withCandidates(suppliers: matcher.suppliers, recipients: matcher.recipients) { sequence in
                guard UInt64(sequence) <= through else { return false }
                let index = Int(sequence - 1)
                let row = state.rows[index]
                guard state.isVisible(UInt64(sequence), in: view), restriction.allows(sequence) else { return true }
                let day = row.effectiveDay
                if let first, day < first { return true }
                if let last, day > last { return true }
                guard matcher.allows(row: row, tags: state.snapshotTags[index]) else { return true }
                let flows = state.snapshotFlows[index]
                for position in flows.indices where matcher.allows(flows[position]) {
                    let hit = FlowHit(day: day, sequence: sequence, position: UInt32(position - flows.startIndex))
                    if grouped {
                        groups.add(flows[position], hit: hit, source: row.source, quantity: state.quantityBounds(flows[position], index: index))
                    } else {
                        rows.add(hit)
                    }
                }
                return true
            }
            if grouped {
                let ordered = groups.ordered()
                results.total = ordered.count
                results.groups = ordered.dropFirst(offset).prefix(limit).map { state.flowGroup($0) }
            } else {
                results.total = rows.count
                results.rows = rows.best().dropFirst(offset).map { state.flowRow($0) }
            }
            let shown = offset + (grouped ? results.groups.count : results.rows.count)
            if shown < results.total {
                results.next = ResumeToken(view: view, score: 0, sequence: UInt64(shown), query: question)
            }
            return results
        }
    }
}

extension FlowPostings {
    /// Calls `body` with each candidate sequence, ascending, until it returns false: the
    /// snapshots naming a supplier (and a recipient) when the question names them, else every
    /// snapshot with a flow.
    func withCandidates(suppliers: [UInt32]?, recipients: [UInt32]?, _ body: (UInt32) -> Bool) {
        let candidates: [UInt32]
        switch (suppliers, recipients) {
        case (let suppliers?, let recipients?):
            candidates = SortedSets.intersection(self.sequences(naming: suppliers), self.sequences(naming: recipients))
        case (let suppliers?, nil):
            candidates = self.sequences(naming: suppliers)
        case (nil, let recipients?):
            candidates = self.sequences(naming: recipients)
        case (nil, nil):
            for sequence in self.sequences where !body(sequence) { return }
            return
        }
        for sequence in candidates where !body(sequence) { return }
    }
}

/// A matching flow: where it is, and what orders it.
struct FlowHit: Sendable, Hashable {
    var day: Int32
    var sequence: UInt32
    /// Its place in the snapshot's flows.
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
        let flows = self.snapshotFlows[Int(hit.sequence - 1)]
        return flows[flows.startIndex + Int(hit.position)]
    }

    fileprivate func flowRow(_ hit: FlowHit) -> FlowRow {
        let flow = self.indexedFlow(hit)
        let row = self.rows[Int(hit.sequence - 1)]
        return FlowRow(
            sequence: UInt64(hit.sequence), key: self.documents[row.document], version: row.version,
            published: row.publishedDay == SnapshotRow.noDay ? "" : CivilDay.format(row.publishedDay), source: self.sources[row.source],
            supplier: self.flowEntity(flow.supplier), recipient: self.flowEntity(flow.recipient),
            supplierEntity: self.flowEntity(flow.supplierEntity), recipientEntity: self.flowEntity(flow.recipientEntity),
            item: self.flowEntity(flow.item), modality: flow.modality, sentence: Int(flow.sentence),
            evidence: Int(flow.evidenceStart)..<Int(flow.evidenceEnd), quantity: self.flowQuantity(flow, sequence: hit.sequence),
            quantityRole: flow.quantityRole, attribution: flow.attribution == IndexedFlow.none ? nil : self.flowEntity(flow.attribution),
            via: flow.via == IndexedFlow.none ? nil : self.flowEntity(flow.via), day: hit.day)
    }

    /// A flow's quantity as numbers, without building its strings.
    fileprivate func quantityBounds(_ flow: IndexedFlow, index: Int) -> (value: Double, upper: Double?)? {
        guard flow.quantity != IndexedFlow.none else { return nil }
        let quantities = self.snapshotQuantities[index]
        guard Int(flow.quantity) < quantities.count else { return nil }
        let stored = quantities[quantities.startIndex + Int(flow.quantity)]
        return (stored.value, stored.valueMax.isNaN ? nil : stored.valueMax)
    }

    fileprivate func flowQuantity(_ flow: IndexedFlow, sequence: UInt32) -> QuantityView? {
        let quantities = self.snapshotQuantities[Int(sequence - 1)]
        guard flow.quantity != IndexedFlow.none, Int(flow.quantity) < quantities.count else { return nil }
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
            item: self.flowEntity(group.key.item), documents: group.documents, sources: group.sources.count,
            modalityCounts: group.modalities, firstDay: CivilDay.format(group.firstDay), lastDay: CivilDay.format(group.lastDay),
            quantityMin: group.quantityMin, quantityMax: group.quantityMax, latestQuantity: latest, best: self.flowRow(group.best))
    }
}

/// Sums matching flows per supplier → recipient : item (roll-ups) with ordinals only.
struct FlowGroupCounter {
    struct Key: Hashable {
        var supplier: UInt32
        var recipient: UInt32
        var item: UInt32
    }

    struct Group {
        var key: Key
        var documents = 0
        /// The last snapshot counted: a snapshot's flows come together, so a document counts once.
        var lastSequence: UInt32 = 0
        var sources: Set<UInt32> = []
        var lastSource = UInt32.max
        var modalities: [Flow.Modality: Int] = [:]
        var firstDay = Int32.max
        var lastDay = Int32.min
        var quantityMin: Double?
        var quantityMax: Double?
        var latestQuantity: FlowHit?
        var best: FlowHit
        var bestStrength = -1
        /// Its newest statement, for the order of equal groups.
        var newest: FlowHit
    }

    private var positions: [Key: Int] = [:]
    private var groups: [Group] = []

    mutating func add(_ flow: IndexedFlow, hit: FlowHit, source: UInt32, quantity: (value: Double, upper: Double?)?) {
        let key = Key(supplier: flow.supplier, recipient: flow.recipient, item: flow.item)
        let position: Int
        if let known = self.positions[key] {
            position = known
        } else {
            position = self.groups.count
            self.positions[key] = position
            self.groups.append(Group(key: key, best: hit, newest: hit))
        }
        self.groups[position].add(flow, hit: hit, source: source)
        if let quantity { self.groups[position].addQuantity(quantity.value, upper: quantity.upper) }
    }

    /// Most distinct sources first, then most documents, then the newest statement.
    func ordered() -> [Group] {
        self.groups.sorted { a, b in
            if a.sources.count != b.sources.count { return a.sources.count > b.sources.count }
            if a.documents != b.documents { return a.documents > b.documents }
            return FlowHit.before(a.newest, b.newest)
        }
    }
}

extension FlowGroupCounter.Group {
    fileprivate mutating func add(_ flow: IndexedFlow, hit: FlowHit, source: UInt32) {
        if hit.sequence != self.lastSequence {
            self.documents += 1
            self.lastSequence = hit.sequence
            if source != self.lastSource {
                self.sources.insert(source)
                self.lastSource = source
            }
        }
        self.modalities[flow.modality, default: 0] += 1
        self.firstDay = min(self.firstDay, hit.day)
        self.lastDay = max(self.lastDay, hit.day)
        if FlowHit.before(hit, self.newest) { self.newest = hit }
        let hasQuantity = flow.quantity != IndexedFlow.none
        if hasQuantity, self.latestQuantity.map({ FlowHit.before(hit, $0) }) ?? true { self.latestQuantity = hit }
        let strength = (hasQuantity ? 4 : 0) + Self.strength(flow.modality)
        if strength > self.bestStrength || (strength == self.bestStrength && FlowHit.before(hit, self.best)) {
            self.best = hit
            self.bestStrength = strength
        }
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
private struct FlowMatcher {
    let suppliers: [UInt32]?
    let recipients: [UInt32]?
    /// Per entity ordinal: in the asked item class (members found by walking the gazetteer's parents).
    let items: [Bool]?
    let modalities: Set<Flow.Modality>
    let source: UInt32??
    let tag: UInt32??

    init(filter: FlowFilter, state: IndexState, gazetteer: Gazetteer) throws(AggregateError) {
        func ordinals(_ name: String?) throws(AggregateError) -> [UInt32]? {
            guard let name else { return nil }
            var found: [UInt32] = []
            for id in state.entityIDs(named: name, gazetteer: gazetteer) {
                if let ordinal = state.entities.ordinal(of: id), !found.contains(ordinal) { found.append(ordinal) }
            }
            guard !found.isEmpty else { throw .unknownEntity(name) }
            return found
        }
        self.suppliers = try ordinals(filter.supplier)
        self.recipients = try ordinals(filter.recipient)
        self.items = try ordinals(filter.item).map { state.itemClassMembers(of: $0) }
        self.modalities = Set(filter.modalities)
        // A source or tag no document has matches nothing (not an error: it may come).
        self.source = filter.source.map { state.sources.ordinal(of: $0) }
        self.tag = filter.tag.map { state.tags.ordinal(of: $0) }
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
