/// Everything extracted from one text. All offsets are UTF-8 byte offsets into that text.
public struct Extraction: Sendable, Hashable {
    /// Sentence ranges in order (headlines, bylines and captions count as sentences), trimmed
    /// of surrounding whitespace.
    public var sentences: [Range<Int>]
    /// Entity mentions in text order.
    public var mentions: [Mention]
    /// Cardinal quantities of personnel, materiel, goods, people and companies.
    public var quantities: [Quantity]
    /// Supply/transfer relations, in sentence order.
    public var flows: [Flow]

    public init(sentences: [Range<Int>], mentions: [Mention], quantities: [Quantity], flows: [Flow]) {
        self.sentences = sentences
        self.mentions = mentions
        self.quantities = quantities
        self.flows = flows
    }
}

/// One occurrence of an entity in the text.
public struct Mention: Sendable, Hashable {
    /// A gazetteer id, or "person:<slug>" for a discovered person.
    public var entityID: String
    public var type: EntityType
    /// The mention's bytes, without a possessive 's.
    public var range: Range<Int>
    /// Index into `Extraction.sentences`.
    public var sentence: Int
    /// True for a person found by pattern (title, reporting verb, byline), not in the gazetteer.
    public var discovered: Bool
    /// For discovered people: the canonical full name ("Tong Zhao"), also on surname mentions.
    public var name: String?

    public init(entityID: String, type: EntityType, range: Range<Int>, sentence: Int, discovered: Bool, name: String?) {
        self.entityID = entityID
        self.type = type
        self.range = range
        self.sentence = sentence
        self.discovered = discovered
        self.name = name
    }
}

/// A cardinal quantity with its unit, e.g. "more than 2.5 million rounds of artillery shells".
public struct Quantity: Sendable, Hashable {
    /// How the number is qualified in the text.
    public enum Qualifier: String, Sendable, Hashable {
        case exact, over, about, upTo = "up-to", nearly, atLeast = "at-least", vague, range
    }

    /// The whole span, qualifier to unit.
    public var range: Range<Int>
    public var sentence: Int
    /// The number; vague "hundreds/thousands/millions of" give 100 / 1,000 / 1,000,000.
    public var value: Double
    /// The upper bound of a range ("5,000 to 7,000 troops").
    public var valueMax: Double?
    public var qualifier: Qualifier
    /// The entity the unit is, when it is one ("weapon:military-personnel" for troops).
    public var unitEntityID: String?
    /// The unit as written ("rounds of artillery shells").
    public var unitText: String

    public init(
        range: Range<Int>, sentence: Int, value: Double, valueMax: Double?, qualifier: Qualifier,
        unitEntityID: String?, unitText: String
    ) {
        self.range = range
        self.sentence = sentence
        self.value = value
        self.valueMax = valueMax
        self.qualifier = qualifier
        self.unitEntityID = unitEntityID
        self.unitText = unitText
    }
}

/// A supply or transfer stated in one sentence: `supplier` gives `item` to `recipient`.
///
/// The parties are kept twice: as the sentence names them (`supplierEntity`: "Pyongyang",
/// "Rosoboronexport", "Kim Jong Un") and rolled up to the state they act for (`supplier`: a
/// capital, ministry, state company, armed force or leader → its country). A party that acts
/// for no state (an armed group such as the Houthis) rolls up to itself.
public struct Flow: Sendable, Hashable {
    /// How the sentence presents the transfer; when several apply, denied > possible > reported > asserted.
    public enum Modality: String, Sendable, Hashable, CaseIterable {
        case asserted, reported, possible, denied
    }

    /// The roll-up: a country id, or the party's own id when it acts for no state.
    public var supplier: String
    public var recipient: String
    /// The parties as named in the sentence (equal to `supplier`/`recipient` when the sentence
    /// names the country itself).
    public var supplierEntity: String
    public var recipientEntity: String
    /// A weapon:* or item:* id.
    public var item: String
    public var modality: Modality
    public var sentence: Int
    /// Index into `Extraction.quantities` when the sentence gives a quantity of this flow.
    public var quantity: Int?
    /// What the quantity measures (set when `quantity` is).
    public var quantityRole: QuantityRole?
    /// Who the claim is credited to ("according to Ukrainian intelligence", "Seoul says"):
    /// an entity id, never one of the parties.
    public var attribution: String?
    /// The vessel that carries the flow, when the sentence names one.
    public var via: String?

    public init(
        supplier: String, recipient: String, item: String, modality: Modality, sentence: Int, quantity: Int?,
        supplierEntity: String? = nil, recipientEntity: String? = nil, quantityRole: QuantityRole? = nil,
        attribution: String? = nil, via: String? = nil
    ) {
        self.supplier = supplier
        self.recipient = recipient
        self.supplierEntity = supplierEntity ?? supplier
        self.recipientEntity = recipientEntity ?? recipient
        self.item = item
        self.modality = modality
        self.sentence = sentence
        self.quantity = quantity
        self.quantityRole = quantityRole
        self.attribution = attribution
        self.via = via
    }
}

/// What a flow's quantity measures.
public enum QuantityRole: String, Sendable, Hashable, CaseIterable {
    /// Items handed over ("sent 100 missiles").
    case delivered
    /// Promised or planned ("pledged 12 jets", "could send 10,000 troops").
    case pledged
    /// Personnel sent or stationed ("deployed 11,000 troops").
    case deployed
    /// People killed or wounded ("1,000 soldiers were killed").
    case casualties
    /// A money value ("$390 million of machine tools").
    case value
    /// A volume or weight ("2 million barrels", "300,000 tonnes").
    case volume
}
