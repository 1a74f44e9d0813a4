/// Which snapshots a resolved query matches, in a view: sorted arrays of sequence numbers,
/// intersected, united and subtracted; filters (dates, sources, tags, keys, types) are checked
/// per candidate instead of being turned into sets.
extension IndexState {
    /// Every visible snapshot in the view, in order.
    func visibleSequences(in view: IndexView) -> [UInt32] {
        var result: [UInt32] = []
        if self.isCurrent(view) {
            result.reserveCapacity(self.visibleDocuments)
            for sequence in self.latest where sequence != 0 && !self.rows[Int(sequence - 1)].isTombstone { result.append(sequence) }
            result.sort()
            return result
        }
        for (index, row) in self.rows.enumerated() where row.isVisible(sequence: UInt64(index + 1), in: view) {
            result.append(UInt32(index + 1))
        }
        return result
    }

    /// A term's (or entity's) visible postings, decoded once per query: matching and scoring
    /// both read them.
    func walk(term: Int, in view: IndexView, cache: PostingCache) -> PostingWalk {
        if let walk = cache.terms[term] { return walk }
        let postings = self.termPostings[term]
        let walk = self.visiblePostings(in: view, count: postings.count, postings.forEach)
        cache.terms[term] = walk
        return walk
    }

    func walk(entity: UInt32, in view: IndexView, cache: PostingCache) -> PostingWalk {
        if let walk = cache.entities[entity] { return walk }
        let postings = self.postings[Int(entity)]
        let walk = self.visiblePostings(in: view, count: postings.count, postings.forEach)
        cache.entities[entity] = walk
        return walk
    }

    /// The postings `forEach` gives that are visible in the view, written straight into
    /// arrays of the list's size (appending, each element checked the array's uniqueness and
    /// capacity: a fifth of a two-word query's time). In the current view visibility is one bit.
    @inline(__always)
    private func visiblePostings(
        in view: IndexView, count: Int, _ forEach: ((_ sequence: UInt32, _ frequency: UInt32) -> Bool) -> Void
    ) -> PostingWalk {
        let current = self.isCurrent(view)
        let bits = self.visibleNow
        var frequencies: [UInt32] = []
        let sequences = [UInt32](unsafeUninitializedCapacity: count) { sequenceBuffer, sequenceCount in
            frequencies = [UInt32](unsafeUninitializedCapacity: count) { frequencyBuffer, frequencyCount in
                var written = 0
                forEach { sequence, frequency in
                    guard written < count else { return false }
                    guard current ? bits.contains(UInt64(sequence)) : self.isVisible(UInt64(sequence), in: view) else { return true }
                    sequenceBuffer[written] = sequence
                    frequencyBuffer[written] = frequency
                    written += 1
                    return true
                }
                frequencyCount = written
            }
            sequenceCount = frequencies.count
        }
        return PostingWalk(sequences: sequences, frequencies: frequencies)
    }

    /// The visible snapshots the query matches, ascending.
    func matches(_ query: ResolvedQuery, in view: IndexView, cache: PostingCache) -> [UInt32] {
        switch query {
        case _ where query.isFilter:
            return self.visibleSequences(in: view).filter { self.passes(query, $0) }
        case .term(let term):
            guard let term else { return [] }
            return self.walk(term: term, in: view, cache: cache).sequences
        case .phrase(let terms):
            return self.phraseMatches(terms, in: view, cache: cache).map(\.sequence)
        case .entity(let entity):
            return self.walk(entity: entity, in: view, cache: cache).sequences
        case .flow(let suppliers, let recipients, let items):
            return self.flowMatches(suppliers: suppliers, recipients: recipients, items: items, in: view)
        case .and(let children):
            var filters: [ResolvedQuery] = []
            var excluded: [ResolvedQuery] = []
            var generators: [ResolvedQuery] = []
            for child in children {
                if child.isFilter {
                    filters.append(child)
                } else if case .not(let inner) = child {
                    excluded.append(inner)
                } else {
                    generators.append(child)
                }
            }
            var result: [UInt32]
            if generators.isEmpty {
                result = self.visibleSequences(in: view)
            } else {
                let sets = generators.map { self.matches($0, in: view, cache: cache) }.sorted { $0.count < $1.count }
                result = sets[0]
                for set in sets.dropFirst() where !result.isEmpty { result = SortedSets.intersection(result, set) }
            }
            for inner in excluded where !result.isEmpty { result = SortedSets.subtracting(result, self.matches(inner, in: view, cache: cache)) }
            if !filters.isEmpty { result = result.filter { sequence in filters.allSatisfy { self.passes($0, sequence) } } }
            return result
        case .or(let children):
            return children.reduce(into: [UInt32]()) { result, child in result = SortedSets.union(result, self.matches(child, in: view, cache: cache)) }
        case .not(let inner):
            return SortedSets.subtracting(self.visibleSequences(in: view), self.matches(inner, in: view, cache: cache))
        default:
            return []
        }
    }

