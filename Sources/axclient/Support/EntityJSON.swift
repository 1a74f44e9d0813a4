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

    init(_ flow: FlowMessage) {
        self.supplier = flow.supplier
        self.recipient = flow.recipient
        self.item = flow.item
        self.modality = flow.modality
        self.sentence = flow.sentence
    }
}
