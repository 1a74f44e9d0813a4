/// What the store found when it opened its data folder. Logged at start-up; also kept for
/// operators and tests.
public struct RecoveryReport: Sendable, Hashable {
    /// Segments found, and how many were loaded from their index rather than scanned.
    public var segments = 0
    public var segmentsFromIndex = 0
    /// Snapshots (and tombstones) now in the catalog.
    public var snapshots = 0
    /// A torn tail cut from the active segment: bytes, and complete-but-uncommitted records in it.
    public var truncatedBytes: UInt64 = 0
    public var truncatedRecords = 0
    /// Damaged regions inside committed data, skipped and never served.
    public var corruptRegions: [String] = []
    /// Whole segments that could not be read at all (bad header), set aside.
    public var damagedSegments: [String] = []
    /// Sequence numbers missing between the first and the last (because of corruption).
    public var missingSequences: UInt64 = 0

    public init() {}

    /// Whether anything needed repair or was lost.
    public var isClean: Bool {
        self.truncatedBytes == 0 && self.corruptRegions.isEmpty && self.damagedSegments.isEmpty && self.missingSequences == 0
    }
}
