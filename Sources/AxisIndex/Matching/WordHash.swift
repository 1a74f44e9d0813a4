/// The hash of a folded word (lowercase ASCII letters and digits, accents removed) and of a
/// sequence of words. The pattern compiler and the scanner must compute exactly the same
/// values, so both go through these functions: the scanner feeds the word eight folded bytes
/// (one "lane", little-endian, zero-padded) at a time, the last lane through `finish`.
///
/// Collisions are harmless: every candidate the hashes suggest is verified against the
/// pattern's exact symbols, so a collision only costs a wasted verification.
enum WordHash {
    private static let laneMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let sequenceMultiplier: UInt64 = 0xD6E8_FEB8_6659_FD93

    /// Absorbs one full lane of eight folded bytes.
    @inline(__always) static func absorb(_ state: UInt64, _ lane: UInt64) -> UInt64 {
        (state ^ lane) &* self.laneMultiplier &+ 0x632B_E59B_D9B4_E019
    }

    /// The word's hash from the state after its full lanes, its last (partial, possibly empty)
    /// lane, and its length in folded bytes.
    @inline(__always) static func finish(_ state: UInt64, lastLane: UInt64, length: Int) -> UInt64 {
        (state ^ lastLane ^ (UInt64(truncatingIfNeeded: length) << 57)) &* self.laneMultiplier
    }

    /// The hash of the words so far (`previous`, the hash of a one-word sequence being the
    /// word's own hash) extended by one more word.
    @inline(__always) static func extend(_ previous: UInt64, with word: UInt64) -> UInt64 {
        ((previous << 23 | previous >> 41) ^ word) &* self.sequenceMultiplier
    }

    /// The hash of a folded word given as bytes (for compiling patterns). A word is cut into
    /// lanes of eight bytes, at least two (a word of up to eight bytes gets an empty second
    /// lane, so the scanner hashes every word of up to 16 bytes the same way, without a
    /// branch); all lanes but the last are absorbed, and the last one is finished.
    static func hash(of word: [UInt8]) -> UInt64 {
        var lanes: [UInt64] = []
        for (index, byte) in word.enumerated() {
            if index % 8 == 0 { lanes.append(0) }
            lanes[lanes.count - 1] |= UInt64(byte) << UInt64(8 * (index % 8))
        }
        while lanes.count < 2 { lanes.append(0) }
        var state: UInt64 = 0
        for lane in lanes.dropLast() { state = self.absorb(state, lane) }
        return self.finish(state, lastLane: lanes[lanes.count - 1], length: word.count)
    }
}
