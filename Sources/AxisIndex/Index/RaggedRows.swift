/// Rows of varying length in one flat array: row `i` is `values[starts[i]..<starts[i + 1]]`.
/// Rows are only appended, one per snapshot, so per-snapshot lists cost no allocation each.
struct RaggedRows<Element: Sendable & Hashable>: Sendable, Hashable {
    private(set) var values: [Element] = []
    private(set) var starts: [UInt32] = [0]

    init() {}

    init?(values: [Element], starts: [UInt32]) {
        // From a checkpoint: the offsets must be in order and inside the values.
        guard starts.first == 0, let last = starts.last, Int(last) == values.count,
            zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 })
        else { return nil }
        self.values = values
        self.starts = starts
    }

    var rowCount: Int { self.starts.count - 1 }

    /// Gives back the capacity the arrays grew beyond their contents.
    mutating func compact() {
        self.values = self.values.exactCopy()
        self.starts = self.starts.exactCopy()
    }

    mutating func appendRow(_ row: some Collection<Element>) {
        self.values.append(contentsOf: row)
        self.starts.append(UInt32(truncatingIfNeeded: self.values.count))
    }

    /// The bounds in `values` of row `sequence - 1` for each of `sequences` (rows numbered
    /// as snapshots are), read all before any row is: independent loads the processor
    /// overlaps, where reading each row as it comes waits for one cache miss after another.
    func rows(_ sequences: [UInt32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(sequences.count)
        self.starts.withUnsafeBufferPointer { starts in
            for sequence in sequences {
                let index = Int(sequence) - 1
                guard index >= 0, index + 1 < starts.count else { continue }
                result.append(Int(starts[index])..<Int(starts[index + 1]))
            }
        }
        return result
    }

    /// All rows' values, for reading the ranges `rows(_:)` gives without a copy.
    func withValues<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        self.values.withUnsafeBufferPointer(body)
    }

    /// Row `index`; empty for a row that does not exist.
    subscript(index: Int) -> ArraySlice<Element> {
        guard index >= 0, index + 1 < self.starts.count else { return [] }
        return self.values[Int(self.starts[index])..<Int(self.starts[index + 1])]
    }
}
