/// Splits text into sentences on bytes: every line break ends a sentence (headlines, bylines,
/// captions and bullets are sentences of their own), and so does '.', '!' or '?' followed by
/// a space and something that can start a sentence, unless the '.' ends an abbreviation.
enum SentenceSplitter {
    /// Words whose trailing period does not end a sentence ("Gen. Kim", "Mr. Lee", "Jan. 5").
    private static let abbreviationTable = WordTable<Bool>.words(abbreviationWords)
    private static let abbreviationWords: [String] = [
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "adm", "sen", "rep", "gov", "st", "jr", "sr", "no", "vs",
        "prof", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "maj", "sgt", "capt", "cmdr", "brig", "fig", "approx", "est", "dept", "univ",
    ]
    /// Words that start a new sentence after a dotted acronym ("... in the U.S. The ...").
    private static let sentenceStarterTable = WordTable<Bool>.words(sentenceStarterWords)

    /// Both word tables, fetched once per text: every access to a global runs its lazy-init
    /// check (`swift_once`), which showed up in profiles when done at every period.
    private struct KnownWords {
        let abbreviations: WordTable<Bool>
        let sentenceStarters: WordTable<Bool>
    }
    private static let sentenceStarterWords: [String] = [
        "the", "this", "that", "these", "those", "it", "its", "in", "but", "he", "she", "they", "we", "and",
        "a", "an", "as", "at", "on", "for", "if", "while", "meanwhile", "however", "yet", "there", "such",
        "given", "since", "after", "before", "still", "so", "to", "with", "i", "you", "our", "their", "his",
    ]

    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        sentences.reserveCapacity(bytes.count / 100 + 1)
        let words = KnownWords(abbreviations: Self.abbreviationTable, sentenceStarters: Self.sentenceStarterTable)
        var start: Int? = nil
        var index = 0
        let count = bytes.count
        func close(at end: Int) {
            guard let begin = start else { return }
            var last = end
            while last > begin, ByteText.isSpace(bytes[last - 1]) { last -= 1 }
            if last > begin { sentences.append(begin..<last) }
            start = nil
        }
        while index < count {
            if start != nil {
                // Inside a sentence only line breaks and '.', '!', '?' matter: jump to the next.
                index = self.nextCandidate(bytes, from: index)
                guard index < count else { break }
            }
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                close(at: index)
                index += 1
                continue
            }
            if start == nil {
                if !ByteText.isSpace(byte) && !ByteText.isUnicodeSpace(bytes, at: index) { start = index }
                index += 1
                continue
            }
            // ('!' and '?' end a sentence too: a comma here once made them never do.)
            let ends = byte == UInt8(ascii: ".")
                ? self.isSentenceEnd(bytes, period: index, sentenceStart: start ?? 0, words: words)
                : (byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")) && self.nextStartsSentence(bytes, after: index + 1)
            if ends {
                let end = ByteText.skipClosingPunctuation(bytes, from: index + 1)
                close(at: end)
                index = end
                continue
            }
            index += 1
        }
        close(at: count)
        return sentences
    }

    /// The first line break, '.', '!' or '?' at or after `index` (or `bytes.count`), sixteen
    /// bytes at a time.
    @inline(__always) private static func nextCandidate(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        if let base = bytes.baseAddress {
            while position + 16 <= bytes.count {
                let marks = VectorBytes.sentenceMarks16(UnsafeRawPointer(base), position)
                if marks != 0 { return position + marks.trailingZeroBitCount }
                position += 16
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                return position
            }
            position += 1
        }
        return bytes.count
    }

    private static func isSentenceEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, period: Int, sentenceStart: Int, words: KnownWords
    ) -> Bool {
        guard self.nextStartsSentence(bytes, after: period + 1) else { return false }
        // The word before the period.
        var wordStart = period
        while wordStart > sentenceStart, ByteText.isAlphanumeric(bytes[wordStart - 1]) { wordStart -= 1 }
        let wordLength = period - wordStart
        if wordLength == 0 { return true }
        let dotted = wordStart > sentenceStart && bytes[wordStart - 1] == UInt8(ascii: ".")
        if wordLength == 1 && ByteText.isUppercase(bytes[wordStart]) || dotted {
            // An initial ("George W. Bush") or the end of a dotted acronym ("U.S."): a sentence
            // ends only if a typical sentence opener follows.
            return self.nextWordIsStarter(bytes, after: period + 1, starters: words.sentenceStarters)
        }
        if wordLength <= 5 {
            if words.abbreviations.contains(bytes, wordStart..<period) { return false }
        }
        return true
    }

    /// After optional closing quotes/brackets: whitespace, then an uppercase letter, digit,
    /// opening quote or bracket (or the end of the text).
    private static func nextStartsSentence(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Bool {
        var position = ByteText.skipClosingPunctuation(bytes, from: index)
        guard position < bytes.count else { return true }
        guard ByteText.isSpace(bytes[position]) || ByteText.isUnicodeSpace(bytes, at: position) else { return false }
        while position < bytes.count, ByteText.isSpace(bytes[position]) { position += 1 }
        guard position < bytes.count else { return true }
        let byte = bytes[position]
        return ByteText.isUppercase(byte) || ByteText.isDigit(byte) || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "'") || byte == 0xE2 || byte >= 0xC3
    }

    private static func nextWordIsStarter(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int, starters: WordTable<Bool>) -> Bool {
        var position = ByteText.skipClosingPunctuation(bytes, from: index)
        while position < bytes.count, ByteText.isSpace(bytes[position]) { position += 1 }
        var end = position
        while end < bytes.count, ByteText.isAlphanumeric(bytes[end]) { end += 1 }
        guard end > position, end - position <= 9 else { return false }
        return starters.contains(bytes, position..<end)
    }
}

/// Sentences of a text for those outside the index: the evidence of a flow is kept as a
/// sentence index, and its bytes are found again in the body when a reply shows it.
public enum SentenceRanges {
    /// The UTF-8 byte ranges of the sentences of `body`, numbered as the extractor numbers them.
    public static func all(in body: [UInt8]) -> [Range<Int>] {
        body.withUnsafeBufferPointer { SentenceSplitter.split($0) }
    }
}
