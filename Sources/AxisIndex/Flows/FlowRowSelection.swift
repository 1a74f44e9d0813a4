/// A matching flow: where it is, and what orders it.
struct FlowHit: Sendable, Hashable {
    var day: Int32
    var sequence: UInt32
    /// Its position in the index's flat array of flows.
    var position: UInt32

    /// Newest first (by date, then sequence), then in text order.
    @inline(__always)
    static func before(_ a: FlowHit, _ b: FlowHit) -> Bool {
        if a.day != b.day { return a.day > b.day }
        if a.sequence != b.sequence { return a.sequence > b.sequence }
        return a.position < b.position
    }
}

/// The first `keep` hits in order, of any number, with a bounded heap (the worst kept at the root).
struct FlowRowSelection {
    let keep: Int
    private var heap: [FlowHit] = []
    private(set) var count = 0

    init(keep: Int) {
        self.keep = keep
    }

    mutating func add(_ hit: FlowHit) {
        self.count += 1
        if self.heap.count < self.keep {
            self.heap.append(hit)
            TopHits.siftUp(&self.heap, self.heap.count - 1, ranksBefore: FlowHit.before)
        } else if let root = self.heap.first, FlowHit.before(hit, root) {
            self.heap[0] = hit
            TopHits.siftDown(&self.heap, 0, ranksBefore: FlowHit.before)
        }
    }

    func best() -> [FlowHit] { self.heap.sorted(by: FlowHit.before) }
}
