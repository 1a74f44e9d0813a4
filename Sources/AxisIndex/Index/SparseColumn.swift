/// A column of values that most rows do not have, found by row: one bit a row, and room only
/// for the values present.
///
/// The value of row `r` sits at the number of present values before it: a count kept per
/// 64-bit word plus one population count, no search. Rows are appended in order.
struct SparseColumn<Value: Sendable>: Sendable {
    /// Per 64 rows: which have a value.
    private var words: [UInt64] = []
    /// Per word: the values of the rows before it.
    private var ranks: [UInt32] = []
    /// The values present, in row order.
    private(set) var values: [Value] = []
    /// Rows appended.
    private(set) var count = 0

    init() {}

    /// Appends the next row's value (nil when it has none).
    mutating func append(_ value: Value?) {
        let bit = self.count & 63
        if bit == 0 {
            self.words.append(0)
            self.ranks.append(UInt32(truncatingIfNeeded: self.values.count))
        }
        if let value {
            self.words[self.words.count - 1] |= 1 << UInt64(bit)
            self.values.append(value)
        }
        self.count += 1
    }

    /// Row `row`'s value; nil when it has none or is past the end.
    subscript(row: Int) -> Value? {
        self.withReader { $0[row] }
    }

    /// Reads values without bounds-checked array accesses in a hot loop.
    func withReader<R>(_ body: (Reader) -> R) -> R {
        self.words.withUnsafeBufferPointer { words in
            self.ranks.withUnsafeBufferPointer { ranks in
                self.values.withUnsafeBufferPointer { values in body(Reader(words: words, ranks: ranks, values: values)) }
            }
        }
    }

    struct Reader {
        let words: UnsafeBufferPointer<UInt64>
        let ranks: UnsafeBufferPointer<UInt32>
        let values: UnsafeBufferPointer<Value>

        @inline(__always)
        subscript(row: Int) -> Value? {
            let word = row >> 6
            guard row >= 0, word < self.words.count, word < self.ranks.count else { return nil }
            let bits = self.words[word]
            let mask = UInt64(1) << UInt64(row & 63)
            guard bits & mask != 0 else { return nil }
            let index = Int(self.ranks[word]) + (bits & (mask &- 1)).nonzeroBitCount
            return index < self.values.count ? self.values[index] : nil
        }
    }

    /// Gives back the capacity the arrays grew beyond their contents.
    mutating func compact() {
        self.words = self.words.exactCopy()
        self.ranks = self.ranks.exactCopy()
        self.values = self.values.exactCopy()
    }

    var bytes: Int {
        self.words.capacity * 8 + self.ranks.capacity * 4 + self.values.capacity * MemoryLayout<Value>.stride
    }
}
