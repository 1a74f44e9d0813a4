/// Checks a candidate found on the coarse alphabet against the pattern's exact symbols
/// (digits, '.', apostrophes and other punctuation), folding runs of spaces as patterns are folded.
enum ExactMatch {
    /// The end offset of `symbols` matched at `start`, or nil if the text differs.
    static func end(of symbols: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var index = start
        var previousWasSpace = false
        var matched = 0
        let count = symbols.count
        while matched < count {
            guard index < bytes.count else { return nil }
            let (symbol, length) = SymbolAlphabet.symbol(bytes, at: index)
            if symbol == SymbolAlphabet.space {
                if previousWasSpace {
                    index += length
                    continue
                }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
            guard symbol == symbols[matched] else { return nil }
            matched += 1
            index += length
        }
        return index
    }
}
