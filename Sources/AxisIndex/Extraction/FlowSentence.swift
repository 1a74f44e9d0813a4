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

    var index: Int
    var range: Range<Int>
    var parties: [Party] = []
    var items: [Item] = []
    /// Places that are no party but lie in a country ("the Kursk region"): where troops deployed
    /// "in" them went.
    var places: [(country: Int32, range: Range<Int>)] = []
    /// A slice of the document's cues (sharing its storage, so building a sentence does not
    /// copy them).
    var cues: ArraySlice<CueHit> = []

    /// The party whose demonym or possessive qualifies the item ("Iranian drones", "Russia's
    /// military aid", "advanced Russian military equipment"): up to two words between.
    func origin(of item: Item, in text: DocumentText) -> Party? {
        guard let party = self.parties.last(where: { $0.range.upperBound <= item.range.lowerBound }) else { return nil }
        // "Iranian-made drones", "Chinese-built radars": the maker's suffix, then the item.
        if party.hyphenSuffix.contains(.supplySuffix), item.range.lowerBound - party.range.upperBound <= 16,
            let suffix = WordReader.next(text.bytes, from: party.range.upperBound + 1, limit: item.range.lowerBound),
            text.onlySpacesBetween(suffix.range.upperBound, item.range.lowerBound)
        {
            return party
        }
        var position = item.range.lowerBound
        for _ in 0..<4 {
            guard let token = WordReader.previous(text.bytes, before: position, limit: self.range.lowerBound) else { return nil }
            if token.range.upperBound <= party.range.upperBound { return party }
            if token.kind == .possessive && token.range.lowerBound <= party.range.upperBound { return party }
            guard token.kind == .word, ByteText.isLowercase(text.bytes[token.range.lowerBound]) else { return nil }
            guard !ContextWord.of(text.bytes, token.range).contains(.notModifier) else { return nil }
            // A verb between: "Russian units launched KN-23s" (the demonym is the units').
            guard !self.cues.contains(where: { Int($0.start) == token.range.lowerBound && $0.cue.isVerb }) else { return nil }
            position = token.range.lowerBound
        }
        return nil
    }

    func cues(_ cue: Cue) -> [CueHit] { self.cues.filter { $0.cue == cue } }
}

/// The sentences before the analysed ones, built only when a rule asks for one. A class: the
/// rules of every analysed sentence hold it, and one reference costs one retain where the
/// fields would cost four.
final class PreviousSentences {
    let builder: FlowSentenceBuilder
    let found: [Found]
    let cues: [CueHit]

    init(builder: FlowSentenceBuilder, found: [Found], cues: [CueHit]) {
        self.builder = builder
        self.found = found
        self.cues = cues
    }

    /// The last sentence built: the rules of one sentence ask for the one before up to three
    /// times. Forgotten when the next sentence is analysed, since the stand-in hints a sentence
    /// is built with change in between.
    private var last: (index: Int, sentence: FlowSentence?)?

    func forget() { self.last = nil }

    func sentence(_ index: Int) -> FlowSentence? {
        if let last, last.index == index { return last.sentence }
        let built = self.builder.sentence(index, found: self.found, cues: self.cues)
        self.last = (index, built)
        return built
    }
}

/// Builds `FlowSentence`s from the document's mentions and cues.
struct FlowSentenceBuilder {
    let table: EntityTable
    let text: DocumentText
    /// The pairs of parties the document's flows so far joined, which stand-ins prefer.
    var hints: StandInHints?

