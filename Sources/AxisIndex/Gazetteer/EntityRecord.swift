/// One gazetteer entity: its id, the names it goes by, and the links to related entities.
///
/// Surface forms come in four kinds, in order of preference when two entities share a form:
/// `name`, `aliases`, `demonyms` and `shortForms`. Short forms (surnames, ambiguous names,
/// generic ministry references) count only where the document context supports them.
public struct EntityRecord: Sendable, Hashable {
    /// "type:slug", e.g. "country:north-korea".
    public var id: String
    public var type: EntityType
    /// The canonical name, as written in running text.
    public var name: String
    public var aliases: [String]
    /// Adjectives and nouns for the people ("Iranian"); singular, plurals are generated.
    public var demonyms: [String]
    /// Forms that count only in context (see the type's documentation).
    public var shortForms: [String]
    /// The id of the country this entity belongs to.
    public var country: String?
    /// For a country, the id of its capital.
    public var capital: String?
    /// The id of a broader entity (a weapon class, a region).
    public var parent: String?
    /// A finer category ("capital", "think-tank", "ministry", ...).
    public var kind: String?
    public var description: String?
    /// Whether plurals are generated for weapon forms and demonyms (`"plural": false` turns it off).
    public var generatesPlurals: Bool

    /// Creates a record; `id` must be "type:slug" with `type` matching.
    public init(
        id: String,
        type: EntityType,
        name: String,
        aliases: [String] = [],
        demonyms: [String] = [],
        shortForms: [String] = [],
        country: String? = nil,
        capital: String? = nil,
        parent: String? = nil,
        kind: String? = nil,
        description: String? = nil,
        generatesPlurals: Bool = true
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.aliases = aliases
        self.demonyms = demonyms
        self.shortForms = shortForms
        self.country = country
        self.capital = capital
        self.parent = parent
        self.kind = kind
        self.description = description
        self.generatesPlurals = generatesPlurals
    }
}
