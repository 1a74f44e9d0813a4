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
}