    /// Calls `body` with each sentence marked in `needed` (indexed by sentence) that names an
    /// item, in text order: no transfer is read from the others, and reading the words around
    /// their parties is most of the cost. One sentence's arrays are reused for the next, so a
    /// document costs two arrays here however many sentences it has (`body` may keep a copy).
    func forEachSentence(found: [Found], cues: [CueHit], needed: [Bool], _ body: (FlowSentence) -> Void) {
        var built = FlowSentence(index: 0, range: 0..<0)
        var cueIndex = 0
        var position = 0
        while position < found.count {
            // The mentions of one sentence: found[position..<end].
            let sentence = Int(found[position].sentence)
            var end = position
            while end < found.count && Int(found[end].sentence) == sentence { end += 1 }
            defer { position = end }
            // Most sentences are not read: their mentions are not looked at.
            guard sentence < needed.count, needed[sentence] else { continue }
            let hasItem = found[position..<end].contains { $0.entity >= 0 && !$0.isNested && self.table.isItem(Int($0.entity)) }
            // The sentence's cues: a search, as the sentences skipped may hold many.
            cueIndex = SortedSets.lowerBound(cues, sentence, from: cueIndex) { Int($0.sentence) }
            var cueEnd = cueIndex
            while cueEnd < cues.count && Int(cues[cueEnd].sentence) == sentence { cueEnd += 1 }
            // "Tehran denies arming the group", "agreed to pay $1.75 billion": the verb implies the item.
            guard hasItem || cues[cueIndex..<cueEnd].contains(where: { $0.cue == .armVerb || $0.cue == .payVerb || self.sendsPronoun($0) })
            else { continue }
            built.index = sentence
            built.range = self.text.sentences[sentence]
            built.parties.removeAll(keepingCapacity: true)
            built.items.removeAll(keepingCapacity: true)
            built.places.removeAll(keepingCapacity: true)
            built.cues = cues[cueIndex..<cueEnd]
            self.add(found: found, position..<end, to: &built)
            self.addImpliedItems(to: &built)
            // Sources first ("Malian officials say the junta has paid"): a source is never what
            // a stand-in avoids, and a stand-in that is a source ("the group said") goes too.
            self.dropSources(from: &built)
            self.addStandIns(found: found, before: position, to: &built)
            self.dropSources(from: &built)
            body(built)
        }
    }

    /// The one sentence `index` (nil if it names no party or item).
    func sentence(_ index: Int, found: [Found], cues: [CueHit]) -> FlowSentence? {
        guard index >= 0, index < self.text.sentences.count else { return nil }
        let first = SortedSets.lowerBound(found, index) { Int($0.sentence) }
        let last = SortedSets.lowerBound(found, index + 1) { Int($0.sentence) }
        guard first < last else { return nil }
        var built = FlowSentence(index: index, range: self.text.sentences[index])
        let firstCue = SortedSets.lowerBound(cues, index) { Int($0.sentence) }
        let lastCue = SortedSets.lowerBound(cues, index + 1) { Int($0.sentence) }
        built.cues = cues[firstCue..<lastCue]
        self.add(found: found, first..<last, to: &built)
        guard !built.parties.isEmpty || !built.items.isEmpty else { return nil }
        self.addImpliedItems(to: &built)
        self.dropSources(from: &built)
        self.addStandIns(found: found, before: first, to: &built)
        self.dropSources(from: &built)
        return built
    }

    /// Whether `noun` follows `designation` with at most two words between and no punctuation
    /// or conjunction: "KN-23 short-range ballistic missiles", "Mi-28NE attack helicopters".
    private func isHeadNoun(after designation: Range<Int>, at noun: Range<Int>) -> Bool {
        guard designation.upperBound <= noun.lowerBound else { return false }
        var position = designation.upperBound
        var words = 0
        while let token = WordReader.next(self.text.bytes, from: position, limit: noun.lowerBound) {
            // A closing quote: '"Pantsir" anti-aircraft systems'.
            if token.kind == .punctuation, [UInt8(ascii: "\""), UInt8(ascii: "'"), 0xE2, 0x80, 0x9D, 0x99].contains(self.text.bytes[token.range.lowerBound]) {
                position = token.range.upperBound
                continue
            }
            guard token.kind == .word, words < 2 else { return false }
            let word = ByteText.lowercasedWord(self.text.bytes, token.range)
            guard !["and", "or", "to", "from", "for", "with", "in", "of"].contains(word) else { return false }
            words += 1
            position = token.range.upperBound
        }
        return true
    }

