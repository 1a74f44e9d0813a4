import AxisCodec
import AxisIndex
import AxisStore
import NIOCore

/// The entity index on the wire (Protocol/PROTOCOL.md §12): ENTITIES, ENTITY, MENTIONS.
struct IndexHandler: Sendable {
    let store: SnapshotStore
    let indexer: Indexer

    static let opcodes: [Opcode] = [.entities, .entity, .mentions]

    var index: EntityIndex { self.indexer.index }

    // MARK: - ENTITIES

    func entities(_ request: Entities, context: RequestContext) async throws {
        var type: EntityType?
        if let name = request.type {
            guard let parsed = EntityType(rawValue: name) else {
                let known = EntityType.allCases.map(\.rawValue).joined(separator: ", ")
                try await context.fail(WireError(.invalidArgument, "unknown entity type '\(name)'; the types are \(known)", field: "type"))
                return
            }
            type = parsed
        }
        let indexed = await self.indexer.waitUntilCurrent()
        let (entities, total) = self.index.topEntities(type: type, limit: Int(request.limit), asOf: request.asOfMilliseconds)
        var pager = StreamPager<EntityPage>(context: context)
        for entity in entities { try await pager.append(Self.message(entity)) }
        try await pager.finish(EntityPage(entities: [], total: UInt64(total), indexedSequence: indexed))
    }

    // MARK: - ENTITY

    func entity(_ request: EntityLookup, context: RequestContext) async throws {
        let indexed = await self.indexer.waitUntilCurrent()
        let ids = self.index.resolve(request.name)
        // Of several entities with that name, the one most documents mention.
        let candidates = ids.compactMap { self.index.report($0, cooccurring: 0, documents: 0, asOf: request.asOfMilliseconds) }
        guard let best = candidates.enumerated().max(by: { ($0.element.entity.documents, -$0.offset) < ($1.element.entity.documents, -$1.offset) })?.element,
            let report = self.index.report(
                best.entity.id, cooccurring: Int(request.related), documents: Int(request.documents), asOf: request.asOfMilliseconds)
        else {
            try await context.fail(WireError(.notFound, "no entity is called '\(request.name)'", field: "name"))
            return
        }
        var reply = EntityReply(entity: Self.message(report.entity))
        if let record = self.index.gazetteer.entity(id: report.entity.id) {
            reply.aliases = record.aliases + record.shortForms
            reply.demonyms = record.demonyms
            reply.description = record.description ?? ""
            reply.country = record.country ?? ""
            reply.kind = record.kind ?? ""
        }
        reply.related = report.cooccurring.map(Self.message)
        reply.documents = report.latestDocuments.map { document in
            let info = self.store.snapshots(fromSequence: document.sequence, limit: 1).first
            return EntityDocumentMessage(
                key: document.key, version: document.version, sequence: document.sequence, mentions: UInt64(document.mentions),
                day: document.day, title: info?.metadata.title ?? "", source: info?.metadata.source ?? "")
        }
        reply.alternatives = candidates.filter { $0.entity.id != report.entity.id }.map { Self.message($0.entity) }
        reply.indexedSequence = indexed
        (reply.supplies, reply.receives) = await self.flowGroups(of: report.entity.id, limit: Int(request.flows), asOf: request.asOfMilliseconds)
        try await context.reply(reply)
    }

    // MARK: - MENTIONS

