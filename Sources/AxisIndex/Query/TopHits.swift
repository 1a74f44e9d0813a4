/// The best `k` hits of many, best first, without sorting them all: a bounded heap, so a
/// query with 100,000 hits costs n·log k, not n·log n, to page.
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
                Self.siftUp(&heap, heap.count - 1)
            } else if Self.ranksBefore(hit, heap[0]) {
                heap[0] = hit
                Self.siftDown(&heap, 0)
            }
        }
        return heap.sorted(by: Self.ranksBefore)
    }

    /// The heap order: a parent ranks after its children (the worst at the root).
    static func siftUp(_ heap: inout [Hit], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    static func siftDown(_ heap: inout [Hit], _ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count && Self.ranksBefore(heap[worst], heap[left]) { worst = left }
            if right < heap.count && Self.ranksBefore(heap[worst], heap[right]) { worst = right }
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
        var low = 0
        var high = items.count - 1
        var random = SystemRandomNumberGenerator()
        while low < high {
            let pivot = items[Int.random(in: low...high, using: &random)]
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
        return Array(items.prefix(k))
    }
}

/// The best `k` hits seen so far, fed one at a time (for rankings that never hold every hit).
struct BoundedHeap {
    private(set) var heap: [TopHits.Hit] = []
    let k: Int

    init(keeping k: Int) {
        self.k = max(0, k)
        self.heap.reserveCapacity(min(self.k, 4096))
    }

    @inline(__always)
    mutating func offer(_ hit: TopHits.Hit) {
        if self.heap.count < self.k {
            self.heap.append(hit)
            TopHits.siftUp(&self.heap, self.heap.count - 1)
        } else if self.k > 0 && TopHits.ranksBefore(hit, self.heap[0]) {
            self.heap[0] = hit
            TopHits.siftDown(&self.heap, 0)
        }
    }
}
