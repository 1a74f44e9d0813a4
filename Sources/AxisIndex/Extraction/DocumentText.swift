/// The bytes of the document being analysed and its sentences.
struct DocumentText {
    let bytes: UnsafeBufferPointer<UInt8>
    let sentences: [Range<Int>]

    /// The sentence containing `offset`, or the nearest one before it.
    func sentence(containing offset: Int) -> Int {
        var low = 0
        var high = self.sentences.count
        while low < high {
            let middle = (low + high) / 2
            if self.sentences[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    func string(_ range: Range<Int>) -> String { ByteText.string(self.bytes, range) }

    /// Whether the text at `range` has any uppercase letter.
    func hasUppercase(_ range: Range<Int>) -> Bool {
        for index in range where ByteText.isUppercase(self.bytes[index]) { return true }
        return false
    }

    /// Tokens between two offsets, at most `cap` (punctuation skipped when asked).
    func tokenCount(_ start: Int, _ end: Int, cap: Int = 10, skippingPunctuation: Bool = false) -> Int {
        var count = 0
        var position = start
        while count < cap, let token = WordReader.next(self.bytes, from: position, limit: end) {
            if !skippingPunctuation || token.kind != .punctuation { count += 1 }
            position = token.range.upperBound
        }
        return count
    }

    /// Only spaces (and, with `orHyphens`, hyphens) between two offsets.
    func onlySpacesBetween(_ start: Int, _ end: Int, orHyphens: Bool = false) -> Bool {
        guard start <= end else { return false }
        return (start..<end).allSatisfy { ByteText.isSpace(self.bytes[$0]) || (orHyphens && self.bytes[$0] == UInt8(ascii: "-")) }
    }

    /// Nothing but "the" between two offsets.
    func onlyArticlesBetween(_ start: Int, _ end: Int) -> Bool {
        var position = start
        while let token = WordReader.next(self.bytes, from: position, limit: end) {
            guard ContextWord.of(self.bytes, token.range).contains(.the) else { return false }
            position = token.range.upperBound
        }
        return true
    }
}
