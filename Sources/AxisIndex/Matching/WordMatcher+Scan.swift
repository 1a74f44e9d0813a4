extension WordMatcher {
    /// Finds every pattern occurrence in `bytes` that starts at a word start, covers whole
    /// words and matches the pattern's exact symbols (runs of spaces folded), and appends it to
    /// `hits` in order of starts.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, into hits: inout [RawHit]) {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int(Int32.max) else { return }
        MatchScanner(matcher: self, bytes: bytes, raw: UnsafeRawPointer(base)).run(into: &hits)
    }
}

/// The state of one scan: the text and the matcher's tables as unsafe buffers, so the
/// per-word loop does no reference counting and no bounds checks beyond its own.
///
/// Each 64-byte block is done in two phases. The first handles every word start of the block
/// without a data-dependent branch: it hashes the word (if it is a plain ASCII word of up to
/// 16 bytes), tests the first-word filter, and keeps the word only if it passed or needs a
/// closer look. The second phase follows the few kept words through the prefix table.
struct MatchScanner {
    /// A word start kept by the first phase.
    private struct Candidate {
        var start: Int32
        /// The word's length, or -1 if it must be read by `MatchWords.read`.
        var length: Int32
        var hash: UInt64
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let raw: UnsafeRawPointer
    let slots: UnsafeBufferPointer<WordMatcher.PrefixSlot>
    let completions: UnsafeBufferPointer<Int32>
    let firstWords: UnsafeBufferPointer<UInt64>
    let records: UnsafeBufferPointer<WordMatcher.PatternRecord>
    let symbols: UnsafeBufferPointer<UInt8>
    let spelling: UnsafeBufferPointer<UInt8>
    let slotShift: UInt64
    let slotMask: Int
    let laneMasks: UnsafeBufferPointer<(UInt64, UInt64)>

    init(matcher: WordMatcher, bytes: UnsafeBufferPointer<UInt8>, raw: UnsafeRawPointer) {
        self.bytes = bytes
        self.raw = raw
        self.slots = matcher.slots.buffer
        self.completions = matcher.completions.buffer
        self.firstWords = matcher.firstWords.buffer
        self.records = matcher.records.buffer
        self.symbols = matcher.symbols.buffer
        self.spelling = matcher.spelling.buffer
        self.slotShift = matcher.slotShift
        self.slotMask = self.slots.count - 1
        self.laneMasks = matcher.laneMasks.buffer
    }

