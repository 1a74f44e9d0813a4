/// The best `k` hits of many without sorting them all: a bounded heap for a page (best
/// first), a quickselect for the facets' pool, so a query with 100,000 hits costs n·log k or
/// n, not n·log n.
enum TopHits {
    typealias Hit = (sequence: UInt32, score: Double)

    /// Whether `a` ranks before `b`: higher score, then lower sequence.
    @inline(__always)
    static func ranksBefore(_ a: Hit, _ b: Hit) -> Bool {
        a.score > b.score || (a.score == b.score && a.sequence < b.sequence)
    }

    static func best(_ hits: [Hit], _ k: Int) -> [Hit] {
        guard k > 0 else { return [] }
        if hits.count <= k { return hits.sorted(by: Self.ranksBefore) }
        // A heap whose root is the worst of the k best so far.
        var heap: [Hit] = []
        heap.reserveCapacity(k)
        for hit in hits {
            if heap.count < k {
                heap.append(hit)
                Self.siftUp(&heap, heap.count - 1, ranksBefore: Self.ranksBefore)
            } else if Self.ranksBefore(hit, heap[0]) {
                heap[0] = hit
                Self.siftDown(&heap, 0, ranksBefore: Self.ranksBefore)
            }
        }
        return heap.sorted(by: Self.ranksBefore)
    }

    /// The heap order: a parent ranks after its children (the worst at the root). Generic over
    /// the element and its order: query hits rank by score, flow rows by date, sequence and position.
    @inline(__always)
    static func siftUp<Element>(_ heap: inout [Element], _ start: Int, ranksBefore: (Element, Element) -> Bool) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    @inline(__always)
    static func siftDown<Element>(_ heap: inout [Element], _ start: Int, ranksBefore: (Element, Element) -> Bool) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count && ranksBefore(heap[worst], heap[left]) { worst = left }
            if right < heap.count && ranksBefore(heap[worst], heap[right]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }

    /// The best `k` hits in no particular order, in linear time on average (quickselect): what
    /// facets need from a query with many hits.
    static func bestUnordered(_ hits: [Hit], _ k: Int) -> [Hit] {
        guard k > 0 else { return [] }
        guard hits.count > k else { return hits }
        var items = hits
        Self.select(&items, k)
        return Array(items.prefix(k))
    }

    /// Moves the best `k` of `items` to its front, in no particular order (quickselect).
    /// Pivots come from a generator seeded by the count: no system call per pivot (the
    /// system generator was one `getrandom` each), and no input order that is slow every time.
    static func select(_ items: inout [Hit], _ k: Int) {
        guard k > 0, items.count > k else { return }
        var low = 0
        var high = items.count - 1
        var state = UInt64(items.count) &* 0x9E37_79B9_7F4A_7C15 | 1
        while low < high {
            // xorshift64: cheap, and plenty for choosing pivots.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let pivot = items[low + Int(state % UInt64(high - low + 1))]
            var i = low
            var j = high
            while i <= j {
                while Self.ranksBefore(items[i], pivot) { i += 1 }
                while Self.ranksBefore(pivot, items[j]) { j -= 1 }
                if i <= j {
                    items.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k - 1 <= j { high = j } else if k - 1 >= i { low = i } else { break }
        }
    }
}

/// The best `k` hits seen so far, fed one at a time (for rankings that never hold every hit).
///
/// Hits that beat the current cut are appended to a buffer; when it holds twice `k`, a
/// quickselect keeps the best `k` and raises the cut to the worst of them. Most hits of a
/// large query cost one comparison with the cut. A `k`-deep heap did the same job with a
/// sift (ten unpredictable branches for k = 1,000) for each of thousands of hits that beat
/// its root; it was half the time of a one-entity query at 200,000 documents.
struct BestHits {
    let k: Int
    private var buffer: [TopHits.Hit] = []
    /// The worst hit kept at the last selection: a hit that does not rank before it cannot
    /// be among the best `k`.
    private var cut: TopHits.Hit?
    /// The cut's score (minus infinity before the first selection): a hit scoring below it
    /// need not be offered.
    private(set) var floor = -Double.infinity
    private let capacity: Int

    init(keeping k: Int) {
        self.k = max(0, k)
        self.capacity = max(64, 2 * self.k)
        self.buffer.reserveCapacity(self.capacity)
    }

    @inline(__always)
    mutating func offer(_ hit: TopHits.Hit) {
        guard self.k > 0 else { return }
        if let cut = self.cut, !TopHits.ranksBefore(hit, cut) { return }
        self.buffer.append(hit)
        if self.buffer.count >= self.capacity { self.shrink() }
    }

    /// The best `k` offered, in no particular order.
    mutating func best() -> [TopHits.Hit] {
        self.shrink()
        return self.buffer
    }

    private mutating func shrink() {
        guard self.buffer.count > self.k else { return }
        TopHits.select(&self.buffer, self.k)
        self.buffer.removeLast(self.buffer.count - self.k)
        var worst = self.buffer[0]
        for hit in self.buffer where TopHits.ranksBefore(worst, hit) { worst = hit }
        self.cut = worst
        self.floor = worst.score
    }
}
