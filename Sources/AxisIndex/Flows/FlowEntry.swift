/// A flow as a party's list holds it: 8 bytes.
///
/// It holds its snapshot's sequence, not its position: a walk needs the snapshot of every
/// entry (to test it once per snapshot) and the position only of those it keeps, found from
/// the row's first position and the entry's place in the row. A flow past the 127th of its
/// snapshot holds its position instead (`isFar`; its snapshot is then looked up).
struct FlowEntry: Sendable, Hashable {
    /// The snapshot's sequence, or the position for a far entry.
    var anchor: UInt32
    /// The pair ordinal (low 22 bits), the place in the snapshot (7 bits), the modality (2
    /// bits), whether the flow has a quantity (the top bit).
    var packed: UInt32

    /// The pair value of a flow whose pair is not in the table (read from the flow).
    static let unlistedPair = (1 << 22) - 1
    /// The place value of a far entry.
    static let farIndex = 127

    init(sequence: UInt32, index: Int, position: Int, pair: UInt32, modality: Flow.Modality, hasQuantity: Bool) {
        let far = index >= Self.farIndex
        self.anchor = far ? UInt32(truncatingIfNeeded: position) : sequence
        self.packed = min(pair, UInt32(Self.unlistedPair)) | UInt32(far ? Self.farIndex : index) << 22
            | modality.code << 29 | (hasQuantity ? 1 << 31 : 0)
    }

    @inline(__always) var pair: Int { Int(self.packed & 0x3F_FFFF) }

    @inline(__always) var index: Int { Int((self.packed >> 22) & 0x7F) }

    @inline(__always) var isFar: Bool { self.index == Self.farIndex }

    @inline(__always) var hasQuantity: Bool { self.packed >> 31 != 0 }

    @inline(__always) var modality: Flow.Modality { Flow.Modality(code: self.packed >> 29) }
}

/// Where entries are: their snapshots and positions, from the flow table's row starts.
struct FlowPlaces {
    /// `starts[r]`: the first position of row `r` (snapshot `r + 1`), and the number of flows last.
    let starts: UnsafeBufferPointer<UInt32>

    @inline(__always)
    func sequence(_ entry: FlowEntry) -> UInt32 {
        guard entry.isFar else { return entry.anchor }
        var finder = FlowSnapshotFinder(starts: self.starts)
        return finder.sequence(at: Int(entry.anchor))
    }

    /// The entry's position in the flat array (`Int.max` if its row is unknown).
    @inline(__always)
    func position(_ entry: FlowEntry) -> Int {
        if entry.isFar { return Int(entry.anchor) }
        let row = Int(entry.anchor) - 1
        guard row >= 0, row < self.starts.count else { return Int.max }
        return Int(self.starts[row]) + entry.index
    }
}

extension IndexState {
    /// Reads entries' snapshots and positions for the length of `body`.
    func withFlowPlaces<R>(_ body: (FlowPlaces) -> R) -> R {
        self.snapshotFlows.starts.withUnsafeBufferPointer { starts in body(FlowPlaces(starts: starts)) }
    }
}

/// What a party's entry states besides its position: the other side's roll-up and the item.
struct FlowPair: Sendable, Hashable {
    var counterpart: UInt32
    var item: UInt32
}
