/// The best sentence or two of a hit, with the query's words and entities marked.
public struct Snippet: Sendable, Hashable {
    /// A marked span, in UTF-8 bytes of `text`.
    public struct Highlight: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case term, entity
        }

        public var range: Range<Int>
        public var kind: Kind
        /// For an entity: its id.
        public var entityID: String?
    }

    public var text: String
    public var highlights: [Highlight]

    /// The longest snippet sentence kept whole; longer ones are cut around their first mark.
    static let maxSentenceBytes = 320

    /// - Parameters:
    ///   - body: the snapshot's text.
    ///   - terms: the query's terms (folded and stemmed, as the index has them).
    ///   - mentions: entity mentions to mark (ranges in `body`, with ids).
    ///   - names: names of entities to find and mark (as whole words; see `EntityNames`).
    ///   - sentences: how many sentences at most.
    public static func make(
        body: String, terms: Set<String>, mentions: [(range: Range<Int>, id: String)] = [], names: EntityNames = EntityNames([]),
        sentences limit: Int
    ) -> Snippet {
        guard limit > 0 else { return Snippet(text: "", highlights: []) }
        var bytes = body
        return bytes.withUTF8 { buffer in
            Self.make(buffer, terms: terms, mentions: mentions, names: names, sentences: limit)
        }
    }

    /// `make` over the body's bytes: everything is read in place (no copy of the body, no
    /// string per mark).
    private static func make(
        _ buffer: UnsafeBufferPointer<UInt8>, terms: Set<String>, mentions: [(range: Range<Int>, id: String)], names: EntityNames,
        sentences limit: Int
    ) -> Snippet {
        let sentences = SentenceSplitter.split(buffer)
        guard !sentences.isEmpty else { return Snippet(text: "", highlights: []) }
        // Word starts, found once for both the terms and the names.
        let words = WordBits(buffer)
        var marks = Self.findTerms(terms, in: buffer, words: words)
        marks += names.find(in: buffer, words: words)
        marks += mentions.map { Highlight(range: $0.range, kind: .entity, entityID: $0.id) }
        marks.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }

        // Score sentences: distinct marked words weigh most, then the number of marks. Marks
        // and sentences are both in text order: one walk over each. A sentence holds a few
        // marks, so "distinct" compares each with those before it in place.
        var scored: [(index: Int, score: Int)] = []
        scored.reserveCapacity(sentences.count)
        var next = 0
        for (index, sentence) in sentences.enumerated() {
            while next < marks.count && marks[next].range.lowerBound < sentence.lowerBound { next += 1 }
            let first = next
            var distinct = 0
            while next < marks.count && sentence.contains(marks[next].range.lowerBound) {
                if !(first..<next).contains(where: { Self.sameWord(marks[$0], marks[next], in: buffer) }) { distinct += 1 }
                next += 1
            }
            scored.append((index, distinct * 10 + (next - first)))
        }
        let chosen = scored.sorted { ($0.score, -$0.index) > ($1.score, -$1.index) }.prefix(limit).map(\.index).sorted()

        var text = ""
        var highlights: [Highlight] = []
        var previous: Int?
        for index in chosen {
            if let previous { text += previous + 1 == index ? " " : " … " }
            previous = index
            var range = sentences[index]
            let inside = marks.filter { range.contains($0.range.lowerBound) && $0.range.upperBound <= range.upperBound }
            if range.count > Self.maxSentenceBytes {
                range = Self.window(range, around: inside.first?.range.lowerBound ?? range.lowerBound, in: buffer)
            }
            let prefix = range.lowerBound > sentences[index].lowerBound ? "…" : ""
            let suffix = range.upperBound < sentences[index].upperBound ? "…" : ""
            text += prefix
            let base = text.utf8.count - range.lowerBound
            text += ByteText.string(buffer, range)
            text += suffix
            for mark in inside where range.contains(mark.range.lowerBound) && mark.range.upperBound <= range.upperBound {
                highlights.append(Highlight(range: (mark.range.lowerBound + base)..<(mark.range.upperBound + base), kind: mark.kind, entityID: mark.entityID))
            }
        }
        return Snippet(text: text, highlights: highlights)
    }

    /// Whether two marks are the same word for scoring: the same entity, or the same text up
    /// to case (ASCII compared byte by byte; other text lowercased as strings, rarely).
    static func sameWord(_ a: Highlight, _ b: Highlight, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.entityID != nil || b.entityID != nil { return a.entityID == b.entityID }
        if Self.isASCII(a.range, in: text) && Self.isASCII(b.range, in: text) {
            return a.range.count == b.range.count
                && zip(a.range, b.range).allSatisfy { ByteText.lowercased(text[$0]) == ByteText.lowercased(text[$1]) }
        }
        return ByteText.string(text, a.range).lowercased() == ByteText.string(text, b.range).lowercased()
    }

    private static func isASCII(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        range.allSatisfy { text[$0] < 0x80 }
    }

    /// Where the query's terms occur, given the text's word starts. Not by tokenizing the
    /// whole text: only the words that start with a term's first byte are tokenized and
    /// compared (stemming changes only a word's end). Terms that are not ASCII fall back to a
    /// full scan.
    static func findTerms(_ terms: Set<String>, in text: UnsafeBufferPointer<UInt8>, words: WordBits) -> [Highlight] {
        guard !terms.isEmpty else { return [] }
        var marks: [Highlight] = []
        let wanted = terms.map { Array($0.utf8) }
        if wanted.contains(where: { $0.contains { $0 >= 0x80 } }) {
            Tokenizer.scan(text) { word, range in
                if wanted.contains(where: { $0.count == word.count && $0.elementsEqual(word) }) {
                    marks.append(Highlight(range: range, kind: .term, entityID: nil))
                }
            }
            return marks
        }
        // One pass for all the terms, 64 bytes at a time: only word starts (as the matcher
        // finds them: curly quotes and dashes separate words) are looked at, and only those
        // whose byte starts a term go further. A loop over every byte was most of a snippet's
        // time.
        var startsTerm = [Bool](repeating: false, count: 256)
        for term in wanted where !term.isEmpty { startsTerm[Int(term[0])] = true }
        // A term's first bytes (up to four, never all of it: "shells" stems to "shell").
        let prefixes = wanted.map { $0.prefix(max(1, min(4, $0.count - 1))) }
        words.forEachStart { at in
            guard startsTerm[Int(ByteText.lowercased(text[at]))],
                prefixes.contains(where: { prefix in
                    at + prefix.count <= text.count && prefix.indices.allSatisfy { ByteText.lowercased(text[at + $0 - prefix.startIndex]) == prefix[$0] }
                })
            else { return }
            // Tokenize just this word, and compare it with the terms.
            let end = min(text.count, at + Tokenizer.maxWordBytes + 16)
            var matched: Range<Int>?
            Tokenizer.scan(UnsafeBufferPointer(rebasing: text[at..<end])) { word, range in
                if matched == nil, range.lowerBound == 0, wanted.contains(where: { $0.elementsEqual(word) }) { matched = range }
            }
            if let matched { marks.append(Highlight(range: (at + matched.lowerBound)..<(at + matched.upperBound), kind: .term, entityID: nil)) }
        }
        return marks
    }

    /// About `maxSentenceBytes` of `range` around `center`, cut at spaces (so never inside a
    /// character).
    static func window(_ range: Range<Int>, around center: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let space = UInt8(ascii: " ")
        var start = max(range.lowerBound, min(center, range.upperBound) - Self.maxSentenceBytes / 3)
        while start > range.lowerBound && utf8[start - 1] != space { start -= 1 }
        var end = min(range.upperBound, start + Self.maxSentenceBytes)
        if end < range.upperBound {
            while end > start && utf8[end] != space { end -= 1 }
            if end == start {
                // One long word: cut after whole characters.
                end = min(range.upperBound, start + Self.maxSentenceBytes)
                while end < range.upperBound && utf8[end] & 0xC0 == 0x80 { end += 1 }
            }
        }
        return start..<end
    }
}
