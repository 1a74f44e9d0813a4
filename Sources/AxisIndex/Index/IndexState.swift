import AxisCalendar

/// The entity index's data, a value: rows per snapshot, per-snapshot lists in flat arrays,
/// a posting list per entity, and running counts over each document's latest version.
/// `EntityIndex` guards one behind a lock; the checkpoint writes and reads it whole.
struct IndexState: Sendable {
    var entities: EntityDictionary
    /// Document ordinal = the key's number here.
    var documents = StringInterner()
    /// Each document's latest snapshot (its sequence; 0 before the first).
    var latest: [UInt32] = []
    var sources = StringInterner()
    var tags = StringInterner()
    var units = StringInterner()
    /// Row `i` is sequence `i + 1`.
    var rows: [SnapshotRow] = []
    var snapshotEntities = RaggedRows<EntityCount>()
    var snapshotQuantities = RaggedRows<IndexedQuantity>()
    var snapshotFlows = FlowTable()
    /// Which snapshots state flows, per party (rebuilt from `snapshotFlows` on restore).
    var flowPostings = FlowPostings()
    /// Grouped reports' sums per block of snapshots, kept between questions (not in the
    /// checkpoint; forgotten where a snapshot changes).
    var flowGroupBlocks = FlowGroupBlocks()
    var snapshotTags = RaggedRows<UInt32>()
    /// Per entity ordinal: the snapshots that mention it.
    var postings: [PostingList] = []
    /// Per entity ordinal, over the documents' latest, undeleted versions.
    var documentCounts: [UInt32] = []
    var mentionCounts: [UInt64] = []
    /// The full-text index: a number per term, its postings, and each row's length in words.
    var terms = StringInterner()
    var termPostings: [TermPostings] = []
    var lengths: [UInt32] = []
    var totalLength: UInt64 = 0
    var lengthRows: UInt64 = 0
    /// Documents whose latest version is not a delete (BM25's N for current queries).
    var visibleDocuments = 0
    /// Bit `sequence` set when that snapshot is its document's current, undeleted version:
    /// the check queries make for every posting, kept small enough to stay in cache.
    var visibleNow = VisibilityBits()

    init(gazetteer: Gazetteer) {
        self.entities = EntityDictionary(gazetteer: gazetteer)
        self.growEntityArrays()
    }

    var indexedSequence: UInt64 { UInt64(self.rows.count) }

    func row(_ sequence: UInt64) -> SnapshotRow? {
        guard sequence >= 1, sequence <= UInt64(self.rows.count) else { return nil }
        return self.rows[Int(sequence - 1)]
    }

    /// Whether `view` is the index as it stands (no time, every indexed snapshot).
    func isCurrent(_ view: IndexView) -> Bool {
        view.asOf == nil && view.through >= self.indexedSequence
    }

    /// How many snapshots `view` sees (counted only for a view of the past).
    func visibleCount(in view: IndexView) -> Int {
        self.isCurrent(view) ? self.visibleDocuments : self.visibleSequences(in: view).count
    }

    /// Whether snapshot `sequence` is a document's current version in `view`.
    @inline(__always)
    func isVisible(_ sequence: UInt64, in view: IndexView) -> Bool {
        guard sequence >= 1, sequence <= UInt64(self.rows.count) else { return false }
        if view.asOf == nil && view.through >= UInt64(self.rows.count) { return self.visibleNow.contains(sequence) }
        return self.rows[Int(sequence - 1)].isVisible(sequence: sequence, in: view)
    }

    // MARK: - Adding

    /// Adds snapshots in sequence order. Sequences already indexed are ignored; a sequence
    /// the store skipped (damaged) becomes an empty row, so rows stay aligned with sequences.
    mutating func add(_ snapshot: IndexedSnapshot) {
        guard snapshot.sequence > self.indexedSequence, snapshot.sequence <= UInt64(UInt32.max) else { return }
        while self.indexedSequence + 1 < snapshot.sequence { self.appendMissing() }
        let sequence = UInt32(snapshot.sequence)
        let document = self.documents.intern(snapshot.key)
        if Int(document) == self.latest.count { self.latest.append(0) }

        // The version it replaces stops counting, and its validity ends now.
        let previous = self.latest[Int(document)]
        if previous != 0, !self.rows[Int(previous - 1)].isTombstone { self.visibleDocuments -= 1 }
        if !snapshot.isTombstone { self.visibleDocuments += 1 }
        if previous != 0 { self.visibleNow.remove(UInt64(previous)) }
        if !snapshot.isTombstone { self.visibleNow.insert(UInt64(sequence)) }
        if previous != 0 { self.flowGroupBlocks.invalidate(sequence: previous) }
        self.flowGroupBlocks.invalidate(sequence: sequence)
        if previous != 0 {
            let index = Int(previous - 1)
            if self.rows[index].supersededAt == Int64.max && !self.rows[index].isTombstone {
                self.count(snapshot: index, sign: -1)
            }
            self.rows[index].supersededAt = max(snapshot.ingestTime, self.rows[index].ingestTime)
            self.rows[index].supersededBy = sequence
        }

        let counts = self.entityCounts(of: snapshot.extraction)
        let quantities = self.quantities(of: snapshot.extraction)
        let flows = self.flows(of: snapshot.extraction)
        self.rows.append(
            SnapshotRow(
                document: document, version: snapshot.version, ingestTime: snapshot.ingestTime, supersededAt: Int64.max,
                publishedDay: CivilDay.parse(snapshot.published) ?? SnapshotRow.noDay,
                source: self.sources.intern(snapshot.source), isTombstone: snapshot.isTombstone))
        self.snapshotEntities.appendRow(counts)
        self.snapshotQuantities.appendRow(quantities)
        self.flowPostings.add(flows, sequence: sequence, firstPosition: self.snapshotFlows.count, quantities: quantities)
        self.snapshotFlows.appendRow(flows)
        self.snapshotTags.appendRow(snapshot.tags.map { self.tags.intern($0) })
        for entry in counts { self.postings[Int(entry.entity)].append(sequence, count: entry.count) }
        self.addTerms(snapshot.terms, sequence: sequence)
        self.latest[Int(document)] = sequence
        if !snapshot.isTombstone { self.count(snapshot: self.rows.count - 1, sign: 1) }
    }

