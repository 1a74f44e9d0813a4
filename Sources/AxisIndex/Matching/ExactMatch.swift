/// Checks a candidate found by word hashes against the pattern's exact symbols (digits, '.',
/// apostrophes and other punctuation), folding runs of spaces as patterns are folded.
enum ExactMatch {
    /// The end offset of the pattern matched at `start`, or nil if the text differs.
    static func end(
        of symbols: UnsafeBufferPointer<UInt8>, spelling: UnsafeBufferPointer<UInt8>,
        in bytes: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> Int? {
        if let end = self.spelledEnd(spelling, symbolCount: symbols.count, in: bytes, at: start) { return end }
        return SymbolAlphabet.byteTable.withUnsafeBufferPointer { table in
            self.symbolEnd(symbols, in: bytes, at: start, table: table)
        }
    }

    /// The common case, eight bytes at a time: the text spells the pattern exactly as
    /// `spelling` does, up to ASCII case ("North Korea", "U.S."). Nil means "look closer".
    @inline(__always) private static func spelledEnd(
        _ spelling: UnsafeBufferPointer<UInt8>, symbolCount: Int, in bytes: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> Int? {
        guard let text = bytes.baseAddress, let spelled = spelling.baseAddress, start &+ symbolCount &+ 8 <= bytes.count,
            spelling.count >= symbolCount &+ 8
        else { return nil }
        var offset = 0
        while offset < symbolCount {
            let chunk = UnsafeRawPointer(text + (start &+ offset)).loadUnaligned(as: UInt64.self).littleEndian
            let expected = UnsafeRawPointer(spelled + offset).loadUnaligned(as: UInt64.self).littleEndian
            let remaining = symbolCount &- offset
            let mask = remaining >= 8 ? ~UInt64(0) : ~UInt64(0) >> UInt64(64 &- 8 &* remaining)
            // Every spelling byte has bit 0x20 set, so OR-ing it into the text folds case; text
            // bytes below 0x20 could fold onto punctuation and are left to the exact check.
            let control = (chunk &- 0x2020_2020_2020_2020) & ~chunk & SWARWords.highBits
            guard ((chunk | 0x2020_2020_2020_2020) ^ expected) & mask == 0, control & mask == 0 else { return nil }
            offset &+= 8
        }
        return start &+ symbolCount
    }

    /// `spelledEnd` for a pattern of at most 16 symbols whose spelling is given as two lanes,
    /// with 16 bytes readable at `start`.
    @inline(__always) static func spelledEnd(_ spelling: (UInt64, UInt64), count: Int, raw: UnsafeRawPointer, at start: Int) -> Int? {
        let firstMask: UInt64 = (1 << UInt64(8 &* count)) &- 1
        let secondMask: UInt64 = (1 << UInt64(8 &* max(0, count &- 8))) &- 1
        let first = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self).littleEndian
        let second = raw.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self).littleEndian
        let differs = (((first | 0x2020_2020_2020_2020) ^ spelling.0) & firstMask)
            | (((second | 0x2020_2020_2020_2020) ^ spelling.1) & secondMask)
        let control = ((first &- 0x2020_2020_2020_2020) & ~first & firstMask)
            | ((second &- 0x2020_2020_2020_2020) & ~second & secondMask)
        return differs == 0 && control & SWARWords.highBits == 0 ? start &+ count : nil
    }

    /// Symbol by symbol, with the folding of `SymbolAlphabet`.
    private static func symbolEnd(
        _ symbols: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, at start: Int,
        table: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        var index = start
        var previousWasSpace = false
        var matched = 0
        let count = symbols.count
        while matched < count {
            guard index < bytes.count else { return nil }
            let mapped = table[Int(bytes[index])]
            let (symbol, length) = mapped < UInt8(SymbolAlphabet.count)
                ? (mapped, 1) : SymbolAlphabet.decodeSpecial(marker: mapped, bytes, index)
            if symbol == SymbolAlphabet.space {
                if previousWasSpace {
                    index += length
                    continue
                }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
            guard symbol == symbols[matched] else { return nil }
            matched += 1
            index += length
        }
        return index
    }
}
