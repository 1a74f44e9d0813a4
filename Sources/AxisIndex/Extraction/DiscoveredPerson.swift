/// A person found by pattern (a title, a reporting verb, a byline) who is not in the gazetteer.
struct DiscoveredPerson: Sendable, Hashable {
    /// The full name as written, tokens joined by single spaces ("Jean-Loup Samaan").
    var name: String
    /// "person:" + slug of the name.
    var id: String
    /// The family name, matched on its own elsewhere in the document ("Samaan").
    var familyName: String?

    init(tokens: [String]) {
        self.name = tokens.joined(separator: " ")
        self.id = "person:" + Slug.make(self.name)
        self.familyName = NameLexicon.familyName(of: tokens)
    }
}