    /// "North Korea sent them to Russia": a supply verb whose object is a pronoun for the goods
    /// of the sentence before (`FlowRules.objectIsPronoun`).
    private func sendsPronoun(_ cue: CueHit) -> Bool {
        cue.cue == .supplyVerb && FlowRules.objectPronoun(after: Int(cue.end), in: self.text.bytes, limit: self.text.bytes.count) != nil
    }

    /// Whether `designation` names the family of the class noun at `noun`: "of the", and at
    /// most one more word or a quote, between ("ballistic missiles of the "Hvason-11" family").
    private func isFamilyOf(_ noun: Range<Int>, designation: Range<Int>) -> Bool {
        guard noun.upperBound <= designation.lowerBound else { return false }
        var position = noun.upperBound
        var words: [String] = []
        while let token = WordReader.next(self.text.bytes, from: position, limit: designation.lowerBound) {
            position = token.range.upperBound
            if token.kind == .punctuation { continue }
            guard token.kind == .word, words.count < 3 else { return false }
            words.append(ByteText.lowercasedWord(self.text.bytes, token.range))
        }
        return words.first == "of" && (words.count == 1 || words[1] == "the")
    }

    /// Only the given words (at most `atMost` of them) between two offsets.
    private func onlyWords(_ allowed: [String], between start: Int, and end: Int, atMost: Int) -> Bool {
        guard start <= end else { return false }
        var position = start
        var count = 0
        while let token = WordReader.next(self.text.bytes, from: position, limit: end) {
            guard token.isWord, allowed.contains(ByteText.lowercasedWord(self.text.bytes, token.range)) else { return false }
            count += 1
            position = token.range.upperBound
        }
        return count >= 1 && count <= atMost
    }

    /// Words before an item that make it what someone makes, not what moves ("a manufacturer of
    /// drones"), and personnel who speak ("a HUR officer explained").
    static let ownerWords = WordTable<Bool>.words(["his", "her", "their", "its", "own", "our"])
    static let makerNouns = WordTable<Bool>.words(["manufacturer", "manufacturers", "maker", "makers", "producer", "producers", "developer", "developers", "designer", "designers"])

    private func isNotTransferred(_ mention: Found, built: FlowSentence) -> Bool {
        let bytes = self.text.bytes
        if let of = WordReader.previous(bytes, before: Int(mention.start), limit: built.range.lowerBound), of.isWord,
            ByteText.lowercasedEquals(bytes, of.range, "of"),
            let noun = WordReader.previous(bytes, before: of.range.lowerBound, limit: built.range.lowerBound), noun.isWord,
            Self.makerNouns.contains(bytes, noun.range)
        {
            return true
        }
        if self.table.isPersonnel[Int(mention.entity)] {
            // "ammunition to his troops": the subject's own troops receive, they are not sent.
            // ("sent its troops to Russia" sends them: only after "to" or "for".)
            if let owner = WordReader.previous(bytes, before: Int(mention.start), limit: built.range.lowerBound), owner.isWord,
                Self.ownerWords.contains(bytes, owner.range),
                let preposition = WordReader.previous(bytes, before: owner.range.lowerBound, limit: built.range.lowerBound), preposition.isWord,
                ByteText.lowercasedEquals(bytes, preposition.range, "to") || ByteText.lowercasedEquals(bytes, preposition.range, "for")
            {
                return true
            }
            let end = Int(mention.end)
            return built.cues.contains { cue in
                cue.cue == .reportingVerb && Int(cue.start) >= end && self.text.tokenCount(end, Int(cue.start)) <= 2
            }
        }
        return false
    }