    func run(into hits: inout [RawHit]) {
        let count = self.bytes.count
        var blocks = WordBlocks(bytes: self.bytes)
        var previousEndsInWord: UInt64 = 0
        // Where the last word read by `MatchWords.read` ended: no word starts inside it.
        var resumeAt = 0
        var blockStart = 0
        withUnsafeTemporaryAllocation(of: Candidate.self, capacity: 64) { candidates in
            guard let candidates = candidates.baseAddress else { return }
            while blockStart < count {
                let word = blocks.classify(blockStart)
                let starts = word & ~(word << 1 | previousEndsInWord)
                previousEndsInWord = word >> 63
                var kept = blockStart &+ 88 <= count
                    ? self.keepCandidates(word: word, starts: starts, blockStart: blockStart, into: candidates)
                    : self.keepAll(starts: starts, blockStart: blockStart, into: candidates)
                while kept != 0 {
                    let candidate = candidates[kept.trailingZeroBitCount]
                    kept &= kept &- 1
                    let start = Int(candidate.start)
                    guard start >= resumeAt else { continue }
                    if candidate.length >= 0 {
                        let first = self.bytes[start]
                        self.match(from: ScannedWord(
                            start: start, end: start &+ Int(candidate.length), hash: candidate.hash,
                            isForeign: false, isCapitalized: first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")),
                            into: &hits)
                        continue
                    }
                    let scanned = MatchWords.read(self.bytes, at: start)
                    resumeAt = scanned.end
                    if !scanned.isForeign && self.filter(scanned.hash, isCapitalized: scanned.isCapitalized) != 0 {
                        self.match(from: scanned, into: &hits)
                    }
                }
                blockStart &+= 64
            }
        }
    }

    /// Phase one for a block with at least 24 readable bytes after it: writes the n-th word
    /// start of the block to `candidates[n]` and returns the bit set of those kept. Every step
    /// is arithmetic (no branch depends on the text) except the loop over the word starts, and
    /// no step waits for the previous word's filter test.
    @inline(__always) private func keepCandidates(
        word: UInt64, starts: UInt64, blockStart: Int, into candidates: UnsafeMutablePointer<Candidate>
    ) -> UInt64 {
        var kept: UInt64 = 0
        var written = 0
        // A word running into the next block is the last start; it is done after the others.
        let crossing = word >> 63 != 0 && starts != 0 ? 63 &- starts.leadingZeroBitCount : -1
        var remaining = crossing >= 0 ? starts & ~(1 << UInt64(crossing)) : starts
        while remaining != 0 {
            let offset = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            let length = (~(word >> UInt64(offset))).trailingZeroBitCount
            kept |= self.keep(start: blockStart &+ offset, length: length, into: candidates + written) << UInt64(written)
            written &+= 1
        }
        if crossing >= 0 {
            // Its length: the rest of this block plus a run of fewer than 8 ASCII letters and
            // digits in the next, ended by an ASCII byte; anything else goes to `MatchWords.read`.
            let tail = MatchWords.asciiRunLength(self.bytes, from: blockStart &+ 64)
            let plain = tail < 8 && self.raw.load(fromByteOffset: blockStart &+ 64 &+ tail, as: UInt8.self) < 0x80
            let length = plain ? 64 &- crossing &+ tail : 64
            kept |= self.keep(start: blockStart &+ crossing, length: length, into: candidates + written) << UInt64(written)
        }
        return kept
    }

    /// Hashes the word of `length` bytes at `start` (at least 16 bytes readable) into
    /// `candidate`; 1 if it is to be kept (it may start a pattern, or it is not a plain ASCII
    /// word of up to 16 bytes), else 0.
    @inline(__always) private func keep(start: Int, length: Int, into candidate: UnsafeMutablePointer<Candidate>) -> UInt64 {
        let masks = self.laneMasks[min(length, 16)]
        let firstLoad = self.raw.loadUnaligned(fromByteOffset: start, as: UInt64.self).littleEndian
        let first = firstLoad & masks.0
        let second = self.raw.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self).littleEndian & masks.1
        let isPlain = Self.bit(length <= 16) & Self.bit((first | second) & SWARWords.highBits == 0)
        let hash = WordHash.finish(
            WordHash.absorb(0, first | MatchWords.lowercaseBits & masks.0),
            lastLane: second | MatchWords.lowercaseBits & masks.1, length: length)
        let isCapitalized = UInt8(truncatingIfNeeded: firstLoad) &- UInt8(ascii: "A") < 26
        candidate.pointee = Candidate(
            start: Int32(truncatingIfNeeded: start), length: isPlain != 0 ? Int32(truncatingIfNeeded: length) : -1, hash: hash)
        return self.filter(hash, isCapitalized: isCapitalized) | (isPlain ^ 1)
    }

    /// Phase one near the text end: every word start is left to `MatchWords.read`.
    private func keepAll(starts: UInt64, blockStart: Int, into candidates: UnsafeMutablePointer<Candidate>) -> UInt64 {
        var remaining = starts
        var written = 0
        while remaining != 0 {
            candidates[written] = Candidate(start: Int32(truncatingIfNeeded: blockStart &+ remaining.trailingZeroBitCount), length: -1, hash: 0)
            remaining &= remaining &- 1
            written &+= 1
        }
        return written == 64 ? ~0 : (1 << UInt64(written)) &- 1
    }

    @inline(__always) private static func bit(_ value: Bool) -> UInt64 { value ? 1 : 0 }

    /// 1 if some pattern may start with the word of this hash, else 0 (one load for any word).
    @inline(__always) private func filter(_ hash: UInt64, isCapitalized: Bool) -> UInt64 {
        let slot = WordMatcher.filterBit(hash)
        let flags = self.firstWords[slot >> 5] >> UInt64(2 &* (slot & 31))
        return (flags | (flags >> 1) & Self.bit(isCapitalized)) & 1
    }
}
