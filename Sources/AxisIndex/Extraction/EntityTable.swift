/// Per-entity facts the extractor needs on every document, precomputed as flat arrays of
/// integers so the per-document work does no string handling or dictionary lookups. A class:
/// the analyses pass it around constantly, and copying a struct of a dozen arrays would
/// retain and release each of them.
final class EntityTable: Sendable {
    /// Role of an entity when it names a party of a transfer.
    enum PartyRole: UInt8, Sendable {
        /// Cannot stand for a state.
        case none
        /// A country, or something that stands for one (capital, government, leader).
        case state
    }

    let ids: [String]
    let types: [EntityType]
    /// The country (entity index) a mention of this entity stands for in a transfer, or -1.
    let partyCountry: [Int32]
    /// The country an entity belongs to (`country` field, or itself for countries), or -1.
    let ownCountry: [Int32]
    /// Capital of a country, or -1.
    let capital: [Int32]
    /// A state body ("ministry", "agency", "military" or "government" with a country): its short
    /// forms are descriptive and need the country in the sentence.
    let isMinistry: [Bool]
    /// Events nest any name; descriptive government/agency references nest country names.
    let nesting: [NestingPolicy]
    /// Unspecified aid or support (weapon:military-aid and its children): transfers stated as
    /// "X's military aid to Y" without a verb.
    let isAidLike: [Bool]
    let isPersonnel: [Bool]
    let isLeader: [Bool]
    /// A designated weapon system ("KN-23", "Su-35"): weapons with a country of origin.
    let isSpecificSystem: [Bool]
    /// Whether naming this entity in full can license a short form: it has short forms itself,
    /// or it is a country or capital (which license a leader's surname or an ambiguous name).
    let isShortFormContext: [Bool]
    /// The two sides of the war in Ukraine (Russia, Ukraine) that "either side" names, when the
    /// gazetteer has both.
    let warSides: [Int32]
    /// The state that makes a designated system ("KN-23" -> North Korea), or -1 (also for systems
    /// of historical states: a Soviet design says nothing of who sends it now).
    let makerCountry: [Int32]
    /// weapon:arms and item:cash (or -1): the items "arming X" and "paid $2 billion" imply.
    let armsItem: Int32
    let cashItem: Int32

    enum NestingPolicy: UInt8, Sendable {
        case none
        /// Country and place names inside when the rest of the span is lowercase ("U.S. intelligence").
        case descriptiveCountries
        /// Any country, place or organisation inside ("Syrian conflict", "summit of the BRICS nations").
        case event
    }

    init(gazetteer: Gazetteer) {
        let entities = gazetteer.entities
        let index = gazetteer.indexByID
        func lookup(_ id: String?) -> Int32 { id.flatMap { index[$0] }.map(Int32.init) ?? -1 }
        self.ids = entities.map(\.id)
        self.types = entities.map(\.type)
        self.capital = entities.map { lookup($0.capital) }
        self.ownCountry = entities.enumerated().map { position, entity in
            entity.type == .country ? Int32(position) : lookup(entity.country)
        }
        // A country's ministries, agencies, general staff and offices: "defence ministry", "spy
        // agency", "general staff" name the one of the country named just before.
        self.isMinistry = entities.map {
            $0.type == .org && $0.country != nil && ["ministry", "agency", "military", "government"].contains($0.kind ?? "")
        }
        self.isLeader = entities.map { $0.type == .person && $0.kind == "leader" }
        self.partyCountry = entities.enumerated().map { position, entity in
            switch entity.type {
            case .country: return Int32(position)
            case .place: return entity.kind == "capital" ? lookup(entity.country) : -1
            // State bodies, state armed forces and companies act for their state; a non-state
            // armed group ("militia") or a private military company ("pmc", Wagner) is a party
            // that acts for itself; agencies (usually a
            // source), media and think tanks are not parties.
            case .org:
                if entity.kind == "militia" || entity.kind == "pmc" { return Int32(position) }
                return ["government", "ministry", "military", "company"].contains(entity.kind ?? "") ? lookup(entity.country) : -1
            case .person: return entity.kind == "leader" ? lookup(entity.country) : -1
            default: return -1
            }
        }
        self.nesting = entities.map { entity in
            switch entity.type {
            case .event: return .event
            case .org where ["government", "agency", "ministry", "military"].contains(entity.kind ?? ""):
                return .descriptiveCountries
            default: return .none
            }
        }
        let aidID = "weapon:military-aid"
        self.isAidLike = entities.map { $0.id == aidID || $0.parent == aidID || $0.id == "item:aid" || $0.id == "item:economic-aid" }
        self.isPersonnel = entities.map { $0.id == "weapon:military-personnel" }
        self.isSpecificSystem = entities.map { $0.type == .weapon && $0.country != nil }
        let sides = [lookup("country:russia"), lookup("country:ukraine")]
        self.warSides = sides.contains(-1) ? [] : sides
        self.makerCountry = entities.map { entity in
            guard entity.type == .weapon, let country = entity.country, let index = index[country],
                entities[index].kind != "historical"
            else { return -1 }
            return Int32(index)
        }
        self.armsItem = lookup("weapon:arms")
        self.cashItem = lookup("item:cash")
        self.isShortFormContext = entities.map { entity in
            !entity.shortForms.isEmpty || entity.type == .country || entity.kind == "capital"
                || (entity.type == .person && entity.shortForms.isEmpty)
        }
    }

    var count: Int { self.ids.count }

    /// A weapon or good (not a state standing for a party): what a flow carries.
    func isItem(_ entity: Int) -> Bool {
        let type = self.types[entity]
        return self.partyCountry[entity] < 0 && (type == .weapon || type == .item)
    }
}
