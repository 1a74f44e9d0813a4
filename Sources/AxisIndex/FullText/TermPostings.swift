/// One term's occurrences: which snapshots hold it, how often, and at which word positions.
///
/// Two append-only varint streams: snapshot deltas with counts (all a ranked query reads),
/// and the positions (only phrases read them), so that plain queries never decode positions.
struct TermPostings: Sendable, Hashable {
    private(set) var documents: [UInt8] = []
    private(set) var positions: [UInt8] = []
    private(set) var count = 0
    private(set) var last: UInt32 = 0
    /// False for stop words: their positions would be a third of the index and no phrase
    /// needs them (a phrase checks only its other words' distances).
    private(set) var storesPositions = true

    init(storesPositions: Bool = true) {
        self.storesPositions = storesPositions
    }

    init(documents: [UInt8], positions: [UInt8], count: Int, last: UInt32, storesPositions: Bool) {
        self.documents = documents
        self.positions = positions
        self.count = count
        self.last = last
        self.storesPositions = storesPositions
    }

    /// The same postings in arrays of exactly their size (appending leaves up to half of an
    /// array unused; the indexer compacts after large catch-ups).
    func compacted() -> TermPostings {
        TermPostings(
            documents: self.documents.exactCopy(), positions: self.positions.exactCopy(), count: self.count, last: self.last,
            storesPositions: self.storesPositions)
    }

    /// Bytes a checkpoint journal recorded as appended to these postings (`IndexCheckpointDelta`):
    /// they continue the encoding where it stood, so they are appended as they are.
    mutating func appendEncoded(documents: [UInt8], positions: [UInt8], count: Int, last: UInt32) {
        self.documents.append(contentsOf: documents)
        self.positions.append(contentsOf: positions)
        self.count = count
        self.last = last
    }

    /// Adds a snapshot's positions (ascending). Snapshots come in increasing order.
    mutating func append(_ snapshot: UInt32, positions: ArraySlice<UInt32>) {
        guard snapshot > self.last, !positions.isEmpty else { return }
        Varint.append(UInt64(snapshot - self.last), to: &self.documents)
        Varint.append(UInt64(positions.count), to: &self.documents)
        self.last = snapshot
        self.count += 1
        guard self.storesPositions else { return }
        // All the positions encoded in a scratch buffer, then appended at once (one
        // uniqueness check for the stream, not one per value). A position delta is a
        // UInt32: five bytes at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 5 * positions.count) { buffer in
            var previous: UInt32 = 0
            var end = 0
            for position in positions {
                end = Varint.write(UInt64(position &- previous), into: buffer, at: end)
                previous = position
            }
            self.positions.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }

    /// Each snapshot with its count of the term, in order; stops when `body` returns false.
    @inline(__always)
    func forEach(_ body: (_ snapshot: UInt32, _ frequency: UInt32) -> Bool) {
        Varint.forEachPosting(self.documents, body)
    }

    /// The positions of the term in each of `snapshots` (sorted), by snapshot. Decodes the
    /// position stream once, keeping only the snapshots asked for.
    func positions(in snapshots: [UInt32]) -> [UInt32: [UInt32]] {
        var result: [UInt32: [UInt32]] = [:]
        guard !snapshots.isEmpty, self.storesPositions else { return result }
        var documents = Varint.Reader(self.documents)
        var positions = Varint.Reader(self.positions)
        var snapshot: UInt32 = 0
        var wanted = 0
        while wanted < snapshots.count, let delta = documents.next(), let frequency = documents.next() {
            snapshot &+= UInt32(truncatingIfNeeded: delta)
            while wanted < snapshots.count && snapshots[wanted] < snapshot { wanted += 1 }
            let keep = wanted < snapshots.count && snapshots[wanted] == snapshot
            var list: [UInt32] = []
            if keep { list.reserveCapacity(Int(min(frequency, 4096))) }
            var position: UInt32 = 0
            for _ in 0..<frequency {
                guard let step = positions.next() else { return result }
                position &+= UInt32(truncatingIfNeeded: step)
                if keep { list.append(position) }
            }
            if keep { result[snapshot] = list }
        }
        return result
    }

    /// Reads positions forward, snapshot by snapshot, for phrase matching without building
    /// a table of every candidate's positions.
    struct PositionCursor {
        private var documents: Varint.Reader
        private var positions: Varint.Reader
        private var snapshot: UInt32 = 0
        private var pending: UInt32 = 0

        init(_ postings: TermPostings) {
            self.documents = Varint.Reader(postings.documents)
            self.positions = Varint.Reader(postings.positions)
        }

        /// The positions in `target` (snapshots asked for in increasing order), into `list`;
        /// false when the term is not in it.
        mutating func positions(in target: UInt32, into list: inout [UInt32]) -> Bool {
            list.removeAll(keepingCapacity: true)
            while self.snapshot < target {
                // Skip the positions of the snapshot passed over.
                for _ in 0..<self.pending { _ = self.positions.next() }
                self.pending = 0
                guard let delta = self.documents.next(), let frequency = self.documents.next() else { return false }
                self.snapshot &+= UInt32(truncatingIfNeeded: delta)
                self.pending = UInt32(truncatingIfNeeded: frequency)
            }
            guard self.snapshot == target else { return false }
            var position: UInt32 = 0
            for _ in 0..<self.pending {
                guard let step = self.positions.next() else { return false }
                position &+= UInt32(truncatingIfNeeded: step)
                list.append(position)
            }
            self.pending = 0
            return true
        }
    }

    /// Bytes held (for the memory figures).
    var byteCount: Int { self.documents.capacity + self.positions.capacity + 48 }
}

/// The words whose positions the index does not keep (their documents and counts it does):
/// the commonest English function words, as the tokenizer stems them ("was" is "wa").
enum StopWords {
    static let words: Set<String> = Set(
        [
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her", "his",
            "in", "into", "is", "it", "its", "not", "of", "on", "or", "she", "than", "that", "the", "their", "them", "there", "these",
            "they", "this", "those", "to", "was", "were", "which", "will", "with", "would", "also",
        ].map(Stemmer.stem))
}
