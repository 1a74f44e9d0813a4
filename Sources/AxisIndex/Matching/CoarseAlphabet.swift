/// The automaton's own alphabet, coarser than `SymbolAlphabet` so that a DFA row is 32 entries:
/// every non-word character (space, dash, punctuation, quotes, line breaks) is one boundary
/// symbol `B`, digits are one symbol, letters are folded to 26. Hits are verified against the
/// exact symbols afterwards, so the coarseness never changes what matches, only how fast.
enum CoarseAlphabet {
    static let boundary: UInt8 = 0
    static let firstLetter: UInt8 = 1
    static let digit: UInt8 = 27
    static let otherWord: UInt8 = 28
    /// Row width of the DFA table (a power of two, so a row offset is `state << 5`).
    static let width = 32
    static let shift = 5

    /// Per byte: bits 0-4 the coarse symbol, bits 5-6 the UTF-8 sequence length, bit 7 set for
    /// Latin-1/Latin Extended-A lead bytes, whose letter is folded from the next byte.
    static let byteInfo: [UInt8] = {
        var table = [UInt8](repeating: boundary | 1 << 5, count: 256)
        for byte in 0x80...0xBF { table[byte] = otherWord | 1 << 5 }  // stray continuation bytes
        for byte in 0xC0...0xDF { table[byte] = otherWord | 2 << 5 }
        for byte in 0xE0...0xEF { table[byte] = otherWord | 3 << 5 }
        for byte in 0xF0...0xF7 { table[byte] = otherWord | 0 << 5 }  // length 4: see `length(of:)`
        table[0xC2] = boundary | 2 << 5  // NBSP, «, », ·, ...
        table[0xE2] = boundary | 3 << 5  // dashes, curly quotes, ellipsis, bullets, ...
        for byte in 0xC3...0xC5 { table[byte] = 0x80 | 2 << 5 }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = digit | 1 << 5 }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") {
            table[Int(byte)] = (firstLetter + byte - UInt8(ascii: "a")) | 1 << 5
            table[Int(byte - 32)] = (firstLetter + byte - UInt8(ascii: "a")) | 1 << 5
        }
        return table
    }()

    /// ASCII letters and digits: bytes the scanner may skip while no pattern is in progress.
    static let isASCIIWord: [Bool] = (0..<256).map { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    @inline(__always) static func length(of info: UInt8) -> Int {
        let length = Int(info >> 5 & 3)
        return length == 0 ? 4 : length
    }

    /// The coarse symbol of an exact `SymbolAlphabet` symbol.
    static func coarse(_ symbol: UInt8) -> UInt8 {
        if symbol >= SymbolAlphabet.firstLetter { return self.firstLetter + symbol - SymbolAlphabet.firstLetter }
        if symbol >= SymbolAlphabet.firstDigit { return self.digit }
        if symbol == SymbolAlphabet.otherWord { return self.otherWord }
        return self.boundary
    }
}
