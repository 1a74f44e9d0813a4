/// Small byte-level helpers for reading words around an offset of UTF-8 text.
enum ByteText {
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
    @inline(__always) static func isUppercase(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }
    @inline(__always) static func isLowercase(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        self.isLowercase(byte | 0x20) || self.isDigit(byte)
    }
    /// An ASCII letter in lowercase; any other byte as it is.
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        self.isUppercase(byte) ? byte | 0x20 : byte
    }
    /// An ASCII letter in uppercase; any other byte as it is.
    @inline(__always) static func uppercased(_ byte: UInt8) -> UInt8 {
        self.isLowercase(byte) ? byte & ~0x20 : byte
    }
    /// A byte of a letter: ASCII letters and any byte of a multi-byte UTF-8 sequence that is not
    /// general punctuation (E2 ...) or Latin-1 punctuation (C2 ...).
    @inline(__always) static func isLetterByte(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return self.isLowercase(byte | 0x20) }
        return SymbolAlphabet.isWord(SymbolAlphabet.symbol(bytes, at: self.sequenceStart(bytes, index)).symbol)
    }

    /// The first byte of the UTF-8 sequence containing `index`.
    @inline(__always) static func sequenceStart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var position = index
        while position > 0, bytes[position] & 0xC0 == 0x80 { position -= 1 }
        return position
    }

    /// NBSP, en/em spaces and the like (not dashes).
    static func isUnicodeSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] == 0xA0 }
        guard byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return false }
        let last = bytes[index + 2]
        return (0x80...0x8A).contains(last) || last == 0xAF
    }

    /// Skips closing quotes (straight or curly) and closing brackets.
    static func skipClosingPunctuation(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ")")
                || byte == UInt8(ascii: "]")
            {
                position += 1
            } else if byte == 0xE2, position + 2 < bytes.count, bytes[position + 1] == 0x80,
                bytes[position + 2] == 0x9D || bytes[position + 2] == 0x99
            {
                position += 3
            } else {
                break
            }
        }
        return position
    }

    /// The ASCII-lowercased bytes of `range` as a String (short words stay inline, no allocation).
    static func lowercasedWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for (offset, index) in range.enumerated() {
                let byte = bytes[index]
                buffer[offset] = self.isUppercase(byte) ? byte | 0x20 : byte
            }
            return range.count
        }
    }

    /// Whether the bytes of `range`, ASCII-lowercased, are `word` (lowercase ASCII): the test
    /// `lowercasedWord(bytes, range) == word` makes, without making a String.
    static func lowercasedEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount && self.lowercasedHasPrefix(bytes, range, word)
    }

    /// Whether the bytes of `range`, ASCII-lowercased, start with `prefix` (lowercase ASCII).
    static func lowercasedHasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard range.count >= count else { return false }
        let expected = prefix.utf8Start
        for offset in 0..<count where self.lowercased(bytes[range.lowerBound + offset]) != expected[offset] { return false }
        return true
    }

    /// Whether the bytes of `range`, ASCII-lowercased, end with `suffix` (lowercase ASCII).
    static func lowercasedHasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard range.count >= count else { return false }
        return self.lowercasedHasPrefix(bytes, (range.upperBound - count)..<range.upperBound, suffix)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
