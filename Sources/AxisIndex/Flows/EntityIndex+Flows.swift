import AxisCalendar
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

    /// Drops the sums grouped reports keep per block of snapshots (`FlowGroupBlocks`): the
    /// next report of each party walks all its entries again, as the first one does. For
    /// measuring that first report; answers do not change.
    public func forgetKeptFlowSums() {
        self.state.withLock { $0.flowGroupBlocks.removeAll() }
    }

    /// - Parameters:
    ///   - streamEntries: false walks flow positions even where a party's entries could be
    ///     streamed (tests compare the walks).
    ///   - keptSums: false walks a grouped question's entries even where kept block sums
    ///     could answer it.
    func flows(
        _ filter: FlowFilter, grouped: Bool, limit: Int, after: String?, streamEntries: Bool, keptSums: Bool = true
    ) throws(AggregateError) -> FlowResults {
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
            if !(streamEntries && keptSums && state.runFromKeptSums(&scan)) {
                scan.run(state, streamEntries: streamEntries)
            }
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

extension IndexState {
    fileprivate func flowEntity(_ ordinal: UInt32) -> FlowEntity {
        guard let entry = self.entities[ordinal] else { return FlowEntity(id: "", type: .item, name: "") }
        return FlowEntity(id: entry.id, type: entry.type, name: entry.name)
    }

    fileprivate func indexedFlow(_ hit: FlowHit) -> IndexedFlow {
        self.snapshotFlows.flow(at: Int(hit.position)) ?? .unknown
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
            item: self.flowEntity(group.key.item), documents: Int(group.documents), sources: Int(group.sources),
            modalityCounts: group.modalities, firstDay: CivilDay.format(group.firstDay), lastDay: CivilDay.format(group.lastDay),
            quantityMin: group.quantityMin, quantityMax: group.quantityMax, latestQuantity: latest, best: self.flowRow(group.best))
    }
}