    /// Parties that are the claim's source, not its parties: after "according to" ("according
    /// to the United States, North Korea supplied ..."), just before a reporting verb ("Seoul
    /// says", "South Korea's spy agency said"), or a dateline in capitals ("SEOUL, Nov 4 (AP) -").
    private func dropSources(from built: inout FlowSentence) {
        guard !built.parties.isEmpty else { return }
        let bytes = self.text.bytes
        let cues = built.cues
        let sentenceStart = built.range.lowerBound
        built.parties.removeAll { party in
            for cue in cues where cue.cue == .reportingVerb {
                let start = Int(cue.start)
                let end = Int(cue.end)
                let isAccordingTo = ByteText.lowercasedEquals(bytes, start..<end, "according to")
                if end <= party.range.lowerBound, isAccordingTo, self.text.onlyArticlesBetween(end, party.range.lowerBound) { return true }
                if start >= party.range.upperBound, !isAccordingTo,
                    self.text.tokenCount(party.range.upperBound, start, skippingPunctuation: true) <= 3,
                    !self.hasClauseMark(party.range.upperBound, start)
                {
                    return true
                }
            }
            // A dateline: the sentence's first word, in capitals, then a comma or a bracket.
            if party.range.lowerBound == sentenceStart, party.range.count >= 4,
                (party.range).allSatisfy({ !ByteText.isLowercase(bytes[$0]) }),
                let next = WordReader.next(bytes, from: party.range.upperBound, limit: built.range.upperBound), next.kind == .punctuation,
                [UInt8(ascii: ","), UInt8(ascii: "(")].contains(bytes[next.range.lowerBound])
            {
                return true
            }
            return false
        }
    }

    /// A comma, semicolon or full stop between: the reporting verb belongs to another clause.
    private func hasClauseMark(_ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        return (start..<end).contains { [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ".")].contains(self.text.bytes[$0]) }
    }

    /// Adds the parties and items among the mentions `found[mentions]` (all of one sentence).
    private func add(found: [Found], _ mentions: Range<Int>, to built: inout FlowSentence) {
        for foundIndex in mentions {
            let mention = found[foundIndex]
            guard mention.entity >= 0 else { continue }
            let entity = Int(mention.entity)
            let country = self.table.partyCountry[entity]
            if country >= 0 {
                built.parties.append(self.party(mention, country: country, foundIndex: foundIndex))
            } else if self.table.types[entity] == .place, self.table.ownCountry[entity] >= 0 {
                built.places.append((self.table.ownCountry[entity], mention.range))
            } else if !mention.isNested && self.table.isItem(entity) {
                // "KN-23 ballistic missiles", "Yak-130 jet trainers": the class noun is the head
                // of the designation's phrase, not an item of its own.
                if let previous = built.items.last, self.table.isSpecificSystem[Int(previous.entity)], !self.table.isSpecificSystem[entity],
                    self.isHeadNoun(after: previous.range, at: mention.range)
                {
                    continue
                }
                // "ballistic missiles of the Hvason-11 family": the designation says which.
                if let previous = built.items.last, !self.table.isSpecificSystem[Int(previous.entity)], self.table.isSpecificSystem[entity],
                    self.isFamilyOf(previous.range, designation: mention.range)
                {
                    built.items.removeLast()
                }
                // "a Russian manufacturer of drones", "a HUR officer explained", "assistance with
                // space technologies": no item transferred here, or the other one is.
                if self.isNotTransferred(mention, built: built) { continue }
                if let previous = built.items.last, self.table.isAidLike[Int(previous.entity)], !self.table.isAidLike[entity],
                    self.onlyWords(["with", "in", "on", "for"], between: previous.range.upperBound, and: mention.range.lowerBound, atMost: 1)
                {
                    built.items.removeLast()
                }
                built.items.append(FlowSentence.Item(
                    entity: mention.entity, range: mention.range, foundIndex: foundIndex,
                    isTentative: mention.isTentative))
            }
        }
    }

    func party(_ mention: Found, country: Int32, foundIndex: Int) -> FlowSentence.Party {
        let bytes = self.text.bytes
        let sentence = self.text.sentences[Int(mention.sentence)]
        var previous = WordReader.previous(bytes, before: Int(mention.start), limit: sentence.lowerBound)
        if let article = previous, article.isWord, ContextWord.of(bytes, article.range).contains(.the) {
            // "to the Malian junta", "with the Russian Federation": the article says nothing of the role.
            previous = WordReader.previous(bytes, before: article.range.lowerBound, limit: sentence.lowerBound)
        }
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
