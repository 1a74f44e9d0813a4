extension FlowRules {
    // MARK: - Clause limits

    /// Where the material of a transfer ends: the next verb of another transfer, a clause
    /// break ("which", "while"), "in exchange for", a semicolon, or the end of the sentence.
    func stopper(after position: Int) -> Int {
        var end = self.sentence.range.upperBound
        for cue in self.sentence.cues where Int(cue.start) >= position && Int(cue.start) < end {
            switch cue.cue {
            case .supplyVerb, .receiveVerb, .deployVerb, .useVerb, .payVerb, .comeFromVerb, .clauseBreak, .exchangeFor:
                end = Int(cue.start)
            default:
                break
            }
        }
        if position < end, let semicolon = ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: self.text.bytes, from: position, before: end) {
            end = semicolon
        }
        // "earns hard currency: one estimate puts ...": a colon after a word ends the clause.
        if position < end, let colon = ByteSearch.firstIndex(of: UInt8(ascii: ":"), in: self.text.bytes, from: position, before: end),
            colon + 1 < end, self.text.bytes[colon + 1] == UInt8(ascii: " ")
        {
            end = colon
        }
        return end
    }

    /// The start of the clause containing `position`: after the last verb or clause break before it.
    func clauseStart(before position: Int) -> Int {
        var start = self.sentence.range.lowerBound
        for cue in self.sentence.cues where Int(cue.end) <= position {
            switch cue.cue {
            case .supplyVerb, .receiveVerb, .deployVerb, .useVerb, .payVerb, .comeFromVerb, .clauseBreak, .exchangeFor:
                start = max(start, Int(cue.end))
            default:
                break
            }
        }
        return start
    }

    func items(in range: Range<Int>) -> [FlowSentence.Item] {
        self.sentence.items.filter { $0.range.lowerBound >= range.lowerBound && $0.range.upperBound <= range.upperBound }
    }

    /// "were supplied", "has been sent", "were reportedly shipped": a past participle after a form of "be".
    func isPassive(_ trigger: Range<Int>) -> Bool {
        guard !ContextWord.of(self.text.bytes, trigger).contains(.endsWithIng) else { return false }
        var position = trigger.lowerBound
        for _ in 0..<2 {
            guard let token = WordReader.previous(self.text.bytes, before: position, limit: self.sentence.range.lowerBound),
                token.isWord
            else { return false }
            if ContextWord.of(self.text.bytes, token.range).contains(.passiveAuxiliary) { return true }
            // An adverb in between: "were reportedly supplied".
            let last = token.range.upperBound
            guard token.range.count > 3, self.text.bytes[last - 2] == UInt8(ascii: "l"), self.text.bytes[last - 1] == UInt8(ascii: "y")
            else { return false }
            position = token.range.lowerBound
        }
        return false
    }

    func onlySpaceBetween(_ start: Int, _ end: Int) -> Bool {
        self.text.onlySpacesBetween(start, end, orHyphens: true)
    }

    /// Number of tokens between two offsets (capped at 10).
    func wordCount(_ start: Int, _ end: Int) -> Int {
        self.text.tokenCount(start, end)
    }

    /// Nothing but "the" between two offsets: a direct object right after the verb.
    private func onlyArticlesBetween(_ start: Int, _ end: Int) -> Bool {
        self.text.onlyArticlesBetween(start, end)
    }

    /// Only commas, "and", "or" and "the" between two offsets: coordinated names.
    private func onlySeparators(_ start: Int, _ end: Int) -> Bool {
        var position = start
        while let token = WordReader.next(self.text.bytes, from: position, limit: end) {
            let word = ContextWord.of(self.text.bytes, token.range)
            guard !word.isDisjoint(with: [.comma, .and, .or, .the, .ampersand]) else { return false }
            position = token.range.upperBound
        }
        return true
    }

    // MARK: - Parties

    /// Whether a party can be the subject that supplies or receives.
    func isAgent(_ party: FlowSentence.Party) -> Bool {
        if party.isNested || party.hyphenSuffix.contains(.modifierSuffix) { return false }
        if party.next.contains(.nonAgentFollower) { return false }
        let previous = party.previous
        if previous.contains(.recipientMarker) { return false }
        // "with China being the largest purchaser": an absolute clause, China is the subject.
        if previous.contains(.with) { return party.next.contains(.endsWithIng) }
        if previous.contains(.nonAgentMarker) { return false }
        if !party.beforePrevious.isDisjoint(with: [.with, .against]) && previous.isDisjoint(with: [.and, .comma]) { return false }
        if previous.contains(.in) { return party.beforePrevious.contains(.governmentNoun) }
        if previous.contains(.for) && !party.beforePrevious.isDisjoint(with: [.supportNoun, .destination]) { return false }
        return true
    }

    /// Whether `party` is the origin of the item after it ("Iranian weapons").
    func qualifiesItem(_ party: FlowSentence.Party) -> Bool {
        guard let item = self.sentence.items.first(where: { $0.range.lowerBound >= party.range.upperBound }) else { return false }
        return self.sentence.origin(of: item, in: self.text)?.range == party.range
    }

    /// The nearest party before `position` that can be an agent and is not excluded.
    func agentParty(before position: Int, excluding: [Int32]) -> FlowSentence.Party? {
        let floor = self.sanctionFloor(before: position)
        return self.sentence.parties.last {
            $0.range.upperBound <= position && $0.range.lowerBound >= floor && !excluding.contains($0.country) && self.isAgent($0)
        }
    }

    /// Where the agents of a transfer stated after an active sanction verb begin: whoever
    /// designates or sanctions ("the Treasury designated ... for supplying") is not the supplier.
    func sanctionFloor(before position: Int) -> Int {
        guard let sanction = self.sentence.cues.last(where: { $0.cue == .sanctionVerb && Int($0.end) <= position }) else {
            return self.sentence.range.lowerBound
        }
        let range = Int(sanction.start)..<Int(sanction.end)
        return self.isPassive(range) ? self.sentence.range.lowerBound : range.upperBound
    }

    func agent(before position: Int, excluding: [Int32]) -> Int32? {
        self.agentParty(before: position, excluding: excluding)?.country
    }

    /// The party and those coordinated with it ("Japan and South Korea", "Australia, New Zealand and Japan").
    func coordinated(_ party: FlowSentence.Party) -> [Int32] {
        guard let index = self.sentence.parties.firstIndex(where: { $0.range == party.range }) else { return [party.country] }
        var result = [party.country]
        var low = index
        while low > 0 {
            let before = self.sentence.parties[low - 1]
            guard !before.isNested, self.onlySeparators(before.range.upperBound, self.sentence.parties[low].range.lowerBound) else { break }
            if !result.contains(before.country) { result.insert(before.country, at: 0) }
            low -= 1
        }
        var high = index
        while high + 1 < self.sentence.parties.count {
            let after = self.sentence.parties[high + 1]
            guard !after.isNested, self.onlySeparators(self.sentence.parties[high].range.upperBound, after.range.lowerBound) else { break }
            if !result.contains(after.country) { result.append(after.country) }
            high += 1
        }
        return result
    }

    func coordinated(_ country: Int32) -> [Int32] {
        guard let party = self.sentence.parties.last(where: { $0.country == country }) else { return [country] }
        return self.coordinated(party)
    }

    /// Parties in the range introduced by one of `markers` ("from Russia", "by Iran").
    func parties(after start: Int, before end: Int, markedBy markers: ContextWord) -> [Int32] {
        guard let party = self.sentence.parties.first(where: {
            $0.range.lowerBound >= start && $0.range.upperBound <= end && !$0.isNested && !markers.isDisjoint(with: $0.previous)
        }) else { return [] }
        return self.coordinated(party)
    }

    /// The recipient after a supply verb: "to Russia", "to aid Russian forces", or a direct
    /// object ("supplied Russia with shells", "supply Putin weapons").
    func recipients(after start: Int, before end: Int, allowDirectObject: Bool, withMarks: Bool = false) -> [Int32] {
        for party in self.sentence.parties where party.range.lowerBound >= start && party.range.upperBound <= end {
            if party.isNested || party.hyphenSuffix.contains(.modifierSuffix) { continue }
            let marked = party.previous.contains(.recipientMarker) || (withMarks && party.previous.contains(.with))
                || (party.previous.contains(.helpVerb) && party.beforePrevious.contains(.to))
                || (party.previous.contains(.for) && party.beforePrevious.contains(.destination))
            let direct = allowDirectObject && self.onlyArticlesBetween(start, party.range.lowerBound)
            // "carrying Iranian weapons bound for the Houthis": a demonym that says where the
            // goods come from is no object; a recipient may still follow.
            if direct, !marked, party.isDemonym, self.qualifiesItem(party) { continue }
            if marked || direct { return self.coordinated(party) }
        }
        return []
    }

    /// The country of a place the goods went to: "to", "into", "at" or "near" before it
    /// ("handed over at the Hamadan air base", "into Niamey"), not a supplier's.
    func placeRecipient(after start: Int, before end: Int, excluding suppliers: [Int32]) -> Int32? {
        for place in self.sentence.places where place.range.lowerBound >= start && place.range.upperBound <= end {
            guard !suppliers.contains(place.country), !self.sentence.items.contains(where: { $0.range.overlaps(place.range) }) else { continue }
            var position = place.range.lowerBound
            var marker: ContextWord = []
            for _ in 0..<3 {
                guard let token = WordReader.previous(self.text.bytes, before: position, limit: start), token.isWord else { break }
                let word = ContextWord.of(self.text.bytes, token.range)
                if !word.isDisjoint(with: [.to, .into, .in]) || Self.placeMarkers.contains(self.text.bytes, token.range) {
                    marker = word.union(.to)
                    break
                }
                guard ByteText.isUppercase(self.text.bytes[token.range.lowerBound]) || word.contains(.the) else { break }
                position = token.range.lowerBound
            }
            if !marker.isEmpty { return place.country }
        }
        return nil
    }

    static let placeMarkers = WordTable<Bool>.words(["at", "near", "outside"])

    /// The country of a place the goods left: "from" right before it ("from Rajin", "from the
    /// port of Bandar Abbas" reads the place's own name).
    func placeSupplier(after start: Int, before end: Int, excluding recipients: [Int32]) -> Int32? {
        for place in self.sentence.places where place.range.lowerBound >= start && place.range.upperBound <= end {
            guard !recipients.contains(place.country), !self.sentence.items.contains(where: { $0.range.overlaps(place.range) }) else { continue }
            var position = place.range.lowerBound
            for _ in 0..<4 {
                guard let token = WordReader.previous(self.text.bytes, before: position, limit: start), token.isWord else { break }
                let word = ContextWord.of(self.text.bytes, token.range)
                if word.contains(.from) { return place.country }
                guard word.contains(.the) || ["port", "of"].contains(ByteText.lowercasedWord(self.text.bytes, token.range)) else { break }
                position = token.range.lowerBound
            }
        }
        return nil
    }

    /// The maker of the first designated system among `items` that is not one of `excluding`:
    /// "the delivery of Mi-28 helicopters to Iran" names no supplier, but Mi-28s come from Russia.
    func maker(of items: [FlowSentence.Item], excluding: [Int32]) -> Int32? {
        for item in items {
            let maker = self.table.makerCountry[Int(item.entity)]
            if maker >= 0 { return excluding.contains(maker) ? nil : maker }
        }
        return nil
    }

    /// Whether the transfer at `trigger` is sent somewhere that is no party: "to", "across",
    /// "throughout" or "around" and then a capitalised name ("across Africa", "to the Sahel
    /// juntas") that no party starts.
    func namesOtherDestination(after trigger: Range<Int>) -> Bool {
        let stop = self.stopper(after: trigger.upperBound)
        var position = trigger.upperBound
        var previousWasMarker = false
        while let token = WordReader.next(self.text.bytes, from: position, limit: stop) {
            defer { position = token.range.upperBound }
            guard token.isWord else {
                previousWasMarker = false
                continue
            }
            let lowered = ByteText.lowercasedWord(self.text.bytes, token.range)
            if previousWasMarker && lowered == "the" { continue }
            if previousWasMarker, ByteText.isUppercase(self.text.bytes[token.range.lowerBound]) {
                if !self.sentence.parties.contains(where: { $0.range.lowerBound == token.range.lowerBound }),
                    !self.isRoute(after: token.range.lowerBound, before: stop)
                {
                    return true
                }
            }
            previousWasMarker = Self.destinationMarkers.contains(lowered)
        }
        return false
    }

    static let destinationMarkers: Set<String> = ["to", "across", "throughout", "around", "into"]
    /// Names ending in these are ways, not destinations: "across the Caspian Sea".
    static let routeWords = WordTable<Bool>.words(["sea", "ocean", "strait", "straits", "gulf", "bay", "river", "canal", "bridge", "pass", "corridor", "border", "channel"])

    /// Whether the capitalised name at `start` ends in a route word within three words.
    private func isRoute(after start: Int, before end: Int) -> Bool {
        var position = start
        for _ in 0..<3 {
            guard let token = WordReader.next(self.text.bytes, from: position, limit: end), token.isWord,
                ByteText.isUppercase(self.text.bytes[token.range.lowerBound])
            else { return false }
            if Self.routeWords.contains(self.text.bytes, token.range) { return true }
            position = token.range.upperBound
        }
        return false
    }

    /// "These nations have ... provided aid": the countries listed in the sentence before.
    func anaphoricSuppliers(before position: Int) -> [Int32]? {
        guard let anaphor = self.sentence.cues.last(where: { $0.cue == .anaphorPlural && Int($0.end) <= position }) else {
            return nil
        }
        if self.sentence.parties.contains(where: {
            $0.range.lowerBound >= Int(anaphor.end) && $0.range.upperBound <= position && self.isAgent($0)
        }) {
            return nil
        }
        guard let previous = self.previous, previous.index == self.sentence.index - 1 else { return nil }
        var best: [Int32] = []
        let rules = FlowRules(table: self.table, text: self.text, sentence: previous, previousSentences: nil)
        for party in previous.parties where !party.isNested {
            let group = rules.coordinated(party)
            if group.count > best.count { best = group }
        }
        return best.count >= 2 ? best : nil
    }

    /// The possessor just before a noun phrase: "North Korea's shipments".
    func possessor(before position: Int) -> Int32? {
        guard let party = self.sentence.parties.last(where: { $0.range.upperBound <= position }), party.isPossessive,
            self.wordCount(party.range.upperBound, position) <= 3
        else { return nil }
        return party.country
    }

    /// A state elsewhere in the sentence that reads as a recipient: a possessor after the verb
    /// ("fueling Russia's operations"; "Yemen's navy stopped a dhow carrying ..." names none)
    /// or one introduced by "to"/"for".
    func recipientElsewhere(excluding supplier: Int32, after position: Int) -> Int32? {
        self.sentence.parties.first {
            $0.country != supplier && !$0.isNested && !$0.next.contains(.nonAgentFollower)
                && !$0.hyphenSuffix.contains(.modifierSuffix)
                && (($0.isPossessive && $0.range.lowerBound >= position) || !$0.previous.isDisjoint(with: [.recipientMarker, .for]))
        }?.country
    }

    /// The subject of the sentence before, when this one opens with an anaphoric subject
    /// ("The regime has requested ...", "It also received ...").
    func previousSubject() -> Int32? {
        guard let first = WordReader.next(self.text.bytes, from: self.sentence.range.lowerBound, limit: self.sentence.range.upperBound)
        else { return nil }
        let firstWord = ByteText.lowercasedWord(self.text.bytes, first.range)
        var anaphoric = firstWord == "it" || firstWord == "they"
        if firstWord == "the",
            let second = WordReader.next(self.text.bytes, from: first.range.upperBound, limit: self.sentence.range.upperBound)
        {
            anaphoric = ContextWord.of(self.text.bytes, second.range).contains(.governmentNoun)
                || ["country", "nation", "state"].contains(ByteText.lowercasedWord(self.text.bytes, second.range))
        }
        guard anaphoric, let previous = self.previous, previous.index == self.sentence.index - 1 else { return nil }
        let rules = FlowRules(table: self.table, text: self.text, sentence: previous, previousSentences: nil)
        return previous.parties.first { rules.isAgent($0) }?.country
    }
}
