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

    /// Every flow of one party on one side, nothing else asked.
    init(party: UInt32, supplierSide: Bool) {
        self.suppliers = supplierSide ? [party] : nil
        self.recipients = supplierSide ? nil : [party]
        self.items = nil
        self.modalities = []
        self.source = nil
        self.tag = nil
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
