/// Classifies the text 64 bytes at a time into a bit mask of word bytes, so the scanner finds
/// word starts and ends with bit operations instead of a byte loop, and the work for one word
/// does not wait for the previous word's end to be found.
///
/// Word bytes are ASCII letters and digits and the bytes of non-ASCII letters (and of other
/// non-punctuation characters); everything else separates words, including the two- and
/// three-byte sequences starting C2 or E2 (no-break space, dashes, curly quotes) and × and ÷,
/// exactly as `MatchWords` reads them.
struct WordBlocks {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Separator bytes of this block that belong to a sequence begun in the previous one.
    private var spilledSeparator: UInt64 = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Bit i set: byte `start + i` is a word byte. Blocks must be classified in order (a
    /// separator may straddle two blocks).
    @inline(__always) mutating func classify(_ start: Int) -> UInt64 {
        var word: UInt64
        var high: UInt64
        if start &+ 64 <= self.bytes.count, let base = self.bytes.baseAddress {
            (word, high) = VectorBytes.wordAndHigh(UnsafeRawPointer(base), start)
        } else {
            // The last, partial block: the zero padding past the end is no word byte.
            word = 0
            high = 0
            for lane in 0..<8 {
                let chunk = SWARWords.load(self.bytes, start &+ 8 &* lane)
                word |= VectorBytes.gather(SWARWords.asciiWordBytes(chunk)) << UInt64(8 &* lane)
                high |= VectorBytes.gather(chunk & SWARWords.highBits) << UInt64(8 &* lane)
            }
        }
        if high != 0 || self.spilledSeparator != 0 {
            word = self.addNonASCII(to: word, high: high, start)
        }
        return word
    }

    /// Non-ASCII bytes are word bytes, except the separator sequences: each lead byte (>= C0)
    /// is looked at once.
    private mutating func addNonASCII(to asciiWord: UInt64, high: UInt64, _ start: Int) -> UInt64 {
        var leads: UInt64 = 0
        for lane in 0..<8 {
            let chunk = SWARWords.load(self.bytes, start &+ 8 &* lane)
            leads |= VectorBytes.gather(chunk & (chunk << 1) & SWARWords.highBits) << UInt64(8 &* lane)
        }
        var separator = self.spilledSeparator
        var spill: UInt64 = 0
        while leads != 0 {
            let offset = leads.trailingZeroBitCount
            leads &= leads &- 1
            let index = start &+ offset
            let length = MatchWords.boundaryLength(self.bytes, index)
            guard length > 0 else { continue }
            let bits: UInt64 = length == 3 ? 0b111 : 0b11
            separator |= bits << UInt64(offset)
            if offset > 61 { spill |= bits >> UInt64(64 &- offset) }
        }
        self.spilledSeparator = spill
        return (asciiWord | high) & ~separator
    }
}
