import AxisCalendar
import Synchronization

/// The entity index's questions. Each takes the lock once and answers from the state.
extension EntityIndex {
    /// Entities by the number of documents that mention them (their current versions, or as
    /// they stood at `asOf`, ms since 1970), optionally of one type.
    /// - Returns: the first `limit`, and how many entities are mentioned at all.
    public func topEntities(type: EntityType? = nil, limit: Int, asOf: Int64? = nil) -> (entities: [EntitySummary], total: Int) {
        self.state.withReadLock { state in
            var documents: [UInt32]
            var mentions: [UInt64]
            if let asOf {
                let view = IndexView(asOf: asOf)
                documents = Array(repeating: 0, count: state.entities.count)
                mentions = Array(repeating: 0, count: state.entities.count)
                for (index, row) in state.rows.enumerated() where row.isVisible(sequence: UInt64(index + 1), in: view) {
                    for entry in state.snapshotEntities[index] {
                        documents[Int(entry.entity)] += 1
                        mentions[Int(entry.entity)] += UInt64(entry.count)
                    }
                }
            } else {
                documents = state.documentCounts
                mentions = state.mentionCounts
            }
            var candidates: [Int] = []
            for ordinal in 0..<min(documents.count, state.entities.count) where documents[ordinal] > 0 {
                if let type, state.entities.entries[ordinal].type != type { continue }
                candidates.append(ordinal)
            }
            let total = candidates.count
            let ranked = candidates.sorted {
                (documents[$0], mentions[$0], state.entities.entries[$1].id) > (documents[$1], mentions[$1], state.entities.entries[$0].id)
            }
            let top = ranked.prefix(max(0, limit)).map {
                Self.summary(state.entities.entries[$0], documents: Int(documents[$0]), mentions: Int(mentions[$0]))
            }
            return (Array(top), total)
        }
    }

    /// One entity: its counts, the entities that share its documents, and its newest documents.
    public func report(_ id: String, cooccurring: Int = 10, documents documentLimit: Int = 10, asOf: Int64? = nil) -> EntityReport? {
        self.state.withReadLock { state -> EntityReport? in
            guard let ordinal = state.entities.ordinal(of: id), let entry = state.entities[ordinal] else { return nil }
            let view = IndexView(asOf: asOf)
            var shared = [UInt32](repeating: 0, count: state.entities.count)
            var hits: [(sequence: UInt32, count: UInt32, day: Int32)] = []
            var mentions = 0
            state.postings[Int(ordinal)].forEach { sequence, count in
                guard let row = state.row(UInt64(sequence)), row.isVisible(sequence: UInt64(sequence), in: view) else { return true }
                hits.append((sequence, count, row.effectiveDay))
                mentions += Int(count)
                for other in state.snapshotEntities[Int(sequence - 1)] where other.entity != ordinal {
                    shared[Int(other.entity)] += 1
                }
                return true
            }
            let others = shared.indices.filter { shared[$0] > 0 }
                .sorted { (shared[$0], state.entities.entries[$1].id) > (shared[$1], state.entities.entries[$0].id) }
                .prefix(max(0, cooccurring))
                .map { Self.summary(state.entities.entries[$0], documents: Int(shared[$0]), mentions: 0) }
            let newest = hits.sorted { ($0.day, $0.sequence) > ($1.day, $1.sequence) }.prefix(max(0, documentLimit)).map { hit in
                let row = state.rows[Int(hit.sequence - 1)]
                return EntityDocument(
                    key: state.documents[row.document], sequence: UInt64(hit.sequence), version: row.version,
                    mentions: Int(hit.count), day: CivilDay.format(hit.day))
            }
            return EntityReport(
                entity: Self.summary(entry, documents: hits.count, mentions: mentions), cooccurring: Array(others),
                latestDocuments: Array(newest))
        }
    }

    /// What the index holds for one snapshot; nil when it is not indexed (yet).
    public func snapshot(sequence: UInt64) -> SnapshotEntities? {
        self.state.withReadLock { state -> SnapshotEntities? in
            guard let row = state.row(sequence), row.exists else { return nil }
            let index = Int(sequence - 1)
            func id(_ ordinal: UInt32) -> String { state.entities[ordinal]?.id ?? "" }
            let entities = state.snapshotEntities[index].compactMap { entry -> EntityOccurrence? in
                guard let entity = state.entities[entry.entity] else { return nil }
                return EntityOccurrence(
                    entity: Self.summary(entity, documents: Int(state.documentCounts[Int(entry.entity)]), mentions: Int(state.mentionCounts[Int(entry.entity)])),
                    count: Int(entry.count))
            }.sorted { ($0.count, $1.entity.id) > ($1.count, $0.entity.id) }
            let quantities = state.snapshotQuantities[index].map { quantity in
                QuantityView(
                    value: quantity.value, valueMax: quantity.valueMax.isNaN ? nil : quantity.valueMax, qualifier: quantity.qualifier,
                    unitEntityID: quantity.unitEntity == IndexedQuantity.noEntity ? nil : id(quantity.unitEntity),
                    unitText: state.units[quantity.unitText], sentence: Int(quantity.sentence))
            }
            let flows = state.snapshotFlows[index].map { flow in
                FlowView(
                    supplier: id(flow.supplier), recipient: id(flow.recipient), item: id(flow.item), modality: flow.modality,
                    sentence: Int(flow.sentence), quantity: !flow.hasQuantity || Int(flow.quantity) >= quantities.count
                        ? nil : quantities[Int(flow.quantity)])
            }
            return SnapshotEntities(sequence: sequence, entities: entities, quantities: quantities, flows: flows)
        }
    }

    static func summary(_ entry: EntityDictionary.Entry, documents: Int, mentions: Int) -> EntitySummary {
        EntitySummary(id: entry.id, type: entry.type, name: entry.name, discovered: entry.discovered, documents: documents, mentions: mentions)
    }
}
