/// Where each entity is named by a full (non-short) form, sorted by entity then offset:
/// short forms ("Kim", "defense ministry", "South") are resolved against it.
struct FullForm: Sendable, Hashable {
    var entity: Int32
    var start: Int32
}

struct FullForms {
    let sorted: [FullForm]

    /// The full forms of `entity` (a slice of `sorted`), or nil if the document never names it in full.
    func starts(of entity: Int32) -> ArraySlice<FullForm>? {
        var low = 0
        var high = self.sorted.count
        while low < high {
            let middle = (low + high) / 2
            if self.sorted[middle].entity < entity { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < self.sorted.count && self.sorted[end].entity == entity { end += 1 }
        return end > low ? self.sorted[low..<end] : nil
    }

    func contains(_ entity: Int32) -> Bool { self.starts(of: entity) != nil }
}
