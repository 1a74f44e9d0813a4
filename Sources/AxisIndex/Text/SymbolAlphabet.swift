/// The alphabet patterns are written in and hits are verified in: text bytes folded to a small set of symbols.
///
/// Folding is what makes one pass over raw UTF-8 match case-insensitively and treat
/// hyphens, en and em dashes and spaces alike, curly apostrophes like straight ones, and
/// accented Latin letters like their base letter ("Brasília" = "Brasilia"). The case policy
/// is checked afterwards on the original bytes.
enum SymbolAlphabet {
    static let space: UInt8 = 0
    static let newline: UInt8 = 1
    /// Punctuation that never occurs inside a pattern (quotes, brackets, ...).
    static let otherPunctuation: UInt8 = 2
    /// A byte of a non-Latin letter: part of a word, never inside a pattern.
    static let otherWord: UInt8 = 3
    static let apostrophe: UInt8 = 4
    static let period: UInt8 = 5
    static let ampersand: UInt8 = 6
    static let plus: UInt8 = 7
    static let comma: UInt8 = 8
    static let slash: UInt8 = 9
    static let firstDigit: UInt8 = 10
    static let firstLetter: UInt8 = 20
    /// Number of symbols.
    static let count = 46

    /// Byte-table markers (>= `count`) for lead bytes of sequences decoded by `decodeSpecial`.
    static let leadC2: UInt8 = 200
    static let leadLatin: UInt8 = 201
    static let leadE2: UInt8 = 202

    /// Symbol of each byte, or a lead marker for multi-byte sequences that fold.
    static let byteTable: [UInt8] = {
        var table = [UInt8](repeating: otherPunctuation, count: 256)
        for byte in 0x80...0xFF { table[byte] = otherWord }
        table[0xC2] = leadC2
        table[0xC3] = leadLatin
        table[0xC4] = leadLatin
        table[0xC5] = leadLatin
        table[0xE2] = leadE2
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = firstDigit + (byte - UInt8(ascii: "0")) }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
            table[Int(byte)] = firstLetter + (byte - UInt8(ascii: "a"))
            table[Int(byte - 32)] = firstLetter + (byte - UInt8(ascii: "a"))
        }
        table[Int(UInt8(ascii: " "))] = space
        table[Int(UInt8(ascii: "\t"))] = space
        table[Int(UInt8(ascii: "-"))] = space
        table[Int(UInt8(ascii: "\n"))] = newline
        table[Int(UInt8(ascii: "\r"))] = newline
        table[Int(UInt8(ascii: "'"))] = apostrophe
        table[Int(UInt8(ascii: "`"))] = apostrophe
        table[Int(UInt8(ascii: "."))] = period
        table[Int(UInt8(ascii: "&"))] = ampersand
        table[Int(UInt8(ascii: "+"))] = plus
        table[Int(UInt8(ascii: ","))] = comma
        table[Int(UInt8(ascii: "/"))] = slash
        return table
    }()

    /// Base letter (as a symbol) of U+00C0...U+017F, or `otherPunctuation` for × and ÷.
    private static let latinFold: [UInt8] = {
        // U+00C0...U+017F in order, generated from Unicode decompositions ('*' = not a letter).
        let folded =
            "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty"
            + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
            + "ttttttuuuuuuuuuuuuwwyyyzzzzzzs"
        var table: [UInt8] = []
        for character in folded.utf8 {
            table.append(character == UInt8(ascii: "*") ? otherPunctuation : firstLetter + (character - UInt8(ascii: "a")))
        }
        return table
    }()

    static func isWord(_ symbol: UInt8) -> Bool { symbol >= firstDigit || symbol == otherWord }

    /// The usual ASCII spelling of a symbol that can occur in a pattern (0 for the others).
    static func spelling(_ symbol: UInt8) -> UInt8 {
        if let folded = self.foldedByte(symbol) { return folded }
        switch symbol {
        case space: return UInt8(ascii: " ")
        case apostrophe: return UInt8(ascii: "'")
        case period: return UInt8(ascii: ".")
        case ampersand: return UInt8(ascii: "&")
        case plus: return UInt8(ascii: "+")
        case comma: return UInt8(ascii: ",")
        case slash: return UInt8(ascii: "/")
        default: return 0
        }
    }

    /// A letter or digit symbol as the lowercase ASCII byte it folds to, else nil.
    @inline(__always) static func foldedByte(_ symbol: UInt8) -> UInt8? {
        if symbol >= firstLetter { return UInt8(ascii: "a") + (symbol - firstLetter) }
        if symbol >= firstDigit { return UInt8(ascii: "0") + (symbol - firstDigit) }
        return nil
    }

    /// Decodes the multi-byte sequence starting at `index` whose lead byte has a marker.
    /// Returns the symbol and the number of bytes consumed (at least 1, even for truncated input).
    @inline(__always)
    static func decodeSpecial(
        marker: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, _ index: Int
    ) -> (symbol: UInt8, length: Int) {
        let count = bytes.count
        switch marker {
        case leadC2:
            guard index + 1 < count else { return (otherWord, 1) }
            return (bytes[index + 1] == 0xA0 ? space : otherPunctuation, 2)
        case leadLatin:
            guard index + 1 < count else { return (otherWord, 1) }
            let scalar = (Int(bytes[index] & 0x1F) << 6) | Int(bytes[index + 1] & 0x3F)
            let offset = scalar - 0xC0
            guard offset >= 0, offset < self.latinFold.count else { return (otherWord, 2) }
            return (self.latinFold[offset], 2)
        default:
            guard index + 2 < count else { return (otherPunctuation, 1) }
            guard bytes[index + 1] == 0x80 else { return (otherPunctuation, 3) }
            switch bytes[index + 2] {
            case 0x80...0x8A, 0x90...0x95, 0xAF: return (space, 3)
            case 0x98, 0x99, 0x9B: return (apostrophe, 3)
            case 0xA8, 0xA9: return (newline, 3)
            default: return (otherPunctuation, 3)
            }
        }
    }

    /// The symbol at `index` and its length in bytes.
    @inline(__always)
    static func symbol(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (symbol: UInt8, length: Int) {
        let mapped = self.byteTable[Int(bytes[index])]
        if mapped < UInt8(self.count) { return (mapped, 1) }
        return self.decodeSpecial(marker: mapped, bytes, index)
    }

    /// Whether the character at `index` is an uppercase letter (ASCII, Latin-1; Latin
    /// Extended-A letters are accepted either way).
    @inline(__always)
    static func isUppercase(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return true }
        if byte == 0xC3, index + 1 < bytes.count {
            let next = bytes[index + 1]
            return next >= 0x80 && next <= 0x9E && next != 0x97
        }
        return byte == 0xC4 || byte == 0xC5
    }
}
