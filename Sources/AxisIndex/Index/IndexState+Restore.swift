extension IndexState {
    /// Takes the rows of a checkpoint (their per-snapshot lists already set) and rebuilds
    /// what derives from them: each document's latest snapshot, when each older version was
    /// superseded, the posting lists and the counts over latest versions.
    /// - Throws: when a row points outside the tables (a damaged checkpoint).
    mutating func restore(rows: [SnapshotRow]) throws(BinaryReader.Failure) {
        let documents = UInt32(self.documents.strings.count)
        let sources = UInt32(self.sources.strings.count)
        let tags = UInt32(self.tags.strings.count)
        let units = UInt32(self.units.strings.count)
        self.rows = rows
        self.latest = Array(repeating: 0, count: Int(documents))
        self.postings = Array(repeating: PostingList(), count: self.entities.count)
        self.flowPostings = FlowPostings()
        self.flowGroupBlocks.removeAll()
        self.documentCounts = Array(repeating: 0, count: self.entities.count)
        self.mentionCounts = Array(repeating: 0, count: self.entities.count)
        for (index, row) in rows.enumerated() {
            guard row.exists else { continue }
            guard row.document < documents, row.source < sources else { throw .init(description: "row \(index) points outside the tables") }
            guard self.snapshotTags[index].allSatisfy({ $0 < tags }), self.snapshotQuantities[index].allSatisfy({ $0.unitText < units }) else {
                throw .init(description: "row \(index) has a tag or unit outside the tables")
            }
            let sequence = UInt32(index + 1)
            let previous = self.latest[Int(row.document)]
            if previous != 0 {
                // When it stopped being current: as `add` sets it (a journal's rows decide it for
                // the checkpoint's rows before them).
                let index = Int(previous - 1)
                self.rows[index].supersededBy = sequence
                self.rows[index].supersededAt = max(row.ingestTime, self.rows[index].ingestTime)
            }
            self.latest[Int(row.document)] = sequence
            for entry in self.snapshotEntities[index] {
                self.postings[Int(entry.entity)].append(sequence, count: entry.count)
            }
            self.flowPostings.add(
                self.snapshotFlows[index], sequence: sequence, firstPosition: Int(self.snapshotFlows.starts[index]), quantities: self.snapshotQuantities[index])
        }
        guard self.lengths.count == rows.count, self.termPostings.count == self.terms.strings.count else {
            throw .init(description: "the full-text tables do not match the rows")
        }
        self.totalLength = self.lengths.reduce(0) { $0 + UInt64($1) }
        self.lengthRows = UInt64(self.lengths.filter { $0 > 0 }.count)
        self.visibleDocuments = 0
        for sequence in self.latest where sequence != 0 {
            let index = Int(sequence - 1)
            guard !self.rows[index].isTombstone else { continue }
            self.visibleDocuments += 1
            self.visibleNow.insert(UInt64(sequence))
            for entry in self.snapshotEntities[index] {
                self.documentCounts[Int(entry.entity)] &+= 1
                self.mentionCounts[Int(entry.entity)] &+= UInt64(entry.count)
            }
        }
    }
}
