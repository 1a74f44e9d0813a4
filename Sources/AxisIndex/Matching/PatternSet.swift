/// The compiled patterns in flat arrays, so that verifying a hit or reading a sense never
/// touches a nested array (no reference counting in the per-document work). A class, so that
/// passing it on retains one object, not each array.
final class PatternSet: Sendable {
    /// Exact `SymbolAlphabet` symbols of all patterns; pattern p is
    /// `symbols[symbolStart[p]..<symbolStart[p + 1]]`.
    let symbols: [UInt8]
    let symbolStart: [Int32]
    /// The symbols as the ASCII bytes of their usual spelling ("north korea", "u.s."), one
    /// byte per symbol, plus 8 bytes of padding: most hits are verified by comparing this
    /// eight bytes at a time.
    let spelling: [UInt8]
    /// All senses, pattern by pattern; pattern p has `senses[senseStart[p]..<senseStart[p + 1]]`.
    let senses: [Sense]
    let senseStart: [Int32]
    /// Per pattern: its words, folded to lowercase ASCII ("U.S. Army" -> ["u", "s", "army"]);
    /// empty when the pattern cannot match at a word start (it begins with punctuation).
    let words: [[[UInt8]]]
    /// Per pattern: every sense needs an uppercase first letter ("To Lam", "A-50"), so the
    /// common lowercase word never needs to be looked at.
    let needsCapital: [Bool]

    init(_ patterns: [Pattern]) {
        var symbols: [UInt8] = []
        var symbolStart: [Int32] = [0]
        var senses: [Sense] = []
        var senseStart: [Int32] = [0]
        for pattern in patterns {
            symbols += pattern.symbols
            symbolStart.append(Int32(symbols.count))
            senses += pattern.senses
            senseStart.append(Int32(senses.count))
        }
        self.symbols = symbols
        self.spelling = symbols.map(SymbolAlphabet.spelling) + [UInt8](repeating: 0, count: 8)
        self.symbolStart = symbolStart
        self.senses = senses
        self.senseStart = senseStart
        self.words = patterns.map { Self.words(of: $0.symbols) }
        self.needsCapital = patterns.map { pattern in pattern.senses.allSatisfy { $0.uppercaseMask & 1 != 0 } }
    }

    var count: Int { self.symbolStart.count - 1 }

    /// The runs of letters and digits of a pattern, folded to ASCII; empty if the pattern does
    /// not start with one (such a pattern never starts at a word start).
    private static func words(of symbols: [UInt8]) -> [[UInt8]] {
        guard let first = symbols.first, first >= SymbolAlphabet.firstDigit else { return [] }
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for symbol in symbols {
            if let folded = SymbolAlphabet.foldedByte(symbol) {
                current.append(folded)
            } else if !current.isEmpty {
                words.append(current)
                current = []
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
