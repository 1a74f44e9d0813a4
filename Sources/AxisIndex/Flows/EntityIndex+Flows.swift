import Synchronization

/// Flows asked about directly: every stated flow of every visible snapshot, filtered, as rows
/// or grouped by supplier → recipient : item. The index keeps each snapshot's flows with the
/// snapshot (the same views as queries: current versions, as of a time, deletes); a question
/// reads the visible snapshots' flow lists, which is one pass over small arrays.
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
            var rows: [FlowRow] = []
            let through = min(view.through, state.indexedSequence)
            var sequence: UInt64 = 1
            while sequence <= through {
                defer { sequence += 1 }
                let index = Int(sequence - 1)
                let flows = state.snapshotFlows[index]
                guard !flows.isEmpty else { continue }
                let row = state.rows[index]
                guard state.isVisible(sequence, in: view), restriction.allows(UInt32(sequence)) else { continue }
                let day = row.effectiveDay
                if let first, day < first { continue }
                if let last, day > last { continue }
                guard matcher.allows(row: row, tags: state.snapshotTags[index]) else { continue }
                for flow in flows where matcher.allows(flow) {
                    rows.append(state.flowRow(flow, sequence: sequence, row: row, day: day))
                }
            }
            // Newest first; within a snapshot, in text order. The view is pinned, so every page
            // sorts the same rows the same way and an offset is a stable place to resume.
            rows.sort { ($0.day, $0.sequence, -$0.sentence) > ($1.day, $1.sequence, -$1.sentence) }
            let offset = Int(clamping: token?.sequence ?? 0)
            var results = FlowResults(view: view)
            if grouped {
                let groups = FlowGrouping.groups(rows, documentOf: { state.rows[Int($0 - 1)].document })
                results.total = groups.count
                results.groups = Array(groups.dropFirst(offset).prefix(limit))
            } else {
                results.total = rows.count
                results.rows = Array(rows.dropFirst(offset).prefix(limit))
            }
            let shown = offset + (grouped ? results.groups.count : results.rows.count)
            if shown < results.total {
                results.next = ResumeToken(view: view, score: 0, sequence: UInt64(shown), query: question)
            }
            return results
        }
    }
}

extension IndexState {
    fileprivate func flowEntity(_ ordinal: UInt32) -> FlowEntity {
        guard let entry = self.entities[ordinal] else { return FlowEntity(id: "", type: .item, name: "") }
        return FlowEntity(id: entry.id, type: entry.type, name: entry.name)
    }

    fileprivate func flowRow(_ flow: IndexedFlow, sequence: UInt64, row: SnapshotRow, day: Int32) -> FlowRow {
        let quantities = self.snapshotQuantities[Int(sequence - 1)]
        var quantity: QuantityView?
        if flow.quantity != IndexedFlow.none, Int(flow.quantity) < quantities.count {
            let stored = quantities[quantities.startIndex + Int(flow.quantity)]
            quantity = QuantityView(
                value: stored.value, valueMax: stored.valueMax.isNaN ? nil : stored.valueMax, qualifier: stored.qualifier,
                unitEntityID: stored.unitEntity == IndexedQuantity.noEntity ? nil : self.entities[stored.unitEntity]?.id,
                unitText: self.units[stored.unitText], sentence: Int(stored.sentence))
        }
        return FlowRow(
            sequence: sequence, key: self.documents[row.document], version: row.version,
            published: row.publishedDay == SnapshotRow.noDay ? "" : CivilDay.format(row.publishedDay), source: self.sources[row.source],
            supplier: self.flowEntity(flow.supplier), recipient: self.flowEntity(flow.recipient),
            supplierEntity: self.flowEntity(flow.supplierEntity), recipientEntity: self.flowEntity(flow.recipientEntity),
            item: self.flowEntity(flow.item), modality: flow.modality, sentence: Int(flow.sentence),
            evidence: Int(flow.evidenceStart)..<Int(flow.evidenceEnd), quantity: quantity, quantityRole: flow.quantityRole,
            attribution: flow.attribution == IndexedFlow.none ? nil : self.flowEntity(flow.attribution),
            via: flow.via == IndexedFlow.none ? nil : self.flowEntity(flow.via), day: day)
    }
}

/// A flow filter with its names looked up once, as ordinals.
private struct FlowMatcher {
    let suppliers: Set<UInt32>?
    let recipients: Set<UInt32>?
    /// Item ordinals in the asked class (members found by walking the gazetteer's parents).
    let items: Set<UInt32>?
    let modalities: Set<Flow.Modality>
    let source: UInt32??
    let tag: UInt32??

    init(filter: FlowFilter, state: IndexState, gazetteer: Gazetteer) throws(AggregateError) {
        func ordinals(_ name: String?) throws(AggregateError) -> Set<UInt32>? {
            guard let name else { return nil }
            let found = Set(state.entityIDs(named: name, gazetteer: gazetteer).compactMap { state.entities.ordinal(of: $0) })
            guard !found.isEmpty else { throw .unknownEntity(name) }
            return found
        }
        self.suppliers = try ordinals(filter.supplier)
        self.recipients = try ordinals(filter.recipient)
        if let classes = try ordinals(filter.item) {
            let classIDs = Set(classes.compactMap { state.entities[$0]?.id })
            var members = Set<UInt32>()
            for (ordinal, entry) in state.entities.entries.enumerated() where entry.type == .weapon || entry.type == .item {
                if FlowItemClasses.isMember(entry.id, of: classIDs, gazetteer: gazetteer) { members.insert(UInt32(ordinal)) }
            }
            self.items = members
        } else {
            self.items = nil
        }
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

    func allows(_ flow: IndexedFlow) -> Bool {
        if let suppliers, !suppliers.contains(flow.supplier) && !suppliers.contains(flow.supplierEntity) { return false }
        if let recipients, !recipients.contains(flow.recipient) && !recipients.contains(flow.recipientEntity) { return false }
        if let items, !items.contains(flow.item) { return false }
        if !self.modalities.isEmpty && !self.modalities.contains(flow.modality) { return false }
        return true
    }
}

/// The item classes of the gazetteer: a class includes every entity whose chain of parents
/// reaches it.
enum FlowItemClasses {
    static func isMember(_ id: String, of classes: Set<String>, gazetteer: Gazetteer) -> Bool {
        var current: String? = id
        var steps = 0
        while let here = current, steps < 16 {
            if classes.contains(here) { return true }
            current = gazetteer.entity(id: here)?.parent
            steps += 1
        }
        return false
    }
}
