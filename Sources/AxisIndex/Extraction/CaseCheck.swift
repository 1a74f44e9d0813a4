/// The case policy, checked on the original bytes of a match: every letter that is uppercase
/// in the gazetteer form must be uppercase in the text ("US" never matches "us", "West" never
/// matches "west"), while lowercase letters match either case ("tank" matches "Tank").
enum CaseCheck {
    /// Whether the match `start..<end` of a pattern of `symbolCount` symbols has capitals
    /// where `uppercaseMask` wants them. When the match is ASCII with one byte per symbol (the
    /// usual case), the k-th symbol is the k-th byte and 16 bytes are checked at once.
    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, symbolCount: Int, uppercaseMask: UInt64) -> Bool {
        if uppercaseMask == 0 { return true }
        if end - start == symbolCount, symbolCount <= 16, start >= 0, start + 16 <= bytes.count, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base + start)
            let firstMask: UInt64 = (1 << UInt64(8 &* symbolCount)) &- 1
            let secondMask: UInt64 = (1 << UInt64(8 &* max(0, symbolCount &- 8))) &- 1
            let first = raw.loadUnaligned(as: UInt64.self).littleEndian & firstMask
            let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian & secondMask
            if (first | second) & SWARWords.highBits == 0 {
                let capitals = VectorBytes.gather(SWARWords.asciiUppercase(first))
                    | VectorBytes.gather(SWARWords.asciiUppercase(second)) << 8
                return capitals & uppercaseMask == uppercaseMask & ((1 << UInt64(symbolCount)) &- 1)
            }
        }
        return self.matches(bytes, start: start, uppercaseMask: uppercaseMask)
    }

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
