import AxisCodec

/// The JSON forms of index answers (docs/cli.md): snake_case keys, ids as the index gives them.
struct EntityJSON: Encodable {
    var id: String
    var type: String
    var name: String
    var documents: UInt64
    var mentions: UInt64
    var discovered: Bool

    init(_ entity: EntitySummaryMessage) {
        self.id = entity.id
        self.type = entity.type
        self.name = entity.name
        self.documents = entity.documents
        self.mentions = entity.mentions
        self.discovered = entity.discovered
    }
}

struct QuantityJSON: Encodable {
    var value: Double
    var valueMax: Double?
    var qualifier: String
    var unit: String?
    var unitText: String
    var sentence: UInt64
    var start: UInt64?
    var end: UInt64?

    init(_ quantity: QuantityMessage) {
        self.value = Double(quantity.value) ?? .nan
        self.valueMax = quantity.valueMax.flatMap(Double.init)
        self.qualifier = quantity.qualifier
        self.unit = quantity.unitEntityID
        self.unitText = quantity.unitText
        self.sentence = quantity.sentence
        self.start = quantity.start
        self.end = quantity.end
    }

    enum CodingKeys: String, CodingKey {
        case value, qualifier, unit, sentence, start, end
        case valueMax = "value_max"
        case unitText = "unit_text"
    }

    /// "over 10,000 troops" for people.
    static func text(_ quantity: QuantityMessage) -> String {
        let qualifier: String
        switch quantity.qualifier {
        case "exact", "vague", "range": qualifier = ""
        case "up-to": qualifier = "up to "
        case "at-least": qualifier = "at least "
        default: qualifier = quantity.qualifier + " "
        }
        let value = quantity.valueMax.map { "\(quantity.value)–\($0)" } ?? quantity.value
        return "\(qualifier)\(value) \(quantity.unitText)"
    }
}

struct FlowJSON: Encodable {
    var supplier: String
    var recipient: String
    var item: String
    var modality: String
    var sentence: UInt64
    var supplierEntity: String?
    var recipientEntity: String?
    var supplierName: String?
    var recipientName: String?
    var itemName: String?
    var quantity: QuantityJSON?
    var quantityRole: String?
    var attribution: String?
    var via: String?
    var evidence: String?
    var evidenceStart: UInt64?
    var evidenceEnd: UInt64?
    var key: String?
    var version: UInt32?
    var sequence: UInt64?
    var published: String?
    var source: String?

    enum CodingKeys: String, CodingKey {
        case supplier, recipient, item, modality, sentence, quantity, attribution, via, evidence, key, version, sequence, published, source
        case supplierEntity = "supplier_entity"
        case recipientEntity = "recipient_entity"
        case supplierName = "supplier_name"
        case recipientName = "recipient_name"
        case itemName = "item_name"
        case quantityRole = "quantity_role"
        case evidenceStart = "evidence_start"
        case evidenceEnd = "evidence_end"
    }

    init(_ flow: FlowMessage) {
        self.supplier = flow.supplier
        self.recipient = flow.recipient
        self.item = flow.item
        self.modality = flow.modality
        self.sentence = flow.sentence
        self.supplierEntity = flow.supplierEntity
        self.recipientEntity = flow.recipientEntity
        if !flow.names.isEmpty {
            self.supplierName = flow.name(0, or: flow.supplier)
            self.recipientName = flow.name(1, or: flow.recipient)
            self.itemName = flow.name(2, or: flow.item)
        }
        self.quantity = flow.quantity.map(QuantityJSON.init)
        self.quantityRole = flow.quantityRole
        self.attribution = flow.attribution
        self.via = flow.via
        self.evidence = flow.evidence
        self.evidenceStart = flow.evidenceStart
        self.evidenceEnd = flow.evidenceEnd
        self.key = flow.key
        self.version = flow.version
        self.sequence = flow.sequence
        self.published = flow.published
        self.source = flow.source
    }
}

/// A group of flows (`axclient flows --group`).
struct FlowGroupJSON: Encodable {
    var supplier: String
    var recipient: String
    var item: String
    var supplierName: String
    var recipientName: String
    var itemName: String
    var documents: UInt64
    var sources: UInt64
    var modalities: [String: UInt64]
    var firstDay: String
    var lastDay: String
    var quantityMin: Double?
    var quantityMax: Double?
    var latestQuantity: QuantityJSON?
    var best: FlowJSON?

    enum CodingKeys: String, CodingKey {
        case supplier, recipient, item, documents, sources, modalities, best
        case supplierName = "supplier_name"
        case recipientName = "recipient_name"
        case itemName = "item_name"
        case firstDay = "first_day"
        case lastDay = "last_day"
        case quantityMin = "quantity_min"
        case quantityMax = "quantity_max"
        case latestQuantity = "latest_quantity"
    }

    init(_ group: FlowGroupMessage) {
        self.supplier = group.supplier
        self.recipient = group.recipient
        self.item = group.item
        self.supplierName = group.name(0, or: group.supplier)
        self.recipientName = group.name(1, or: group.recipient)
        self.itemName = group.name(2, or: group.item)
        self.documents = group.documents
        self.sources = group.sources
        self.modalities = ["asserted": group.asserted, "reported": group.reported, "possible": group.possible, "denied": group.denied]
        self.firstDay = group.firstDay
        self.lastDay = group.lastDay
        self.quantityMin = group.quantityMin.flatMap(Double.init)
        self.quantityMax = group.quantityMax.flatMap(Double.init)
        self.latestQuantity = group.latestQuantity.map(QuantityJSON.init)
        self.best = group.best.map(FlowJSON.init)
    }
}