    /// Whether snapshot `sequence` passes a filter.
    func passes(_ filter: ResolvedQuery, _ sequence: UInt32) -> Bool {
        let index = Int(sequence - 1)
        guard index >= 0, index < self.rows.count else { return false }
        let row = self.rows[index]
        switch filter {
        case .since(let day): return row.effectiveDay >= day
        case .until(let day): return row.effectiveDay <= day
        case .source(let source): return source == row.source
        case .tag(let tag): return tag.map { self.snapshotTags[index].contains($0) } ?? false
        case .key(let key, let prefix):
            let documentKey = self.documents[row.document]
            return prefix ? documentKey.hasPrefix(key) : documentKey == key
        case .type(let type):
            return self.snapshotEntities[index].contains { self.entities.entries[Int($0.entity)].type == type }
        case .not(let inner): return !self.passes(inner, sequence)
        case .and(let children): return children.allSatisfy { self.passes($0, sequence) }
        case .or(let children): return children.contains { self.passes($0, sequence) }
        case .term, .phrase, .entity, .flow: return false  // Not filters: `matches` turns them into sets.
        }
    }

    /// Snapshots where the terms occur one after the other, with how many times.
    func phraseMatches(_ terms: [Int?], in view: IndexView, cache: PostingCache) -> [(sequence: UInt32, count: UInt32)] {
        let known = terms.compactMap { $0 }
        guard known.count == terms.count, let first = known.first else { return [] }
        var candidates = self.walk(term: first, in: view, cache: cache).sequences
        for term in known.dropFirst() where !candidates.isEmpty {
            candidates = SortedSets.intersection(candidates, self.walk(term: term, in: view, cache: cache).sequences)
        }
        guard !candidates.isEmpty else { return [] }
        // Stop words keep no positions: the phrase checks the other words' distances.
        let anchors = known.indices.filter { self.termPostings[known[$0]].storesPositions }
        guard !anchors.isEmpty else { return candidates.map { ($0, 1) } }
        var cursors = anchors.map { TermPostings.PositionCursor(self.termPostings[known[$0]]) }
        var lists = [[UInt32]](repeating: [], count: anchors.count)
        // Labelled as the result is: an unlabelled array would be converted element by
        // element, with a dynamic cast each, on return.
        var result: [(sequence: UInt32, count: UInt32)] = []
        for sequence in candidates {
            var present = true
            for index in cursors.indices where !cursors[index].positions(in: sequence, into: &lists[index]) { present = false }
            guard present else { continue }
            var count: UInt32 = 0
            for anchorPosition in lists[0] where anchorPosition >= UInt32(anchors[0]) {
                let start = anchorPosition - UInt32(anchors[0])
                var matched = true
                for index in 1..<anchors.count where !SortedSets.contains(lists[index], start &+ UInt32(anchors[index])) {
                    matched = false
                    break
                }
                if matched { count += 1 }
            }
            if count > 0 { result.append((sequence: sequence, count: count)) }
        }
        return result
    }
}

