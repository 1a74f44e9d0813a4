/// Finds pattern occurrences word by word: a pattern is its sequence of folded words (the
/// punctuation between them is checked on hits only), and a table keyed by the hash of every
/// word prefix of every pattern says whether some pattern continues after that prefix and
/// which patterns end with it.
///
/// Scanning reads each word of the text once; a word that no pattern starts with fails one bit
/// test in a small filter and costs nothing more. Only a word that starts a pattern reads the
/// words after it. This replaced a byte automaton with ~50,000 states whose table missed the
/// cache on every entity-like word.
struct WordMatcher: Sendable {
    /// One word prefix of some pattern (16 bytes: a hit costs one cache line here).
    struct PrefixSlot: Sendable {
        /// `WordMatcher.key` of the prefix hash; 0 for an empty slot.
        var key: UInt64
        /// Bit 31: some pattern continues after this prefix. Bit 30: a first word whose
        /// patterns all need a capital ("To Lam", "A-50"). Bits 0-29: position + 1 in
        /// `completions` of the further patterns that end here, after `pattern` (0: none).
        var flags: UInt32
        /// The first pattern that ends with this prefix, or -1.
        var pattern: Int32
    }

    /// What verifying a hit of one pattern needs, in one record.
    struct PatternRecord: Sendable {
        /// The first 16 bytes of `PatternSet.spelling` (the rest, if longer, is in `spelling`).
        var spelling: (UInt64, UInt64)
        var symbolStart: Int32
        var symbolCount: Int32
        /// The last symbol is a letter or digit, so the pattern must end where a word ends.
        var endsInWord: Bool
    }

    let patterns: PatternSet
    /// Open addressing over prefix hashes.
    let slots: FrozenBuffer<PrefixSlot>
    let slotShift: UInt64
    /// Further patterns per prefix; the last of each list is stored as its bitwise complement.
    let completions: FrozenBuffer<Int32>
    /// Two bits per first-word hash slot (32 slots per entry, 16 KB): bit 0, some pattern
    /// starts with the word in any case; bit 1, only patterns that need a capital do, so the
    /// common lowercase word is dropped here.
    let firstWords: FrozenBuffer<UInt64>
    let records: FrozenBuffer<PatternRecord>
    /// `patterns.symbols` and `.spelling`, for verifying hits the records do not settle.
    let symbols: FrozenBuffer<UInt8>
    let spelling: FrozenBuffer<UInt8>
    /// Byte masks of a word's first and second eight bytes by its length (index 16: 16 or more).
    let laneMasks = FrozenBuffer<(UInt64, UInt64)>((0...16).map(Self.laneMasks))

    private static func laneMasks(length: Int) -> (UInt64, UInt64) {
        let first: UInt64 = (1 << UInt64(8 * min(length, 8))) &- 1
        let second: UInt64 = (1 << UInt64(8 * max(0, length - 8))) &- 1
        return (first, second)
    }

    static let continuesBit: UInt32 = 1 << 31
    static let capitalOnlyBit: UInt32 = 1 << 30
    static let listMask: UInt32 = (1 << 30) - 1
    static let filterBits = 16

    @inline(__always) static func key(_ hash: UInt64) -> UInt64 { hash | 1 }
    @inline(__always) static func filterBit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 20) & ((1 << Self.filterBits) - 1) }

    init(patterns: PatternSet) {
        self.patterns = patterns
        var continues: Set<UInt64> = []
        var ending: [UInt64: [Int32]] = [:]
        var capitalFirst: [UInt64: Bool] = [:]
        for index in 0..<patterns.count {
            let words = patterns.words[index]
            guard let first = words.first else { continue }
            var hash = WordHash.hash(of: first)
            capitalFirst[hash] = (capitalFirst[hash] ?? true) && patterns.needsCapital[index]
            for word in words.dropFirst() {
                continues.insert(Self.key(hash))
                hash = WordHash.extend(hash, with: WordHash.hash(of: word))
            }
            ending[Self.key(hash), default: []].append(Int32(index))
        }
        self.records = FrozenBuffer((0..<patterns.count).map { Self.record(of: $0, in: patterns) })
        self.symbols = FrozenBuffer(patterns.symbols)
        self.spelling = FrozenBuffer(patterns.spelling)

        let capitalOnlyKeys = Set(capitalFirst.filter(\.value).map { Self.key($0.key) })
        var completions: [Int32] = []
        let allKeys = continues.union(ending.keys).sorted()
        var bits = 10
        while (1 << bits) < allKeys.count * 3 / 2 { bits += 1 }
        let capacity = 1 << bits
        var slots = [PrefixSlot](repeating: PrefixSlot(key: 0, flags: 0, pattern: -1), count: capacity)
        let shift = UInt64(64 - bits)
        for key in allKeys {
            var slot = Int(truncatingIfNeeded: key >> shift)
            while slots[slot].key != 0 { slot = (slot + 1) & (capacity - 1) }
            var flags: UInt32 = continues.contains(key) ? Self.continuesBit : 0
            if capitalOnlyKeys.contains(key) { flags |= Self.capitalOnlyBit }
            var pattern: Int32 = -1
            if let list = ending[key], let first = list.first {
                pattern = first
                if list.count > 1 {
                    flags |= UInt32(completions.count + 1)
                    completions += list.dropFirst().dropLast()
                    completions.append(~list[list.count - 1])
                }
            }
            slots[slot] = PrefixSlot(key: key, flags: flags, pattern: pattern)
        }
        self.slots = FrozenBuffer(slots)
        self.slotShift = shift
        self.completions = FrozenBuffer(completions)

        var firstWords = [UInt64](repeating: 0, count: (1 << Self.filterBits) / 32)
        for (hash, needsCapital) in capitalFirst {
            let slot = Self.filterBit(hash)
            firstWords[slot >> 5] |= (needsCapital ? 2 : 1) << UInt64(2 * (slot & 31))
        }
        self.firstWords = FrozenBuffer(firstWords)
    }

    private static func record(of pattern: Int, in patterns: PatternSet) -> PatternRecord {
        let start = Int(patterns.symbolStart[pattern])
        let count = Int(patterns.symbolStart[pattern + 1]) - start
        var lanes: (UInt64, UInt64) = (0, 0)
        for offset in 0..<min(count, 16) {
            let byte = UInt64(patterns.spelling[start + offset]) << UInt64(8 * (offset % 8))
            if offset < 8 { lanes.0 |= byte } else { lanes.1 |= byte }
        }
        return PatternRecord(
            spelling: lanes, symbolStart: Int32(start), symbolCount: Int32(count),
            endsInWord: SymbolAlphabet.foldedByte(patterns.symbols[start + count - 1]) != nil)
    }

    /// Number of distinct word prefixes in the table (for the benchmark's report).
    var prefixCount: Int { self.slots.buffer.reduce(0) { $0 + ($1.key != 0 ? 1 : 0) } }
}
