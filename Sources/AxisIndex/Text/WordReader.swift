/// A word, number or punctuation mark read from the text around an offset.
struct WordToken: Sendable, Hashable {
    enum Kind: UInt8, Sendable {
        /// Letters (and digits), with inner hyphens and apostrophes: "Jean-Loup", "O'Brien", "Hwasong-11".
        case word
        /// Starts with a digit, with inner ',' and '.': "10,000", "2.5".
        case number
        /// "'s" or "’s" after a word.
        case possessive
        /// Any other single character (comma, quote, dash, bracket, ...).
        case punctuation
    }

    var range: Range<Int>
    var kind: Kind

    var isWord: Bool { self.kind == .word }
}

/// Reads tokens forwards and backwards from an offset, skipping whitespace, within limits
/// (usually the sentence). Used only around candidate matches, never over the whole text.
enum WordReader {
    @inline(__always)
    private static func isWordByte(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return ByteText.isAlphanumeric(byte) }
        return ByteText.isLetterByte(bytes, at: index)
    }

    @inline(__always)
    private static func isApostrophe(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        if bytes[index] == UInt8(ascii: "'") { return 1 }
        if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 { return 3 }
        return 0
    }

    /// Skips spaces (ASCII and Unicode) forwards.
    static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, limit: Int) -> Int {
        var position = index
        while position < limit {
            if ByteText.isSpace(bytes[position]) {
                position += 1
            } else if ByteText.isUnicodeSpace(bytes, at: position) {
                position += bytes[position] == 0xC2 ? 2 : 3
            } else {
                break
            }
        }
        return position
    }

    /// An ASCII byte that can join two parts of a token ("-", ",", ".", "'").
    @inline(__always) private static func isASCIIJoiner(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "'")
    }

    /// The token starting at or after `index` (whitespace skipped), ending before `limit`.
    static func next(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, limit: Int) -> WordToken? {
        let start = self.skipSpaces(bytes, from: index, limit: limit)
        guard start < limit else { return nil }
        // The common case: ASCII letters and digits up to a space or plain punctuation.
        if ByteText.isAlphanumeric(bytes[start]) {
            var end = start + 1
            while end < limit, ByteText.isAlphanumeric(bytes[end]) { end += 1 }
            if end == limit || (bytes[end] < 0x80 && !self.isASCIIJoiner(bytes[end])) {
                return WordToken(range: start..<end, kind: ByteText.isDigit(bytes[start]) ? .number : .word)
            }
        }
        let apostrophe = self.isApostrophe(bytes, start)
        if apostrophe > 0, start > 0, self.isWordByte(bytes, start - 1), start + apostrophe < limit,
            bytes[start + apostrophe] | 0x20 == UInt8(ascii: "s"),
            start + apostrophe + 1 >= limit || !self.isWordByte(bytes, start + apostrophe + 1)
        {
            return WordToken(range: start..<(start + apostrophe + 1), kind: .possessive)
        }
        guard self.isWordByte(bytes, start) else {
            let length = bytes[start] < 0x80 ? 1 : min(self.sequenceLength(bytes[start]), limit - start)
            return WordToken(range: start..<(start + max(1, length)), kind: .punctuation)
        }
        let isNumber = ByteText.isDigit(bytes[start])
        var end = start + 1
        while end < limit {
            if self.isWordByte(bytes, end) {
                end += 1
                continue
            }
            let byte = bytes[end]
            let joinerLength: Int
            if byte == UInt8(ascii: "-") && !isNumber {
                joinerLength = 1
            } else if (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")) && isNumber {
                joinerLength = 1
            } else if !isNumber, case let length = self.isApostrophe(bytes, end), length > 0 {
                // "O'Brien" joins; the possessive "'s" does not.
                let after = end + length
                if after < limit, bytes[after] | 0x20 == UInt8(ascii: "s"), after + 1 >= limit || !self.isWordByte(bytes, after + 1) {
                    break
                }
                joinerLength = length
            } else {
                break
            }
            let after = end + joinerLength
            guard after < limit, self.isWordByte(bytes, after), !isNumber || ByteText.isDigit(bytes[after]) else { break }
            end = after + 1
        }
        return WordToken(range: start..<end, kind: isNumber ? .number : .word)
    }

    /// The token ending at or before `index` (whitespace skipped), starting at or after `limit`.
    static func previous(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int, limit: Int) -> WordToken? {
        var end = index
        while end > limit {
            if ByteText.isSpace(bytes[end - 1]) {
                end -= 1
            } else if end - 2 >= limit, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        guard end > limit else { return nil }
        // The common case: ASCII letters and digits after a space or plain punctuation.
        if ByteText.isAlphanumeric(bytes[end - 1]) {
            var start = end - 1
            while start > limit, ByteText.isAlphanumeric(bytes[start - 1]) { start -= 1 }
            if start == limit || (bytes[start - 1] < 0x80 && !self.isASCIIJoiner(bytes[start - 1])) {
                return WordToken(range: start..<end, kind: ByteText.isDigit(bytes[start]) ? .number : .word)
            }
        }
        let last = max(limit, ByteText.sequenceStart(bytes, end - 1))
        guard self.isWordByte(bytes, last) else {
            return WordToken(range: last..<end, kind: .punctuation)
        }
        // Go back over everything a token may contain, then tokenize forwards from there so
        // both directions agree on where tokens start and end.
        var start = last
        while start > limit {
            let before = ByteText.sequenceStart(bytes, start - 1)
            guard before >= limit else { break }
            let byte = bytes[before]
            if self.isWordByte(bytes, before) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",")
                || byte == UInt8(ascii: ".") || self.isApostrophe(bytes, before) > 0
            {
                start = before
            } else {
                break
            }
        }
        var position = start
        while position < end {
            guard let token = self.next(bytes, from: position, limit: end) else { break }
            if token.range.upperBound >= end { return token }
            position = token.range.upperBound
        }
        return WordToken(range: last..<end, kind: .word)
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1
    }
}
