extension Automaton {
    /// Number of symbol offsets remembered, enough to find the start of the longest pattern.
    static let ringSize = 512

    /// Finds every pattern occurrence in `bytes` (bounded by non-word characters on both sides,
    /// verified against the exact symbols) and appends it to `hits`, in order of their ends.
    ///
    /// Words are found eight bytes at a time; a word that no pattern starts with (per the
    /// first-word filter) is skipped without touching the automaton; otherwise the DFA reads
    /// from that word until no pattern is in progress any more.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, into hits: inout [RawHit]) {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return }
        switch self.table {
        case .narrow(let table): self.scan(bytes, table: table, into: &hits)
        case .wide(let table): self.scan(bytes, table: table, into: &hits)
        }
    }

    private func scan<Entry: FixedWidthInteger & UnsignedInteger & Sendable>(
        _ bytes: UnsafeBufferPointer<UInt8>, table: [Entry], into hits: inout [RawHit]
    ) {
        CoarseAlphabet.byteInfo.withUnsafeBufferPointer { info in
            table.withUnsafeBufferPointer { table in
                self.hasOutput.withUnsafeBufferPointer { hasOutput in
                    self.isFreshWordStart.withUnsafeBufferPointer { fresh in
                        self.firstWords.withStorage { filter in
                            withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.ringSize) { offsets in
                                var scanner = Scanner(
                                    automaton: self, bytes: bytes, info: info, table: table, hasOutput: hasOutput,
                                    isFreshWordStart: fresh, filter: filter, offsets: offsets)
                                scanner.run(into: &hits)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The state of one scan (see `Automaton.scan`).
private struct Scanner<Entry: FixedWidthInteger & UnsignedInteger> {
    let automaton: Automaton
    let bytes: UnsafeBufferPointer<UInt8>
    let info: UnsafeBufferPointer<UInt8>
    let table: UnsafeBufferPointer<Entry>
    let hasOutput: UnsafeBufferPointer<UInt64>
    let isFreshWordStart: UnsafeBufferPointer<Bool>
    let filter: UnsafeBufferPointer<UInt64>
    let offsets: UnsafeMutableBufferPointer<Int32>
    /// Symbols fed to the automaton so far (indexes `offsets` modulo its size).
    var fed = 0

    mutating func run(into hits: inout [RawHit]) {
        let count = self.bytes.count
        var index = 0
        while index < count {
            // Skip non-word ASCII eight bytes at a time.
            let chunk = SWARWords.load(self.bytes, index)
            let interesting = SWARWords.asciiWordBytes(chunk) | (chunk & SWARWords.highBits)
            if interesting == 0 {
                index += 8
                continue
            }
            index += interesting.trailingZeroBitCount >> 3
            guard index < count else { break }
            let lead = self.bytes[index]
            if lead >= 0x80 {
                if lead == 0xC2 || lead == 0xE2 {
                    // Non-breaking spaces, dashes, quotes: boundaries.
                    index += CoarseAlphabet.length(of: self.info[Int(lead)])
                } else {
                    index = self.runAutomaton(from: index, into: &hits)
                }
                continue
            }
            // An ASCII word: find its end and ask the filter.
            let start = index
            var packed: UInt64 = 0
            var end = start
            while true {
                let word = SWARWords.load(self.bytes, end)
                let stops = ~SWARWords.asciiWordBytes(word) & SWARWords.highBits
                let length = stops.trailingZeroBitCount >> 3
                if end == start {
                    packed = length >= 8 ? word : word & ((1 << UInt64(8 * length)) &- 1)
                }
                end += length
                if length < 8 || end >= count { break }
            }
            end = min(end, count)
            if end < count, self.bytes[end] >= 0x80, self.bytes[end] != 0xC2, self.bytes[end] != 0xE2 {
                // The word goes on with non-ASCII letters: let the automaton read it.
                index = self.runAutomaton(from: start, into: &hits)
                continue
            }
            let lowered = packed | (0x2020_2020_2020_2020 & (end - start >= 8 ? ~0 : (1 << UInt64(8 * (end - start))) &- 1))
            let capitalized = packed & 0xFF >= UInt64(UInt8(ascii: "A")) && packed & 0xFF <= UInt64(UInt8(ascii: "Z"))
            let key = WordFilter.key(packed: lowered, length: end - start, capitalized: capitalized)
            let slot = WordFilter.slot(key)
            if self.filter[slot >> 6] & (1 << UInt64(slot & 63)) != 0 {
                index = self.runAutomaton(from: start, into: &hits)
            } else {
                index = end
            }
        }
    }

    /// Feeds the automaton from a word start (just after a boundary) until no pattern is in
    /// progress, and returns where word skipping resumes.
    private mutating func runAutomaton(from start: Int, into hits: inout [RawHit]) -> Int {
        // Locals, not stored properties: the loop must keep everything in registers.
        let bytes = self.bytes
        let info = self.info
        let table = self.table
        let hasOutput = self.hasOutput
        let fresh = self.isFreshWordStart
        let offsets = self.offsets
        let count = bytes.count
        let boundary = CoarseAlphabet.boundary
        let mask = Automaton.ringSize - 1
        let wordStart = Int(self.automaton.boundaryState)
        var fed = self.fed
        defer { self.fed = fed }
        var state = wordStart
        var previousWasBoundary = true
        var index = start
        while index < count {
            let byteInfo = info[Int(bytes[index])]
            var symbol = byteInfo & 0x1F
            let length = CoarseAlphabet.length(of: byteInfo)
            if byteInfo & 0x80 != 0 {
                symbol = CoarseAlphabet.coarse(SymbolAlphabet.symbol(bytes, at: index).symbol)
            }
            if symbol == boundary {
                if previousWasBoundary {
                    index += length
                    continue
                }
                previousWasBoundary = true
            } else {
                previousWasBoundary = false
            }
            offsets[fed & mask] = Int32(truncatingIfNeeded: index)
            let wordBegins = symbol != boundary && state != wordStart && index > start
                && info[Int(bytes[index - 1])] & 0x1F == boundary
            state = Int(table[state << CoarseAlphabet.shift | Int(symbol)])
            fed &+= 1
            index += length
            if hasOutput[state >> 6] & (1 << UInt64(state & 63)) != 0 { self.collect(state: state, fed: fed, into: &hits) }
            if wordBegins && fresh[state] {
                // A new word with no longer pattern in progress: let the word filter decide.
                return index - length
            }
            if state == 0 {
                // Mid-word mismatch: nothing can start before the next word.
                while index < count && bytes[index] < 0x80 && info[Int(bytes[index])] & 0x1F != boundary { index += 1 }
                return index
            }
            if state == wordStart { return index }
        }
        // Text end counts as a boundary.
        if !previousWasBoundary {
            offsets[fed & mask] = Int32(truncatingIfNeeded: count)
            let next = Int(table[state << CoarseAlphabet.shift | Int(boundary)])
            fed &+= 1
            if hasOutput[next >> 6] & (1 << UInt64(next & 63)) != 0 { self.collect(state: next, fed: fed, into: &hits) }
        }
        return count
    }

    /// Verifies the patterns whose coarse form ends in this state and records them.
    private func collect(state: Int, fed: Int, into hits: inout [RawHit]) {
        let mask = Automaton.ringSize - 1
        for slot in Int(self.automaton.outputStart[state])..<Int(self.automaton.outputStart[state + 1]) {
            let pattern = Int(self.automaton.outputs[slot])
            // Symbol index of the word start: just after the pattern's leading boundary.
            let first = fed - Int(self.automaton.coarseLengths[pattern]) + 1
            guard first >= 0, fed - first < Automaton.ringSize else { continue }
            let start = Int(self.offsets[first & mask])
            if let end = ExactMatch.end(of: self.automaton.patterns[pattern].symbols, in: self.bytes, at: start) {
                hits.append(RawHit(pattern: Int32(pattern), start: Int32(start), end: Int32(end)))
            }
        }
    }
}
