extension MatchScanner {
    /// The table slot of a prefix hash, if the prefix is in the table.
    @inline(__always) private func slot(of hash: UInt64) -> Int? {
        let key = WordMatcher.key(hash)
        var slot = Int(truncatingIfNeeded: key >> self.slotShift)
        while true {
            let stored = self.slots[slot].key
            if stored == key { return slot }
            if stored == 0 { return nil }
            slot = (slot &+ 1) & self.slotMask
        }
    }

    /// Follows the words from `first` through the prefix table, verifying the patterns that
    /// end along the way.
    func match(from first: ScannedWord, into hits: inout [RawHit]) {
        var hash = first.hash
        var last = first
        while true {
            guard let index = self.slot(of: hash) else { return }
            let slot = self.slots[index]
            // The common lowercase word never starts a pattern that needs a capital.
            if slot.flags & WordMatcher.capitalOnlyBit != 0 && !first.isCapitalized { return }
            if slot.pattern >= 0 {
                self.verify(Int(slot.pattern), start: first.start, lastWordEnd: last.end, into: &hits)
                let list = Int(slot.flags & WordMatcher.listMask)
                if list != 0 { self.verify(list: list - 1, start: first.start, lastWordEnd: last.end, into: &hits) }
            }
            guard slot.flags & WordMatcher.continuesBit != 0 else { return }
            let next = MatchWords.nextStart(self.bytes, from: last.end)
            guard next < self.bytes.count else { return }
            last = MatchWords.read(self.bytes, at: next)
            guard !last.isForeign else { return }
            hash = WordHash.extend(hash, with: last.hash)
        }
    }

    private func verify(list: Int, start: Int, lastWordEnd: Int, into hits: inout [RawHit]) {
        var position = list
        while position < self.completions.count {
            let stored = self.completions[position]
            self.verify(Int(stored < 0 ? ~stored : stored), start: start, lastWordEnd: lastWordEnd, into: &hits)
            if stored < 0 { return }
            position += 1
        }
    }

    /// Records a hit of `pattern` at `start` if the text there is the pattern exactly.
    @inline(__always)
    private func verify(_ pattern: Int, start: Int, lastWordEnd: Int, into hits: inout [RawHit]) {
        let record = self.records[pattern]
        let count = Int(record.symbolCount)
        var end: Int? = nil
        if count <= 16 && start &+ 16 <= self.bytes.count {
            end = ExactMatch.spelledEnd(record.spelling, count: count, raw: self.raw, at: start)
        }
        if end == nil {
            let first = Int(record.symbolStart)
            end = ExactMatch.end(
                of: UnsafeBufferPointer(rebasing: self.symbols[first..<(first + count)]),
                spelling: UnsafeBufferPointer(rebasing: self.spelling[first...]), in: self.bytes, at: start)
        }
        // A pattern that ends in a letter or digit must end where the text's word ends.
        if let end, !record.endsInWord || end == lastWordEnd {
            hits.append(RawHit(pattern: Int32(pattern), start: Int32(start), end: Int32(end)))
        }
    }
}