/// Operations on ascending arrays of distinct numbers.
enum SortedSets {
    static func intersection(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        // Galloping from one match to the next when one side is several times smaller; a
        // merge otherwise.
        if small.count * 4 < large.count {
            var result: [UInt32] = []
            result.reserveCapacity(small.count)
            var low = 0
            for value in small {
                low = self.gallop(large, value, from: low)
                guard low < large.count else { break }
                if large[low] == value { result.append(value) }
            }
            return result
        }
        // Dense lists (sequence numbers of a common word's snapshots): the smaller becomes a
        // bitmap and each value of the larger is looked up in it. The lookups do not wait for
        // each other, where each step of a merge waits for the last (a merge was 30-40% of a
        // two-common-word query even without branches).
        let top = Swift.max(small.last ?? 0, large.last ?? 0)
        if Int(top) / 64 < 8 * (small.count + large.count) {
            return Self.intersectionByBitmap(small, large, top: top)
        }
        // Sparse lists of similar size: a merge without branches on the data (they interleave
        // at random, and a branch per step was mispredicted about half the time). Each step
        // writes the smaller value to the next free slot and keeps it only when both lists
        // have it.
        return [UInt32](unsafeUninitializedCapacity: small.count) { output, written in
            small.withUnsafeBufferPointer { a in
                large.withUnsafeBufferPointer { b in
                    var i = 0
                    var j = 0
                    var count = 0
                    while i < a.count && j < b.count && count < output.count {
                        let x = a[i]
                        let y = b[j]
                        output[count] = x
                        // Sign bits instead of comparisons, which the compiler turns back
                        // into branches: d - 1 < 0 exactly when x <= y, -d - 1 < 0 when y <= x.
                        let difference = Int64(x) &- Int64(y)
                        let stepA = Int(truncatingIfNeeded: UInt64(bitPattern: difference &- 1) >> 63)
                        let stepB = Int(truncatingIfNeeded: UInt64(bitPattern: (0 &- difference) &- 1) >> 63)
                        count &+= stepA & stepB
                        i &+= stepA
                        j &+= stepB
                    }
                    written = count
                }
            }
        }
    }

    /// `small` as a bitmap of `top + 1` bits, probed with each value of `large` (ascending,
    /// so the result is too). Values are kept without a branch on whether they are found.
    private static func intersectionByBitmap(_ small: [UInt32], _ large: [UInt32], top: UInt32) -> [UInt32] {
        var bits = [UInt64](repeating: 0, count: Int(top) / 64 + 1)
        bits.withUnsafeMutableBufferPointer { bits in
            for value in small { bits[Int(value >> 6)] |= 1 << UInt64(value & 63) }
        }
        return [UInt32](unsafeUninitializedCapacity: small.count) { output, written in
            bits.withUnsafeBufferPointer { bits in
                var count = 0
                for value in large where count < output.count {
                    output[count] = value
                    count &+= Int(truncatingIfNeeded: (bits[Int(value >> 6)] >> UInt64(value & 63)) & 1)
                }
                written = count
            }
        }
    }

    static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func subtracting(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        guard !b.isEmpty else { return a }
        var result: [UInt32] = []
        result.reserveCapacity(a.count)
        var j = 0
        for value in a {
            while j < b.count && b[j] < value { j += 1 }
            if j == b.count || b[j] != value { result.append(value) }
        }
        return result
    }

    static func contains(_ sorted: [UInt32], _ value: UInt32) -> Bool {
        let index = self.lowerBound(sorted, value, from: 0)
        return index < sorted.count && sorted[index] == value
    }

    /// The first index at or after `start` whose value is not below `value`: steps of 1, 2,
    /// 4, ... from `start`, then a binary search in the last step. Cheap when the answer is
    /// near, as it is when walking two ascending lists together.
    static func gallop(_ sorted: [UInt32], _ value: UInt32, from start: Int) -> Int {
        guard start < sorted.count, sorted[start] < value else { return start }
        var low = start
        var step = 1
        while low + step < sorted.count && sorted[low + step] < value {
            low += step
            step *= 2
        }
        var high = min(low + step, sorted.count)
        low += 1
        while low < high {
            let middle = low + (high - low) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index at or after `start` whose key is not below `value`, in elements sorted
    /// by `key` (binary search): a sentence's mentions or cues, a block of a party's flows.
    static func lowerBound<Element>(_ elements: [Element], _ value: Int, from start: Int = 0, key: (Element) -> Int) -> Int {
        var low = start
        var high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if key(elements[middle]) < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index at or after `start` whose value is not below `value` (binary search).
    static func lowerBound(_ sorted: [UInt32], _ value: UInt32, from start: Int) -> Int {
        var low = start
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A term's or entity's visible postings in a query's view.
struct PostingWalk {
    var sequences: [UInt32] = []
    var frequencies: [UInt32] = []
}

/// The postings one query has decoded (a query runs on one thread, under the index's lock).
final class PostingCache {
    var terms: [Int: PostingWalk] = [:]
    var entities: [UInt32: PostingWalk] = [:]
}
