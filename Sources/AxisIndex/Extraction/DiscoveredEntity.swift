/// An entity found by the shape of its name, not in the gazetteer: a person introduced by a
/// title, a reporting verb or a byline; an organisation whose name ends in "Corporation",
/// "Institute", "Agency"...; a ship named after "the tanker", "the vessel" or before an IMO
/// number.
struct DiscoveredEntity: Sendable, Hashable {
    /// The full name as written, tokens joined by single spaces ("Jean-Loup Samaan").
    var name: String
    /// The type and the slug of the name: "person:jean-loup-samaan", "vessel:andromeda-star".
    var id: String
    var type: EntityType
    /// A person's family name, matched on its own elsewhere in the document ("Samaan").
    var familyName: String?
    /// Other forms found alone: the family name as a transcript writes it ("WHITFIELD" and
    /// "Whitfield"), a speaker's given name ("Dana").
    var otherForms: [String] = []

    /// The forms of a person found on their own elsewhere in the document.
    var shortForms: [String] { (self.familyName.map { [$0] } ?? []) + self.otherForms }

    init(tokens: [String]) {
        self.name = tokens.joined(separator: " ")
        self.type = .person
        self.id = "person:" + Slug.make(self.name)
        self.familyName = NameLexicon.familyName(of: tokens)
    }

    /// A person whose name is written in another order or case than it reads: "KARIMI, Hossein
    /// Reza" (`ordered` "Hossein Reza Karimi"), "DANA WHITFIELD" in a transcript; `family` is
    /// as written.
    init(ordered: [String], family: String, otherForms: [String]) {
        self.name = ordered.joined(separator: " ")
        self.type = .person
        self.id = "person:" + Slug.make(self.name)
        self.familyName = family
        self.otherForms = otherForms.filter { $0 != family }
    }

    init(name: String, type: EntityType) {
        self.name = name
        self.type = type
        self.id = type.rawValue + ":" + Slug.make(name)
        self.familyName = nil
    }
}
