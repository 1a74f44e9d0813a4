/// The snapshot of a flow position, from the flow table's row starts: the last row starting
/// at or before the position (rows of snapshots that state no flows start where the next
/// does).
///
/// Party entries hold their snapshot, so only walks over positions (a party named through its
/// capital, `flow:` in a query) and the rare entry past the 127th flow of its snapshot
/// (`FlowEntry.isFar`) look it up here. A walk asks in ascending order: the finder gallops
/// forward from its last answer, a step or two for dense positions and a logarithm of the gap
/// for far-apart ones. (A bit a flow with counts per word answered without a search, and cost
/// 5 bytes a document of the flow index's memory.)
struct FlowSnapshotFinder {
    /// `starts[r]`: the first position of row `r` (snapshot `r + 1`), and the number of flows last.
    let starts: UnsafeBufferPointer<UInt32>
    private var row = 0

    init(starts: UnsafeBufferPointer<UInt32>) {
        self.starts = starts
    }

    /// The sequence of the snapshot holding `position` (0 when no row holds it).
    mutating func sequence(at position: Int) -> UInt32 {
        let rows = self.starts.count - 1
        guard position >= 0, rows > 0, position < Int(self.starts[rows]) else { return 0 }
        var low = self.row < rows && Int(self.starts[self.row]) <= position ? self.row : 0
        var step = 1
        var high = low + step
        while high < rows && Int(self.starts[high]) <= position {
            low = high
            step <<= 1
            high = low + step
        }
        high = min(high, rows)
        // starts[low] <= position, and starts[high] > position or high == rows.
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(self.starts[middle]) <= position { low = middle } else { high = middle }
        }
        self.row = low
        return UInt32(truncatingIfNeeded: low + 1)
    }
}
