/// Splits text into the words the full-text index and the query language use.
///
/// A word is a run of letters and digits. Case is folded; curly and straight apostrophes
/// inside a word are dropped ("don’t" = "dont"), and a final possessive "'s" with them;
/// hyphens, dashes and all other punctuation split words ("Kim Jong-un" = "kim jong un").
/// Digit groups written with thousands separators stay one number ("10,000" = "10000"), and
/// so do decimals ("2.5"). Each word is then stemmed lightly (plural endings, `Stemmer`).
/// Words longer than 64 bytes are cut there. Any bytes, even invalid UTF-8, give a result.
///
/// The scan works on bytes with a table for ASCII and decodes only non-ASCII letters, and
/// hands each word to its caller as bytes in a reused buffer: no allocation per word.
public enum Tokenizer {
    /// A word: its folded, stemmed form and where it was in the text (UTF-8 byte offsets).
    public struct Token: Sendable, Hashable {
        public var term: String
        public var range: Range<Int>
    }

    /// The longest word kept whole.
    static let maxWordBytes = 64

    /// Every word of `text`, in order (allocates a String per word: for queries and tests).
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var copy = text
        copy.withUTF8 { bytes in
            self.scan(bytes) { word, range in tokens.append(Token(term: String(decoding: word, as: UTF8.self), range: range)) }
        }
        return tokens
    }

    // Byte classes for ASCII: a folded character, or one of these markers.
    private static let separator: UInt8 = 0
    private static let apostrophe: UInt8 = 0xFE
    private static let joiner: UInt8 = 0xFD
    private static let table: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte | 0x20
        case UInt8(ascii: "'"): return Self.apostrophe
        case UInt8(ascii: ","), UInt8(ascii: "."): return Self.joiner
        case 0x80...: return 0xFF
        default: return Self.separator
        }
    }

    /// Calls `body` with each word (folded and stemmed, in a buffer valid only during the
    /// call) and its byte range, in order.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void) {
        let count = bytes.count
        Self.table.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxWordBytes + 8) { word in
                var index = 0
                while index < count {
                    // Find the start of a word.
                    let first = table[Int(bytes[index])]
                    if first == Self.separator || first == Self.apostrophe || first == Self.joiner {
                        index += 1
                        continue
                    }
                    if first == 0xFF {
                        guard let (scalar, length) = Self.decode(bytes, at: index), Self.isWordScalar(scalar) else {
                            index += 1
                            continue
                        }
                        _ = length
                    }
                    let start = index
                    var end = index
                    var length = 0
                    var position = index
                    scanning: while position < count {
                        let byte = bytes[position]
                        let folded = table[Int(byte)]
                        switch folded {
                        case Self.separator:
                            break scanning
                        case Self.apostrophe:
                            let next = position + 1
                            // A final possessive 's ends the word without it.
                            if next < count, bytes[next] | 0x20 == UInt8(ascii: "s"), next + 1 >= count || !Self.isWordByte(bytes, at: next + 1, table) {
                                position = next + 1
                                break scanning
                            }
                            guard next < count, Self.isWordByte(bytes, at: next, table) else { break scanning }
                            position = next
                        case Self.joiner:
                            // "10,000" and "2.5": between digits, the number goes on.
                            guard length > 0, Self.isDigit(word[length - 1]), position + 1 < count, Self.isDigit(bytes[position + 1]) else { break scanning }
                            if byte == UInt8(ascii: "."), length < Self.maxWordBytes {
                                word[length] = byte
                                length += 1
                            }
                            position += 1
                        case 0xFF:
                            // Not ASCII: a curly apostrophe, a letter, or the end of the word.
                            guard let (scalar, scalarLength) = Self.decode(bytes, at: position) else { break scanning }
                            if scalar.value == 0x2019 || scalar.value == 0x2018 || scalar.value == 0x02BC {
                                let next = position + scalarLength
                                if next < count, bytes[next] | 0x20 == UInt8(ascii: "s"), next + 1 >= count || !Self.isWordByte(bytes, at: next + 1, table) {
                                    position = next + 1
                                    break scanning
                                }
                                guard next < count, Self.isWordByte(bytes, at: next, table) else { break scanning }
                                position = next
                                continue
                            }
                            guard Self.isWordScalar(scalar) else { break scanning }
                            for lower in scalar.properties.lowercaseMapping.utf8 where length < Self.maxWordBytes {
                                word[length] = lower
                                length += 1
                            }
                            position += scalarLength
                            end = position
                        default:
                            if length < Self.maxWordBytes {
                                word[length] = folded
                                length += 1
                            }
                            position += 1
                            end = position
                        }
                    }
                    if length > 0 && end > start {
                        length = Stemmer.stem(UnsafeMutableBufferPointer(rebasing: word[0..<length]))
                        body(UnsafeBufferPointer(rebasing: word[0..<length]), start..<end)
                    }
                    index = max(position, start + 1)
                }
            }
        }
    }

    /// Whether the character at `index` continues a word (a letter or digit).
    @inline(__always)
    static func isWordByte(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ table: UnsafeBufferPointer<UInt8>) -> Bool {
        let folded = table[Int(bytes[index])]
        if folded == 0xFF { return Self.decode(bytes, at: index).map { Self.isWordScalar($0.0) } ?? false }
        return folded != Self.separator && folded != Self.apostrophe && folded != Self.joiner
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// One UTF-8 scalar at `index`, or nil for an invalid sequence.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