    /// Extracts the snapshot again (the index keeps counts, not every mention's offsets):
    /// the same extractor and gazetteer that built the index, so the same result.
    func mentions(_ request: Mentions, context: RequestContext) async throws {
        let snapshot: StoredSnapshot
        let body: [UInt8]
        do throws(StoreError) {
            snapshot = try self.store.snapshot(key: request.key, selector: request.version.map { .version($0) } ?? .latest)
            body = try self.store.body(of: snapshot)
        } catch {
            try await context.fail(WireError(error))
            return
        }
        let text = String(decoding: body, as: UTF8.self)
        let extraction = self.indexer.extract(text)
        var pager = StreamPager<MentionPage>(context: context, first: MentionPage(info: SnapshotInfoMessage(snapshot.info)))
        for mention in extraction.mentions {
            try await pager.append(
                .mention(
                    MentionMessage(
                        entityID: mention.entityID, type: mention.type.rawValue, name: self.name(of: mention),
                        start: UInt64(mention.range.lowerBound), end: UInt64(mention.range.upperBound), sentence: UInt64(mention.sentence),
                        discovered: mention.discovered, text: Self.slice(body, mention.range, limit: IndexLimits.nameBytes))))
        }
        var used = Set(extraction.mentions.map(\.sentence))
        used.formUnion(extraction.quantities.map(\.sentence))
        used.formUnion(extraction.flows.map(\.sentence))
        for index in used.sorted() where extraction.sentences.indices.contains(index) {
            let range = extraction.sentences[index]
            try await pager.append(
                .sentence(
                    SentenceMessage(
                        index: UInt64(index), start: UInt64(range.lowerBound), end: UInt64(range.upperBound),
                        text: Self.slice(body, range, limit: IndexLimits.sentenceBytes))))
        }
        for quantity in extraction.quantities {
            try await pager.append(.quantity(Self.message(quantity, in: body)))
        }
        for flow in extraction.flows {
            var message = FlowMessage(
                supplier: flow.supplier, recipient: flow.recipient, item: flow.item, modality: flow.modality.rawValue,
                sentence: UInt64(flow.sentence))
            message.supplierEntity = flow.supplierEntity
            message.recipientEntity = flow.recipientEntity
            if let index = flow.quantity, extraction.quantities.indices.contains(index) {
                message.quantity = Self.message(extraction.quantities[index], in: body)
            }
            message.quantityRole = flow.quantityRole?.rawValue
            message.attribution = flow.attribution
            message.via = flow.via
            if extraction.sentences.indices.contains(flow.sentence) {
                let range = extraction.sentences[flow.sentence]
                message.evidence = Self.slice(body, range, limit: IndexLimits.sentenceBytes)
                message.evidenceStart = UInt64(range.lowerBound)
                message.evidenceEnd = UInt64(range.upperBound)
            }
            try await pager.append(.flow(message))
        }
        var summary = MentionPage()
        summary.mentionCount = UInt64(extraction.mentions.count)
        summary.sentenceCount = UInt64(extraction.sentences.count)
        try await pager.finish(summary)
    }

    /// What the entity supplies and receives, grouped, with their best evidence.
    private func flowGroups(of id: String, limit: Int, asOf: Int64?) async -> (supplies: [FlowGroupMessage], receives: [FlowGroupMessage]) {
        guard limit > 0 else { return ([], []) }
        func groups(supplier: Bool) -> [FlowGroup] {
            var filter = FlowFilter()
            if supplier { filter.supplier = id } else { filter.recipient = id }
            filter.asOf = asOf
            return (try? self.index.flows(filter, grouped: true, limit: limit))?.groups ?? []
        }
        let (supplies, receives) = (groups(supplier: true), groups(supplier: false))
        let evidence = await EvidenceReader.read((supplies + receives).map(\.best.sequence), from: self.store)
        return (supplies.map { FlowHandler.message($0, evidence: evidence.sentence($0.best)) },
                receives.map { FlowHandler.message($0, evidence: evidence.sentence($0.best)) })
    }

    private func name(of mention: Mention) -> String {
        if let name = mention.name { return name }
        return self.index.gazetteer.entity(id: mention.entityID)?.name ?? mention.entityID
    }

    // MARK: - Conversions

    static func message(_ entity: EntitySummary) -> EntitySummaryMessage {
        EntitySummaryMessage(
            id: entity.id, type: entity.type.rawValue, name: entity.name, documents: UInt64(entity.documents),
            mentions: UInt64(entity.mentions), discovered: entity.discovered)
    }

    static func message(_ quantity: Quantity, in body: [UInt8]) -> QuantityMessage {
        QuantityMessage(
            value: QuantityMessage.decimal(quantity.value), valueMax: quantity.valueMax.map(QuantityMessage.decimal),
            qualifier: quantity.qualifier.rawValue, unitEntityID: quantity.unitEntityID, unitText: quantity.unitText,
            sentence: UInt64(quantity.sentence), start: UInt64(quantity.range.lowerBound), end: UInt64(quantity.range.upperBound))
    }

    static func message(_ quantity: QuantityView) -> QuantityMessage {
        QuantityMessage(
            value: QuantityMessage.decimal(quantity.value), valueMax: quantity.valueMax.map(QuantityMessage.decimal),
            qualifier: quantity.qualifier.rawValue, unitEntityID: quantity.unitEntityID, unitText: quantity.unitText,
            sentence: UInt64(quantity.sentence))
    }

    static func message(_ flow: FlowView) -> FlowMessage {
        var message = FlowMessage(
            supplier: flow.supplier, recipient: flow.recipient, item: flow.item, modality: flow.modality.rawValue, sentence: UInt64(flow.sentence))
        message.quantity = flow.quantity.map(Self.message)
        return message
    }

    /// The text of `range`, cut to `limit` bytes at a character boundary (with "…").
    static func slice(_ body: [UInt8], _ range: Range<Int>, limit: Int) -> String {
        let clamped = range.clamped(to: 0..<body.count)
        let text = String(decoding: body[clamped], as: UTF8.self)
        guard text.utf8.count > limit else { return text }
        var result = ""
        for character in text {
            if result.utf8.count + character.utf8.count > limit - 3 { break }
            result.append(character)
        }
        return result + "…"
    }
}
