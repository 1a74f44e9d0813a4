/// What the store found when it opened its data folder. Logged at start-up; also kept for
/// operators and tests.
public struct RecoveryReport: Sendable, Hashable {
    /// Segments found, and how many were loaded from their index rather than scanned.
    public var segments = 0
    public var segmentsFromIndex = 0
    /// The sealed segments found (all but the active one), for the background check.
    public var sealedSegments: [UInt64] = []
    /// Snapshots (and tombstones) now in the catalog.
    public var snapshots = 0
    /// A torn tail cut from the active segment: bytes, and complete-but-uncommitted records in it.
    public var truncatedBytes: UInt64 = 0
    public var truncatedRecords = 0
    /// Damaged regions inside committed data, skipped and never served.
    public var corruptRegions: [String] = []
    /// Whole segments that could not be read at all (bad header), set aside.
    public var damagedSegments: [String] = []
    /// Sequence numbers with no record between the first and the last: reserved numbers a
    /// crash skipped, or records lost (those are in `lostSequences` as well).
    public var missingSequences: UInt64 = 0
    /// Records that failed their checksum but still name their document: kept in the catalog,
    /// and reads of them answer CORRUPT_DATA.
    public var damagedRecords = 0
    /// Sequences that were acknowledged, or that a commit record announces, and that the log
    /// cannot serve: acknowledged data lost (a segment cut short, missing or restored from an
    /// older copy, or damaged records that no longer say what they were).
    public var lostSequences: [ClosedRange<UInt64>] = []
    /// Segment numbers missing between the first and the last segment file.
    public var missingSegments: [UInt64] = []
    /// The next sequence the writer hands out (never one handed out before).
    public var nextSequence: UInt64 = 1

    public init() {}

    /// Whether anything needed repair or was lost.
    public var isClean: Bool {
        self.truncatedBytes == 0 && self.corruptRegions.isEmpty && self.damagedSegments.isEmpty && self.lostSequences.isEmpty
            && self.missingSegments.isEmpty && self.damagedRecords == 0
    }

    /// The lowest sequence the log lost, if any: an index built past it must be rebuilt.
    public var firstLostSequence: UInt64? { self.lostSequences.map(\.lowerBound).min() }
}
