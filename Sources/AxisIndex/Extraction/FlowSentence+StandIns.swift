extension FlowSentenceBuilder {
    /// How many sentences back a stand-in looks for the party it stands for.
    static let standInReach = 3

    /// Adds the parties that stand-ins name: "supplying the country with cash", "sent
    /// fertilizer to its neighbour", "weighed sending missiles to the group". A state stand-in
    /// is the latest state named before it (up to `standInReach` sentences back) that is not
    /// already a party of this sentence before it, so "Russia is supplying the country" never
    /// reads as Russia; a group stand-in is the latest armed group named before it.
    ///
    /// - Parameters:
    ///   - found: the document's mentions.
    ///   - first: the position in `found` of the sentence's first mention.
    func addStandIns(found: [Found], before first: Int, to built: inout FlowSentence) {
        for cue in built.cues where cue.cue == .standInState || cue.cue == .standInGroup || cue.cue == .standInSides {
            guard let phraseStart = self.standInStart(cue, in: built) else { continue }
            let range = phraseStart..<Int(cue.end)
            guard !built.parties.contains(where: { $0.range.overlaps(range) }),
                !built.items.contains(where: { $0.range.overlaps(range) })
            else { continue }
            if cue.cue == .standInSides {
                self.addWarSides(found: found, at: range, sentence: built.index, to: &built)
                continue
            }
            let isGroup = cue.cue == .standInGroup
            // Parties before it that could be the clause's subject ("Russia is supplying the
            // country"); not a source's nationality ("Malian officials say the junta ...").
            let before = built.parties.filter { $0.range.upperBound <= range.lowerBound && !$0.next.contains(.nonAgentFollower) }
            let candidates = self.antecedents(found: found, before: first, stopAt: range.lowerBound, of: built, isGroup: isGroup,
                excluding: isGroup ? [] : before.map(\.country))
            // "Russia is believed to be supplying the country": the one the document's flows
            // have joined with a party of this sentence, else the latest named.
            let others = built.parties.map(\.country)
            guard let party = candidates.first(where: { candidate in others.contains { self.hints?.joined(candidate, $0) == true } })
                ?? candidates.first
            else { continue }
            let mention = Found(
                entity: party, start: Int32(range.lowerBound), end: cue.end, sentence: Int32(built.index), kind: .alias)
            let standIn = self.party(mention, country: party, foundIndex: -1)
            let position = built.parties.firstIndex { $0.range.lowerBound > range.lowerBound } ?? built.parties.count
            built.parties.insert(standIn, at: position)
        }
    }

    /// Words that make a head a stand-in when they come right before it.
    static let standInDeterminers: [String: Set<String>] = [
        "neighbour": ["its"], "neighbor": ["its"], "ally": ["its"],
        "side": ["either", "neither", "any"], "party": ["either", "neither", "any"],
    ]

    /// Where the stand-in phrase of a head word starts ("the" in "the country", "its" in "its
    /// neighbour", "neither" in "neither side"), or nil when the word before makes it none.
    func standInStart(_ cue: CueHit, in built: FlowSentence) -> Int? {
        guard let before = WordReader.previous(self.text.bytes, before: Int(cue.start), limit: built.range.lowerBound), before.isWord else {
            return nil
        }
        let head = ByteText.lowercasedWord(self.text.bytes, Int(cue.start)..<Int(cue.end))
        let word = ByteText.lowercasedWord(self.text.bytes, before.range)
        let allowed = Self.standInDeterminers[head] ?? ["the"]
        // "the state-run media", "the group's leader": not the stand-in itself.
        if Int(cue.end) < built.range.upperBound, self.text.bytes[Int(cue.end)] == UInt8(ascii: "-") { return nil }
        return allowed.contains(word) ? before.range.lowerBound : nil
    }

    /// "supplies weapons to neither side", "to either side in Ukraine": Russia and Ukraine, as
    /// two coordinated parties at the phrase, when the document names both.
    private func addWarSides(found: [Found], at range: Range<Int>, sentence: Int, to built: inout FlowSentence) {
        let sides = self.table.warSides
        guard !sides.isEmpty, sides.allSatisfy({ side in
            found.contains { $0.entity >= 0 && self.table.partyCountry[Int($0.entity)] == side }
        }) else { return }
        let position = built.parties.firstIndex { $0.range.lowerBound > range.lowerBound } ?? built.parties.count
        for (offset, side) in sides.enumerated() {
            let mention = Found(entity: side, start: Int32(range.lowerBound), end: Int32(range.upperBound), sentence: Int32(sentence), kind: .alias)
            built.parties.insert(self.party(mention, country: side, foundIndex: -1), at: position + offset)
        }
    }

    /// The parties before `end` (in this sentence, from `found[first]` on, and in the
    /// sentences before it) of the asked kind, not excluded, latest first.
    private func antecedents(
        found: [Found], before first: Int, stopAt end: Int, of built: FlowSentence, isGroup: Bool, excluding: [Int32]
    ) -> [Int32] {
        var result: [Int32] = []
        var index = first
        while index < found.count, Int(found[index].sentence) == built.index, Int(found[index].end) <= end { index += 1 }
        while index > 0 {
            index -= 1
            let mention = found[index]
            if Int(mention.sentence) < built.index - Self.standInReach { break }
            guard mention.entity >= 0, !mention.isNested else { continue }
            let country = self.table.partyCountry[Int(mention.entity)]
            guard country >= 0, !excluding.contains(country), !result.contains(country) else { continue }
            if (self.table.types[Int(country)] == .org) == isGroup { result.append(country) }
        }
        return result
    }
}

/// The pairs of parties the flows found so far joined (either way), for stand-ins to prefer:
/// `FlowFinder` adds each sentence's flows as it goes. A class, shared by the sentence builder
/// and the finder for one document.
final class StandInHints {
    private var pairs: [(Int32, Int32)] = []

    func add(_ first: Int32, _ second: Int32) {
        if !self.joined(first, second) { self.pairs.append((first, second)) }
    }

    func joined(_ first: Int32, _ second: Int32) -> Bool {
        self.pairs.contains { ($0.0 == first && $0.1 == second) || ($0.0 == second && $0.1 == first) }
    }
}
