/// The case policy, checked on the original bytes of a match: every letter that is uppercase
/// in the gazetteer form must be uppercase in the text ("US" never matches "us", "West" never
/// matches "west"), while lowercase letters match either case ("tank" matches "Tank").
enum CaseCheck {
    /// Walks the match symbol by symbol (folding space runs as the scanner does) and checks
    /// the symbols whose bit is set in `uppercaseMask`.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, uppercaseMask: UInt64) -> Bool {
        var remaining = uppercaseMask
        var index = start
        var previousWasSpace = false
        while remaining != 0 && index < bytes.count {
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
            if remaining & 1 != 0 && !SymbolAlphabet.isUppercase(bytes, at: index) { return false }
            remaining >>= 1
            index += length
        }
        return true
    }
}
