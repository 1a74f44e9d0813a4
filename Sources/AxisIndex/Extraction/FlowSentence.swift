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
    }

    let index: Int
    let range: Range<Int>
    var parties: [Party] = []
    var items: [Item] = []
    /// A slice of the document's cues (sharing its storage, so building a sentence does not
    /// copy them).
    var cues: ArraySlice<CueHit> = []

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

/// The sentences before the analysed ones, built only when a rule asks for one.
struct PreviousSentences {
    let builder: FlowSentenceBuilder
    let found: [Found]
    let cues: [CueHit]

    func sentence(_ index: Int) -> FlowSentence? {
        self.builder.sentence(index, found: self.found, cues: self.cues)
    }
}

/// Builds `FlowSentence`s from the document's mentions and cues.
struct FlowSentenceBuilder {
    let table: EntityTable
    let text: DocumentText

    /// Builds the sentences marked in `needed` (indexed by sentence) that name an item.
    func build(found: [Found], cues: [CueHit], needed: [Bool]) -> [FlowSentence] {
        self.build(found: found, range: found.indices, cues: cues[...], needed: needed, requireItems: true)
    }

    /// Builds the sentences marked in `needed` (all of them if nil) from the mentions
    /// `found[range]`; with `requireItems`, only those that name an item (no transfer is read
    /// from the others, and reading the words around their parties is most of the cost).
    private func build(
        found: [Found], range: Range<Int>, cues: ArraySlice<CueHit>, needed: [Bool]?, requireItems: Bool
    ) -> [FlowSentence] {
        var sentences: [FlowSentence] = []
        // One allocation for the result rather than regrowing it sentence by sentence.
        sentences.reserveCapacity(needed.map { $0.reduce(0) { $1 ? $0 + 1 : $0 } } ?? 1)
        var position = range.lowerBound
        while position < range.upperBound {
            // The mentions of one sentence: found[position..<end].
            let sentence = Int(found[position].sentence)
            var end = position
            var hasItem = false
            while end < range.upperBound && Int(found[end].sentence) == sentence {
                let mention = found[end]
                if mention.entity >= 0 && !mention.isNested {
                    let type = self.table.types[Int(mention.entity)]
                    if self.table.partyCountry[Int(mention.entity)] < 0 && (type == .weapon || type == .item) { hasItem = true }
                }
                end += 1
            }
            defer { position = end }
            guard needed?[sentence] ?? true, hasItem || !requireItems else { continue }
            var built = FlowSentence(index: sentence, range: self.text.sentences[sentence])
            for foundIndex in position..<end {
                let mention = found[foundIndex]
                guard mention.entity >= 0 else { continue }
                let entity = Int(mention.entity)
                let type = self.table.types[entity]
                let country = self.table.partyCountry[entity]
                if country >= 0 {
                    built.parties.append(self.party(mention, country: country, foundIndex: foundIndex))
                } else if (type == .weapon || type == .item) && !mention.isNested {
                    built.items.append(FlowSentence.Item(
                        entity: mention.entity, range: mention.range, foundIndex: foundIndex,
                        isTentative: mention.isTentative))
                }
            }
            if !built.parties.isEmpty || !built.items.isEmpty { sentences.append(built) }
        }
        // Attach the cues of each kept sentence.
        var cueIndex = cues.startIndex
        for position in sentences.indices {
            let sentence = sentences[position].index
            while cueIndex < cues.endIndex && Int(cues[cueIndex].sentence) < sentence { cueIndex += 1 }
            var end = cueIndex
            while end < cues.endIndex && Int(cues[end].sentence) == sentence { end += 1 }
            sentences[position].cues = cues[cueIndex..<end]
        }
        return sentences
    }

    /// The one sentence `index` (nil if it names no party or item).
    func sentence(_ index: Int, found: [Found], cues: [CueHit]) -> FlowSentence? {
        guard index >= 0, index < self.text.sentences.count else { return nil }
        let first = Self.firstIndex(in: found, from: index) { Int($0.sentence) }
        let last = Self.firstIndex(in: found, from: index + 1) { Int($0.sentence) }
        guard first < last else { return nil }
        // found[first..<last] is sentence `index` alone, so every sentence the range holds is needed.
        let firstCue = Self.firstIndex(in: cues, from: index) { Int($0.sentence) }
        let lastCue = Self.firstIndex(in: cues, from: index + 1) { Int($0.sentence) }
        return self.build(
            found: found, range: first..<last, cues: cues[firstCue..<lastCue], needed: nil, requireItems: false
        ).first
    }

    /// The first position in `elements` (sorted by `sentence`) whose sentence is >= `index`.
    private static func firstIndex<Element>(in elements: [Element], from index: Int, sentence: (Element) -> Int) -> Int {
        var low = 0
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if sentence(elements[middle]) < index { low = middle + 1 } else { high = middle }
        }
        return low
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
}
