/// One word of the text as the matcher sees it: a maximal run of letters (any script, accents
/// folded), digits and other-script characters.
struct ScannedWord {
    var start: Int
    var end: Int
    /// `WordHash` of the folded word.
    var hash: UInt64
    /// Contains a letter of another script: no pattern contains such a word.
    var isForeign: Bool
    /// Starts with an ASCII capital (or a non-ASCII letter, which is not checked).
    var isCapitalized: Bool
}

/// Reads the words the matcher looks up, straight from UTF-8 bytes: ASCII eight bytes at a
/// time, folding case while hashing, with a symbol-by-symbol path for words with non-ASCII
/// letters. (The scanner finds most words with `WordBlocks`; this reads the others.)
///
/// Word boundaries are every character that is not a letter or digit: spaces, punctuation,
/// hyphens, apostrophes, and the Unicode spaces, dashes and quotes (lead bytes C2 and E2),
/// and × and ÷. The exact symbols between words are checked later, on hits only.
enum MatchWords {
    static let lowercaseBits: UInt64 = 0x2020_2020_2020_2020

    /// The length of the non-word character at `index` (a byte >= 0x80), or 0 if it is part of a word.
    @inline(__always) static func boundaryLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0xC2 { return 2 }
        if byte == 0xE2 { return 3 }
        if byte == 0xC3, index + 1 < bytes.count, bytes[index + 1] == 0x97 || bytes[index + 1] == 0xB7 { return 2 }
        return 0
    }

    /// Where the next word starts at or after `index`, or `bytes.count` if none does.
    @inline(__always) static func nextStart(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        let count = bytes.count
        var position = index
        while position < count {
            let chunk = SWARWords.load(bytes, position)
            let interesting = SWARWords.asciiWordBytes(chunk) | (chunk & SWARWords.highBits)
            if interesting == 0 {
                position += 8
                continue
            }
            position += interesting.trailingZeroBitCount >> 3
            guard position < count else { return count }
            if bytes[position] < 0x80 { return position }
            let skip = self.boundaryLength(bytes, position)
            if skip == 0 { return position }
            position += skip
        }
        return count
    }

    /// The word starting at `start` (which must be a word character, as `nextStart` returns).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> ScannedWord {
        let count = bytes.count
        var end = start
        while true {
            let stops = ~SWARWords.asciiWordBytes(SWARWords.load(bytes, end)) & SWARWords.highBits
            // The zero padding past the end is never a word byte, so this stops.
            end += stops.trailingZeroBitCount >> 3
            if stops != 0 { break }
        }
        if end < count, bytes[end] >= 0x80, self.boundaryLength(bytes, end) == 0 {
            // The word goes on with a non-ASCII letter.
            return self.readFolding(bytes, at: start)
        }
        return self.asciiWord(bytes, start: start, length: end - start)
    }

    /// The number of ASCII letters and digits from `index` on, up to 8 (8 meaning "8 or more").
    @inline(__always) static func asciiRunLength(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        let stops = ~SWARWords.asciiWordBytes(SWARWords.load(bytes, index)) & SWARWords.highBits
        return stops == 0 ? 8 : stops.trailingZeroBitCount >> 3
    }

    /// The word of `length` ASCII letters and digits at `start`.
    @inline(__always) static func asciiWord(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> ScannedWord {
        var state: UInt64 = 0
        var position = start
        var remaining = length
        if remaining <= 8 {
            // At least two lanes: the first, and an empty last one.
            state = WordHash.absorb(state, (SWARWords.load(bytes, position) | self.lowercaseBits) & ((1 << UInt64(8 * remaining)) &- 1))
            position += 8
            remaining = 0
        }
        while remaining > 8 {
            state = WordHash.absorb(state, SWARWords.load(bytes, position) | self.lowercaseBits)
            position += 8
            remaining -= 8
        }
        let lane = remaining == 0 ? 0 : (SWARWords.load(bytes, position) | self.lowercaseBits) & (remaining == 8 ? ~0 : (1 << UInt64(8 * remaining)) &- 1)
        let first = bytes[start]
        return ScannedWord(
            start: start, end: start + length, hash: WordHash.finish(state, lastLane: lane, length: length),
            isForeign: false, isCapitalized: first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"))
    }

    /// A word with non-ASCII characters: folded symbol by symbol.
    private static func readFolding(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> ScannedWord {
        let count = bytes.count
        var state: UInt64 = 0
        var lane: UInt64 = 0
        var filled = 0
        var length = 0
        var isForeign = false
        var index = start
        while index < count {
            let byte = bytes[index]
            var folded: UInt8? = nil
            var step = 1
            if byte < 0x80 {
                guard ByteText.isAlphanumeric(byte) else { break }
                folded = byte | 0x20
            } else {
                let (symbol, symbolLength) = SymbolAlphabet.symbol(bytes, at: index)
                step = symbolLength
                if let letter = SymbolAlphabet.foldedByte(symbol) {
                    folded = letter
                } else if symbol == SymbolAlphabet.otherWord {
                    isForeign = true
                } else {
                    break
                }
            }
            index += step
            guard let folded else { continue }
            if filled == 8 {
                state = WordHash.absorb(state, lane)
                lane = 0
                filled = 0
            }
            lane |= UInt64(folded) << UInt64(8 * filled)
            filled += 1
            length += 1
        }
        if length <= 8 {
            // At least two lanes: the first, and an empty last one.
            state = WordHash.absorb(state, lane)
            lane = 0
        }
        let first = bytes[start]
        return ScannedWord(
            start: start, end: min(index, count), hash: WordHash.finish(state, lastLane: lane, length: length),
            isForeign: isForeign, isCapitalized: first >= 0x80 || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")))
    }
}
