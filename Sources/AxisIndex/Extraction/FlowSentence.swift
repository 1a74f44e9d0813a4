/// One sentence seen the way the flow rules need it: the parties (mentions that stand for a
/// state) and items (weapons and goods) in text order, each with the words around it, and
/// the cues.
struct FlowSentence {
    struct Party {
        var country: Int32
        var range: Range<Int>
        var foundIndex: Int
        /// "Russia’s", "Moscow's".
        var isPossessive: Bool
        /// "Iranian", "North Korean".
        var isDemonym: Bool
        /// The one or two words before ("to", "with", ...), the word after, and the word after a
        /// hyphen ("US-backed", "U.S.-provided").
        var previous: ContextWord
        var beforePrevious: ContextWord
        var next: ContextWord
        var hyphenSuffix: ContextWord
        var isNested: Bool
    }

    struct Item {
        var entity: Int32
        var range: Range<Int>
        var foundIndex: Int
        var isTentative: Bool
        /// "potential assistance", "possible deployment", "potentially up to 10,000 troops".
        var isHedged: Bool
    }

    let index: Int
    let range: Range<Int>
    var parties: [Party] = []
    var items: [Item] = []
    var cues: [CueHit] = []

    /// The party whose demonym or possessive qualifies the item ("Iranian drones", "Russia's
    /// military aid", "advanced Russian military equipment"): up to two words between.
    func origin(of item: Item, in text: DocumentText) -> Party? {
        guard let party = self.parties.last(where: { $0.range.upperBound <= item.range.lowerBound }) else { return nil }
        var position = item.range.lowerBound
        for _ in 0..<4 {
            guard let token = WordReader.previous(text.bytes, before: position, limit: self.range.lowerBound) else { return nil }
            if token.range.upperBound <= party.range.upperBound { return party }
            if token.kind == .possessive && token.range.lowerBound <= party.range.upperBound { return party }
            guard token.kind == .word, ByteText.isLowercase(text.bytes[token.range.lowerBound]) else { return nil }
            guard !ContextWord.of(text.bytes, token.range).contains(.notModifier) else { return nil }
            position = token.range.lowerBound
        }
        return nil
    }

    func cues(_ cue: Cue) -> [CueHit] { self.cues.filter { $0.cue == cue } }
}

/// Builds `FlowSentence`s from the document's mentions and cues.
struct FlowSentenceBuilder {
    let table: EntityTable
    let text: DocumentText

    /// Builds the sentences marked in `needed` (indexed by sentence).
    func build(found: [Found], cues: [CueHit], needed: [Bool]) -> [FlowSentence] {
        var sentences: [FlowSentence] = []
        var current: FlowSentence? = nil
        var cueIndex = 0
        for (foundIndex, mention) in found.enumerated() where mention.entity >= 0 && needed[Int(mention.sentence)] {
            let entity = Int(mention.entity)
            let type = self.table.types[entity]
            let country = self.table.partyCountry[entity]
            guard country >= 0 || type == .weapon || type == .item else { continue }
            if current?.index != Int(mention.sentence) {
                if let finished = current { sentences.append(finished) }
                current = FlowSentence(index: Int(mention.sentence), range: self.text.sentences[Int(mention.sentence)])
            }
            if country >= 0 {
                current?.parties.append(self.party(mention, country: country, foundIndex: foundIndex))
            } else if !mention.isNested {
                current?.items.append(FlowSentence.Item(
                    entity: mention.entity, range: mention.range, foundIndex: foundIndex,
                    isTentative: mention.isTentative, isHedged: self.isHedged(mention)))
            }
        }
        if let finished = current { sentences.append(finished) }
        // Attach the cues of each kept sentence.
        for position in sentences.indices {
            let sentence = sentences[position].index
            while cueIndex < cues.count && Int(cues[cueIndex].sentence) < sentence { cueIndex += 1 }
            var scan = cueIndex
            while scan < cues.count && Int(cues[scan].sentence) == sentence {
                sentences[position].cues.append(cues[scan])
                scan += 1
            }
        }
        return sentences
    }

    private func party(_ mention: Found, country: Int32, foundIndex: Int) -> FlowSentence.Party {
        let bytes = self.text.bytes
        let sentence = self.text.sentences[Int(mention.sentence)]
        let previous = WordReader.previous(bytes, before: Int(mention.start), limit: sentence.lowerBound)
        let beforePrevious = previous.flatMap { WordReader.previous(bytes, before: $0.range.lowerBound, limit: sentence.lowerBound) }
        var next = WordReader.next(bytes, from: Int(mention.end), limit: sentence.upperBound)
        let isPossessive = next?.kind == .possessive
        if isPossessive, let possessive = next { next = WordReader.next(bytes, from: possessive.range.upperBound, limit: sentence.upperBound) }
        var hyphenSuffix: ContextWord = []
        if Int(mention.end) < sentence.upperBound, bytes[Int(mention.end)] == UInt8(ascii: "-"),
            let suffix = WordReader.next(bytes, from: Int(mention.end) + 1, limit: sentence.upperBound), suffix.isWord
        {
            hyphenSuffix = ContextWord.of(bytes, suffix)
        }
        return FlowSentence.Party(
            country: country, range: mention.range, foundIndex: foundIndex, isPossessive: isPossessive,
            isDemonym: mention.kind == .demonym, previous: ContextWord.of(bytes, previous),
            beforePrevious: ContextWord.of(bytes, beforePrevious), next: ContextWord.of(bytes, next), hyphenSuffix: hyphenSuffix,
            isNested: mention.isNested)
    }

    private func isHedged(_ mention: Found) -> Bool {
        let sentence = self.text.sentences[Int(mention.sentence)]
        var position = Int(mention.start)
        for _ in 0..<5 {
            guard let token = WordReader.previous(self.text.bytes, before: position, limit: sentence.lowerBound),
                token.kind == .word || token.kind == .number
            else { return false }
            let word = ContextWord.of(self.text.bytes, token.range)
            if word.contains(.hedge) { return true }
            if !word.isDisjoint(with: [.and, .or]) { return false }
            position = token.range.lowerBound
        }
        return false
    }
}
