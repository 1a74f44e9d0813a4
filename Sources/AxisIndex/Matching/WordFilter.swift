/// A bit set over hashes of the first words of all patterns (lowercased, at most 8 bytes plus
/// the length, plus whether the word is capitalized). The scanner asks it at every word start
/// whether any pattern can begin with this word; only then does it run the automaton. A word
/// whose patterns all need a capital ("To Lam", "A-50") is registered only capitalized, so the
/// common lowercase word never wakes the automaton. False positives only cost time.
struct WordFilter: Sendable {
    static let bits = 16
    private let words: [UInt64]

    init(firstWords: [(word: [UInt8], capitalized: Bool)]) {
        var words = [UInt64](repeating: 0, count: (1 << Self.bits) / 64)
        for (word, capitalized) in firstWords where !word.isEmpty {
            var packed: UInt64 = 0
            for (index, byte) in word.prefix(8).enumerated() { packed |= UInt64(byte) << UInt64(8 * index) }
            for variant in capitalized ? [true] : [false, true] {
                let slot = Self.slot(Self.key(packed: packed, length: word.count, capitalized: variant))
                words[slot >> 6] |= 1 << UInt64(slot & 63)
            }
        }
        self.words = words
    }

    /// The key of a word whose first (up to) 8 lowercased bytes are packed little-endian.
    @inline(__always) static func key(packed: UInt64, length: Int, capitalized: Bool) -> UInt64 {
        packed ^ (UInt64(min(length, 63)) &* 0x9E37_79B9_7F4A_7C15) ^ (capitalized ? 0x5851_F42D_4C95_7F2D : 0)
    }

    @inline(__always) static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> UInt64(64 - Self.bits))
    }

    func withStorage<Result>(_ body: (UnsafeBufferPointer<UInt64>) -> Result) -> Result {
        self.words.withUnsafeBufferPointer(body)
    }
}
