/// Which bytes of a text are word bytes, as `WordBlocks` classifies them (curly quotes and
/// dashes separate words), kept 64 to a word so that word starts and ends are bit tests:
/// for finding a snippet's terms and names at word starts only.
struct WordBits {
    private let bits: [UInt64]

    init(_ text: UnsafeBufferPointer<UInt8>) {
        var blocks = WordBlocks(bytes: text)
        var bits: [UInt64] = []
        bits.reserveCapacity((text.count + 63) / 64)
        for block in stride(from: 0, to: text.count, by: 64) { bits.append(blocks.classify(block)) }
        self.bits = bits
    }

    /// Whether byte `index` (inside the text) is a word byte.
    func isWord(_ index: Int) -> Bool {
        (self.bits[index >> 6] >> UInt64(index & 63)) & 1 == 1
    }

    /// Calls `body` with each word's first byte, in order.
    func forEachStart(_ body: (Int) -> Void) {
        var previousIsWord: UInt64 = 0
        for (block, word) in self.bits.enumerated() {
            var starts = word & ~((word << 1) | previousIsWord)
            previousIsWord = word >> 63
            while starts != 0 {
                body(block &* 64 &+ starts.trailingZeroBitCount)
                starts &= starts &- 1
            }
        }
    }
}
