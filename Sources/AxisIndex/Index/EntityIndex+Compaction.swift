/// Compaction: the index's growing arrays copied to exactly their size after a large
/// catch-up (appending leaves up to half of an array unused).
///
/// The copies are made outside the lock, while queries go on, and put in place under it a
/// slice at a time. Done in one go under the lock, it stopped every query for its whole
/// length (a query waited 27-32 ms at 20,000 documents and 126 ms at 200,000; now 1.6 and
/// 8.3 ms at most, docs/benchmarks.md). Making a copy needs
/// no lock: the copy holds its own references to the arrays, so a writer changing them
/// meanwhile would copy them first. A copy is put in place only if nothing was indexed
/// since it was taken; otherwise compaction stops (it is an economy, not a duty: the next
/// large catch-up compacts again).
extension EntityIndex {
    /// Term and entity postings compacted per lock: a slice's old arrays are freed under
    /// the lock too, so it is kept small.
    static let compactionSlice = 4_096

    /// Gives back unused capacity after a large catch-up.
    public func compact() {
        self.compact(beforeEachSwap: {})
    }

    /// Compacts, calling `beforeEachSwap` between making each copy and putting it in place
    /// (tests index there to check that compaction then stops). True if it went through.
    @discardableResult
    func compact(beforeEachSwap: () -> Void) -> Bool {
        let sequence = self.state.withReadLock { $0.indexedSequence }
        return self.compactSlices(\.termPostings, at: sequence, beforeEachSwap) { $0.compacted() }
            && self.compactSlices(\.postings, at: sequence, beforeEachSwap) { $0.compacted() }
            && self.compactColumn(\.snapshotEntities, at: sequence, beforeEachSwap) { $0.compact() }
            && self.compactColumn(\.snapshotQuantities, at: sequence, beforeEachSwap) { $0.compact() }
            && self.compactColumn(\.snapshotTags, at: sequence, beforeEachSwap) { $0.compact() }
            && self.compactColumn(\.snapshotFlows, at: sequence, beforeEachSwap) { $0.compact() }
            && self.compactColumn(\.flowPostings, at: sequence, beforeEachSwap) { $0.compact() }
    }

    /// Replaces `lists` slice by slice with their compacted copies; false if the index
    /// changed meanwhile.
    private func compactSlices<List>(
        _ lists: WritableKeyPath<IndexState, [List]>, at sequence: UInt64, _ beforeSwap: () -> Void, _ compacted: (List) -> List
    ) -> Bool {
        let count = self.state.withReadLock { $0[keyPath: lists].count }
        for start in stride(from: 0, to: count, by: Self.compactionSlice) {
            let range = start..<min(start + Self.compactionSlice, count)
            let slice = self.state.withReadLock { Array($0[keyPath: lists][range]) }
            let copies = slice.map(compacted)
            beforeSwap()
            let replaced = self.state.withLock { state -> Bool in
                guard state.indexedSequence == sequence, state[keyPath: lists].count >= range.upperBound else { return false }
                state[keyPath: lists].replaceSubrange(range, with: copies)
                return true
            }
            guard replaced else { return false }
        }
        return true
    }

    /// Replaces one column with its compacted copy; false if the index changed meanwhile.
    private func compactColumn<Column>(
        _ column: WritableKeyPath<IndexState, Column>, at sequence: UInt64, _ beforeSwap: () -> Void, _ compact: (inout Column) -> Void
    ) -> Bool {
        var copy = self.state.withReadLock { $0[keyPath: column] }
        compact(&copy)
        beforeSwap()
        return self.state.withLock { state -> Bool in
            guard state.indexedSequence == sequence else { return false }
            state[keyPath: column] = copy
            return true
        }
    }
}
