/// Sums rows into groups of supplier → recipient : item (roll-ups).
enum FlowGrouping {
    private struct Key: Hashable {
        var supplier: String
        var recipient: String
        var item: String
    }

    /// Groups ordered by corroboration: distinct sources, then documents, then the newest date.
    /// - Parameters:
    ///   - rows: newest first.
    ///   - documentOf: a snapshot's document ordinal.
    static func groups(_ rows: [FlowRow], documentOf: (UInt64) -> UInt32) -> [FlowGroup] {
        var order: [Key] = []
        var members: [Key: [FlowRow]] = [:]
        for row in rows {
            let key = Key(supplier: row.supplier.id, recipient: row.recipient.id, item: row.item.id)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        var groups: [FlowGroup] = []
        groups.reserveCapacity(order.count)
        for key in order {
            guard let rows = members[key], let newest = rows.first else { continue }
            var documents = Set<UInt32>()
            var sources = Set<String>()
            var modalities: [Flow.Modality: Int] = [:]
            var quantityMin: Double?
            var quantityMax: Double?
            var latestQuantity: QuantityView?
            var best = newest
            var days = (first: newest.day, last: newest.day)
            for row in rows {
                documents.insert(documentOf(row.sequence))
                sources.insert(row.source)
                modalities[row.modality, default: 0] += 1
                days.first = min(days.first, row.day)
                days.last = max(days.last, row.day)
                if let quantity = row.quantity {
                    quantityMin = min(quantityMin ?? quantity.value, quantity.value)
                    quantityMax = max(quantityMax ?? quantity.value, quantity.valueMax ?? quantity.value)
                    if latestQuantity == nil { latestQuantity = quantity }
                }
                if Self.strength(row) > Self.strength(best) { best = row }
            }
            groups.append(
                FlowGroup(
                    supplier: newest.supplier, recipient: newest.recipient, item: newest.item, documents: documents.count,
                    sources: sources.count, modalityCounts: modalities, firstDay: CivilDay.format(days.first),
                    lastDay: CivilDay.format(days.last), quantityMin: quantityMin, quantityMax: quantityMax,
                    latestQuantity: latestQuantity, best: best))
        }
        // Stable: equal groups keep the order of their newest statement.
        return groups.enumerated().sorted { a, b in
            (a.element.sources, a.element.documents, -a.offset) > (b.element.sources, b.element.documents, -b.offset)
        }.map(\.element)
    }

    /// With a quantity first, then asserted > reported > possible > denied; rows come newest
    /// first, so a tie keeps the newest.
    private static func strength(_ row: FlowRow) -> Int {
        let modality: Int
        switch row.modality {
        case .asserted: modality = 3
        case .reported: modality = 2
        case .possible: modality = 1
        case .denied: modality = 0
        }
        return (row.quantity == nil ? 0 : 4) + modality
    }
}
