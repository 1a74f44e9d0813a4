import AxisCodec
import AxisIndex
import AxisStore

/// FLOWS (Protocol/PROTOCOL.md §12.5): the flows the index holds, filtered, as rows or groups;
/// the evidence sentences of the page's rows are read from their bodies.
struct FlowHandler: Sendable {
    let store: SnapshotStore
    let indexer: Indexer

    func flows(_ request: FlowsRequest, context: RequestContext) async throws {
        var filter = FlowFilter()
        filter.supplier = request.supplier
        filter.recipient = request.recipient
        filter.item = request.item
        for name in request.modalities {
            guard let modality = Flow.Modality(rawValue: name) else {
                let known = Flow.Modality.allCases.map(\.rawValue).joined(separator: ", ")
                try await context.fail(WireError(.invalidArgument, "unknown modality '\(name)'; the modalities are \(known)", field: "modalities"))
                return
            }
            filter.modalities.append(modality)
        }
        filter.since = request.since
        filter.until = request.until
        filter.source = request.source
        filter.tag = request.tag
        filter.restriction = request.restriction
        filter.asOf = request.asOfMilliseconds
        await self.indexer.waitUntilCurrent()
        let results: FlowResults
        do {
            results = try self.indexer.index.flows(filter, grouped: request.group, limit: Int(max(1, request.limit)), after: request.after)
        } catch {
            try await context.fail(AggregateHandler.wireError(error))
            return
        }
        let evidence = await EvidenceReader.read(results.rows.map(\.sequence) + results.groups.map(\.best.sequence), from: self.store)
        var pager = StreamPager<FlowPage>(context: context)
        for row in results.rows {
            try await pager.append(.flow(Self.message(row, evidence: evidence.sentence(row))))
        }
        for group in results.groups {
            try await pager.append(.group(Self.message(group, evidence: evidence.sentence(group.best))))
        }
        var summary = FlowPage()
        summary.total = UInt64(results.total)
        summary.next = results.next?.text
        summary.indexedSequence = results.view.through
        summary.asOfMilliseconds = results.view.asOf
        try await pager.finish(summary)
    }

    static func message(_ row: FlowRow, evidence: (text: String, range: Range<Int>)?) -> FlowMessage {
        var message = FlowMessage(
            supplier: row.supplier.id, recipient: row.recipient.id, item: row.item.id, modality: row.modality.rawValue,
            sentence: UInt64(row.sentence))
        message.supplierEntity = row.supplierEntity.id
        message.recipientEntity = row.recipientEntity.id
        message.quantity = row.quantity.map(IndexHandler.message)
        message.quantityRole = row.quantityRole?.rawValue
        message.attribution = row.attribution?.id
        message.via = row.via?.id
        message.evidence = evidence?.text
        message.evidenceStart = evidence.map { UInt64($0.range.lowerBound) }
        message.evidenceEnd = evidence.map { UInt64($0.range.upperBound) }
        message.key = row.key
        message.version = row.version
        message.sequence = row.sequence
        message.published = row.published.isEmpty ? nil : row.published
        message.source = row.source.isEmpty ? nil : row.source
        message.names = [row.supplier.name, row.recipient.name, row.item.name, row.supplierEntity.name, row.recipientEntity.name]
        return message
    }

    static func message(_ group: FlowGroup, evidence: (text: String, range: Range<Int>)?) -> FlowGroupMessage {
        var message = FlowGroupMessage(supplier: group.supplier.id, recipient: group.recipient.id, item: group.item.id)
        message.names = [group.supplier.name, group.recipient.name, group.item.name]
        message.documents = UInt64(group.documents)
        message.sources = UInt64(group.sources)
        message.asserted = UInt64(group.modalityCounts[.asserted] ?? 0)
        message.reported = UInt64(group.modalityCounts[.reported] ?? 0)
        message.possible = UInt64(group.modalityCounts[.possible] ?? 0)
        message.denied = UInt64(group.modalityCounts[.denied] ?? 0)
        message.firstDay = group.firstDay
        message.lastDay = group.lastDay
        message.quantityMin = group.quantityMin.map(QuantityMessage.decimal)
        message.quantityMax = group.quantityMax.map(QuantityMessage.decimal)
        message.latestQuantity = group.latestQuantity.map(IndexHandler.message)
        message.best = Self.message(group.best, evidence: evidence)
        return message
    }
}