    private mutating func addTerms(_ terms: DocumentTerms?, sequence: UInt32) {
        guard let terms else {
            self.lengths.append(0)
            return
        }
        for (index, term) in terms.terms.enumerated() {
            let ordinal = Int(self.terms.intern(term))
            if ordinal == self.termPostings.count { self.termPostings.append(TermPostings(storesPositions: !StopWords.words.contains(term))) }
            self.termPostings[ordinal].append(sequence, positions: terms.positions(of: index))
        }
        self.lengths.append(terms.length)
        self.totalLength += UInt64(terms.length)
        if terms.length > 0 { self.lengthRows += 1 }
    }

    private mutating func appendMissing() {
        self.lengths.append(0)
        self.rows.append(.missing)
        self.snapshotEntities.appendRow([])
        self.snapshotQuantities.appendRow([])
        self.snapshotFlows.appendRow([])
        self.snapshotTags.appendRow([])
    }

    /// Adds (or takes away) a snapshot's entities to the latest-version counts.
    private mutating func count(snapshot index: Int, sign: Int) {
        for entry in self.snapshotEntities[index] {
            let entity = Int(entry.entity)
            if sign > 0 {
                self.documentCounts[entity] &+= 1
                self.mentionCounts[entity] &+= UInt64(entry.count)
            } else {
                self.documentCounts[entity] &-= 1
                self.mentionCounts[entity] &-= UInt64(entry.count)
            }
        }
    }

    private mutating func growEntityArrays() {
        let count = self.entities.count
        if self.postings.count < count {
            self.postings.append(contentsOf: repeatElement(PostingList(), count: count - self.postings.count))
            self.documentCounts.append(contentsOf: repeatElement(0, count: count - self.documentCounts.count))
            self.mentionCounts.append(contentsOf: repeatElement(0, count: count - self.mentionCounts.count))
        }
    }

    private mutating func entityOrdinal(_ id: String, type: EntityType, name: String?) -> UInt32 {
        let ordinal = self.entities.ordinal(of: id, type: type, name: name)
        self.growEntityArrays()
        return ordinal
    }

    /// Mentions grouped by entity, in ordinal order.
    private mutating func entityCounts(of extraction: Extraction?) -> [EntityCount] {
        guard let extraction else { return [] }
        var counts: [UInt32: UInt32] = [:]
        for mention in extraction.mentions {
            let ordinal = self.entityOrdinal(mention.entityID, type: mention.type, name: mention.name)
            counts[ordinal, default: 0] += 1
        }
        return counts.map { EntityCount(entity: $0.key, count: $0.value) }.sorted { $0.entity < $1.entity }
    }

    private mutating func quantities(of extraction: Extraction?) -> [IndexedQuantity] {
        guard let extraction else { return [] }
        return extraction.quantities.map { quantity in
            let unit = quantity.unitEntityID.map { id in
                self.entities.ordinal(of: id) ?? self.entityOrdinal(id, type: EntityType(rawValue: String(id.prefix { $0 != ":" })) ?? .item, name: nil)
            }
            return IndexedQuantity(
                value: quantity.value, valueMax: quantity.valueMax ?? .nan, qualifier: quantity.qualifier,
                unitEntity: unit ?? IndexedQuantity.noEntity, unitText: self.units.intern(quantity.unitText),
                sentence: UInt32(clamping: quantity.sentence))
        }
    }

    private mutating func flows(of extraction: Extraction?) -> [IndexedFlow] {
        guard let extraction else { return [] }
        func ordinal(_ id: String) -> UInt32 {
            self.entities.ordinal(of: id) ?? self.entityOrdinal(id, type: EntityType(rawValue: String(id.prefix { $0 != ":" })) ?? .item, name: nil)
        }
        return extraction.flows.map { flow in
            IndexedFlow(
                supplier: ordinal(flow.supplier), recipient: ordinal(flow.recipient), supplierEntity: ordinal(flow.supplierEntity),
                recipientEntity: ordinal(flow.recipientEntity), item: ordinal(flow.item), modality: flow.modality,
                sentence: UInt32(clamping: flow.sentence),
                quantity: flow.quantity.flatMap { $0 < Int(IndexedFlow.noQuantity) ? UInt16($0) : nil } ?? IndexedFlow.noQuantity,
                quantityRole: flow.quantityRole, attribution: flow.attribution.map(ordinal) ?? IndexedFlow.none,
                via: flow.via.map(ordinal) ?? IndexedFlow.none)
        }
    }
}

/// A set of sequence numbers as bits.
struct VisibilityBits: Sendable {
    private var words: [UInt64] = []

    @inline(__always)
    func contains(_ value: UInt64) -> Bool {
        let word = Int(value >> 6)
        return word < self.words.count && self.words[word] & (1 << (value & 63)) != 0
    }

    mutating func insert(_ value: UInt64) {
        let word = Int(value >> 6)
        if word >= self.words.count { self.words.append(contentsOf: repeatElement(0, count: word - self.words.count + 1)) }
        self.words[word] |= 1 << (value & 63)
    }

    mutating func remove(_ value: UInt64) {
        let word = Int(value >> 6)
        guard word < self.words.count else { return }
        self.words[word] &= ~(1 << (value & 63))
    }
}
