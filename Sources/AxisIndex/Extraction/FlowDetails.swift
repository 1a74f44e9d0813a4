/// What the flow rules leave out of a flow, read from its sentence once the flow is known:
/// the parties as the sentence names them, who the claim is credited to, the vessel that
/// carries it, and the quantity of this flow with what it measures.
struct FlowDetails {
    let table: EntityTable
    let text: DocumentText
    let found: [Found]
    let cues: [CueHit]
    let quantities: [FoundQuantity]
    /// Entities found by their names' shape (people, organisations, ships).
    let discovered: [DiscoveredEntity]

    /// Found mentions of one sentence (`found` is in text order).
    private func mentions(in sentence: Int) -> ArraySlice<Found> {
        let start = SortedSets.lowerBound(self.found, sentence) { Int($0.sentence) }
        let end = SortedSets.lowerBound(self.found, sentence + 1) { Int($0.sentence) }
        return self.found[start..<end]
    }

    private func cues(in sentence: Int) -> ArraySlice<CueHit> {
        let start = SortedSets.lowerBound(self.cues, sentence) { Int($0.sentence) }
        let end = SortedSets.lowerBound(self.cues, sentence + 1) { Int($0.sentence) }
        return self.cues[start..<end]
    }

    /// The party as named: the country itself when the sentence names it, else the first
    /// mention that acts for it (a capital, ministry, company, armed force or leader).
    func namedParty(rollingUpTo party: Int32, sentence: Int, excluding attribution: Range<Int>?) -> Int32 {
        var specific: Int32?
        for mention in self.mentions(in: sentence) where mention.entity >= 0 && !mention.isNested {
            if let attribution, attribution.overlaps(mention.range) { continue }
            guard self.table.partyCountry[Int(mention.entity)] == party else { continue }
            if mention.entity == party { return party }
            if specific == nil { specific = mention.entity }
        }
        return specific ?? party
    }

    /// Who the sentence credits the claim to: the entity after "according to", or the one
    /// just before a reporting verb ("South Korea's spy agency said", ", Seoul says"), or the
    /// owner of "intelligence" ("U.S. intelligence"). Never one of `parties` (roll-ups).
    /// - Returns: the entity (found index) and its range.
    func attribution(sentence: Int, parties: [Int32]) -> Found? {
        let mentions = self.mentions(in: sentence)
        for cue in self.cues(in: sentence) where cue.cue == .reported || cue.cue == .reportingVerb {
            let start = Int(cue.start)
            let end = Int(cue.end)
            let isAccordingTo = ByteText.lowercasedWord(self.text.bytes, start..<end) == "according to"
            let candidate: Found?
            if isAccordingTo {
                // The first mention after "according to", a few bytes on ("to the U.S. Defense Department").
                candidate = mentions.first { Int($0.start) >= end && Int($0.start) - end <= 24 && self.canAttribute($0) }
            } else {
                // The last mention ending shortly before the verb ("the ministry said", "Seoul says").
                candidate = mentions.last { Int($0.end) <= start && start - Int($0.end) <= 32 && self.canAttribute($0) }
            }
            guard let candidate else { continue }
            if candidate.entity >= 0, parties.contains(self.rollUp(candidate.entity)) { continue }
            return candidate
        }
        return nil
    }

    /// Sources: people, organisations, countries and capitals (not weapons, not events).
    private func canAttribute(_ mention: Found) -> Bool {
        guard mention.entity >= 0 else { return true }
        switch self.table.types[Int(mention.entity)] {
        case .person, .org, .country: return true
        case .place: return self.table.partyCountry[Int(mention.entity)] >= 0
        default: return false
        }
    }

    func rollUp(_ entity: Int32) -> Int32 {
        let country = self.table.partyCountry[Int(entity)]
        return country >= 0 ? country : entity
    }

    /// The id of a vessel the sentence names (in the gazetteer or found by its name), as the
    /// carrier of its flows.
    func vessel(sentence: Int) -> String? {
        for mention in self.mentions(in: sentence) {
            if let index = mention.discoveredIndex, index < self.discovered.count, self.discovered[index].type == .vessel {
                return self.discovered[index].id
            }
            if mention.entity >= 0, self.table.types[Int(mention.entity)] == .vessel { return self.table.ids[Int(mention.entity)] }
        }
        return nil
    }

    /// The quantity of this flow's item in its sentence, and what it measures: casualties
    /// ("1,000 soldiers were killed") are never the size of a deployment, so they are not
    /// tied to the flow.
    func quantity(item: Int32, sentence: Int, modality: Flow.Modality) -> (index: Int, role: QuantityRole)? {
        guard let index = self.quantities.firstIndex(where: { $0.quantity.sentence == sentence && $0.unitEntity == item }) else {
            return nil
        }
        if self.isCasualty(self.quantities[index].quantity) { return nil }
        if modality == .possible { return (index, .pledged) }
        return (index, self.table.isPersonnel[Int(item)] ? .deployed : .delivered)
    }

    /// "killed", "wounded", "dead", "casualties", "injured" within a few words after the quantity.
    private func isCasualty(_ quantity: Quantity) -> Bool {
        var position = quantity.range.upperBound
        let limit = self.text.sentences[quantity.sentence].upperBound
        for _ in 0..<5 {
            guard let token = WordReader.next(self.text.bytes, from: position, limit: limit) else { return false }
            if token.isWord, Self.casualtyWords.contains(self.text.bytes, token.range) { return true }
            position = token.range.upperBound
        }
        return false
    }

    private static let casualtyWords = WordTable<Bool>(
        ["killed", "wounded", "dead", "died", "casualties", "injured", "killed-in-action", "captured"].map { ($0, true) })
}
