/// The snapshot each flow position belongs to, in about a bit a flow.
///
/// For walks over positions (a party named through its capital, `flow:` in a query) and for
/// party entries that hold a position instead of a sequence (`FlowEntry.isFar`): one bit
/// marks each snapshot's first flow, and the snapshot of position `p` is the one whose first
/// flow is the last marked at or before `p`. Its ordinal is the number of marks up to `p` (a
/// count kept per 64-bit word plus one population count), and its sequence is listed once
/// per snapshot that has flows. No branch to mispredict, where a search over the row starts
/// has one at each step.
struct FlowSnapshotMap: Sendable {
    /// Per 64 flows: which start a snapshot.
    private var words: [UInt64] = []
    /// Per word: the marks in the words before it.
    private var ranks: [UInt32] = []
    /// Per snapshot with flows, in position order: its sequence.
    private var sequences: [UInt32] = []
    /// Flows mapped.
    private(set) var count = 0

    /// Maps the next `flows` positions to snapshot `sequence`.
    mutating func append(flows: Int, sequence: UInt32) {
        guard flows > 0 else { return }
        self.sequences.append(sequence)
        for offset in 0..<flows {
            let bit = self.count & 63
            if bit == 0 {
                self.words.append(0)
                // Marks before this word: this snapshot's too, unless its first flow opens it.
                self.ranks.append(UInt32(truncatingIfNeeded: self.sequences.count - (offset == 0 ? 1 : 0)))
            }
            if offset == 0 { self.words[self.words.count - 1] |= 1 << UInt64(bit) }
            self.count += 1
        }
    }

    /// The sequence of position `position`'s snapshot (0 when it is past the end).
    func sequence(at position: Int) -> UInt32 {
        self.withReader { $0.sequence(at: position) }
    }

    func withReader<R>(_ body: (Reader) -> R) -> R {
        self.words.withUnsafeBufferPointer { words in
            self.ranks.withUnsafeBufferPointer { ranks in
                self.sequences.withUnsafeBufferPointer { sequences in body(Reader(words: words, ranks: ranks, sequences: sequences, count: self.count)) }
            }
        }
    }

    struct Reader {
        let words: UnsafeBufferPointer<UInt64>
        let ranks: UnsafeBufferPointer<UInt32>
        let sequences: UnsafeBufferPointer<UInt32>
        let count: Int

        @inline(__always)
        func sequence(at position: Int) -> UInt32 {
            let word = position >> 6
            guard position >= 0, position < self.count, word < self.words.count, word < self.ranks.count else { return 0 }
            // The marks at or before the position within its word.
            let upTo = self.words[word] & (UInt64.max >> UInt64(63 - (position & 63)))
            let marks = Int(self.ranks[word]) + upTo.nonzeroBitCount
            return marks >= 1 && marks <= self.sequences.count ? self.sequences[marks - 1] : 0
        }
    }

    mutating func compact() {
        self.words = self.words.exactCopy()
        self.ranks = self.ranks.exactCopy()
        self.sequences = self.sequences.exactCopy()
    }

    var bytes: Int { self.words.capacity * 8 + self.ranks.capacity * 4 + self.sequences.capacity * 4 }
}
