/// Document keys in byte order, for `ls --prefix` with paging.
///
/// New keys land in an unsorted `recent` list (O(1) per put, so ingest never pays for order);
/// a listing first merges them into the sorted array (O(n) once per batch of new keys).
struct SortedKeys {
    private var sorted: [String] = []
    private var recent: [String] = []

    var count: Int { self.sorted.count + self.recent.count }

    mutating func insert(_ key: String) {
        self.recent.append(key)
    }

    /// Up to `limit` keys starting with `prefix`, strictly after `after`, in byte order.
    mutating func keys(prefix: String, after: String?, limit: Int) -> [String] {
        self.mergeRecent()
        var start = Self.lowerBound(self.sorted, prefix)
        if let after {
            start = max(start, Self.upperBound(self.sorted, after))
        }
        var result: [String] = []
        var index = start
        while index < self.sorted.count, result.count < limit {
            let key = self.sorted[index]
            guard key.utf8.starts(with: prefix.utf8) else { break }
            result.append(key)
            index += 1
        }
        return result
    }

    private mutating func mergeRecent() {
        guard !self.recent.isEmpty else { return }
        let fresh = self.recent.sorted(by: Self.precedes)
        self.recent.removeAll()
        var merged: [String] = []
        merged.reserveCapacity(self.sorted.count + fresh.count)
        var left = 0
        var right = 0
        while left < self.sorted.count || right < fresh.count {
            if right == fresh.count || (left < self.sorted.count && Self.precedes(self.sorted[left], fresh[right])) {
                merged.append(self.sorted[left])
                left += 1
            } else {
                merged.append(fresh[right])
                right += 1
            }
        }
        self.sorted = merged
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// First index whose key is not before `key`.
    private static func lowerBound(_ keys: [String], _ key: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(keys[middle], key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// First index whose key is after `key`.
    private static func upperBound(_ keys: [String], _ key: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(key, keys[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
