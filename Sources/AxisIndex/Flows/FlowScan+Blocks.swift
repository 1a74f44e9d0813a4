/// Grouped questions answered from the sums kept per block of snapshots (`FlowGroupBlocks`).
extension IndexState {
    /// Answers `scan` from the kept sums (walking the blocks that have none, and keeping
    /// theirs); false, with nothing done, when they cannot answer it. The sums are taken out
    /// while the scan reads the state, and put back.
    mutating func runFromKeptSums(_ scan: inout FlowScan) -> Bool {
        guard let question = scan.blockQuestion(self) else { return false }
        var blocks = FlowGroupBlocks()
        swap(&blocks, &self.flowGroupBlocks)
        scan.runGrouped(question, blocks: &blocks, state: self)
        swap(&blocks, &self.flowGroupBlocks)
        return true
    }
}

extension FlowScan {
    /// A question the kept sums can answer: grouped, over the current view, one roll-up party
    /// on a side, and nothing else asked but items and roll-up parties on the other side
    /// (both filter whole groups). Its party, and the party's entries.
    func blockQuestion(_ state: IndexState) -> (party: FlowGroupBlocks.Party, entries: [FlowEntry])? {
        guard self.grouped, state.isCurrent(self.view), self.first == nil, self.last == nil,
            self.restriction.sequences == nil, self.matcher.modalities.isEmpty, self.matcher.source == nil, self.matcher.tag == nil,
            let (entries, supplierSide) = self.entryWalk(state.flowPostings)
        else { return nil }
        if let others = supplierSide ? self.matcher.recipients : self.matcher.suppliers, !others.allSatisfy(state.flowPostings.isRollUp) {
            return nil
        }
        guard let party = (supplierSide ? self.matcher.suppliers : self.matcher.recipients)?.first else { return nil }
        return (FlowGroupBlocks.Party(ordinal: party, supplierSide: supplierSide), entries)
    }

    /// Answers `question`: the party's groups from the kept sums (walking the blocks that have
    /// none), then those the asked items and other side keep.
    mutating func runGrouped(
        _ question: (party: FlowGroupBlocks.Party, entries: [FlowEntry]), blocks: inout FlowGroupBlocks, state: IndexState
    ) {
        let party = question.party
        let visible = state.visibleNow
        let everything = FlowMatcher(party: party.ordinal, supplierSide: party.supplierSide)
        let (view, through) = (self.view, self.through)
        let all = state.withFlowPlaces { places in
            blocks.groups(of: party, entries: question.entries, places: places) { slice in
                var scan = FlowScan(
                    matcher: everything, view: view, through: through, first: nil, last: nil, restriction: Restriction(sequences: nil),
                    grouped: true, keep: 0)
                scan.walk(slice, supplierSide: party.supplierSide, state: state, current: true, visible: visible)
                return scan.groups
            }
        }
        let items = self.matcher.items
        let others = party.supplierSide ? self.matcher.recipients : self.matcher.suppliers
        guard items != nil || others != nil else {
            self.groups = all
            return
        }
        self.groups = all.filter { key in
            if let items, !(Int(key.item) < items.count && items[Int(key.item)]) { return false }
            if let others, !others.contains(party.supplierSide ? key.recipient : key.supplier) { return false }
            return true
        }
    }
}
