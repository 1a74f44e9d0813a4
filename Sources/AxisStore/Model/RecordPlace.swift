/// What reading records in bulk needs to know of each (docs/storage.md §5): where it lies, its
/// sequence (checked against the record), whether it holds a body and how long that is.
public protocol RecordPlacing: Sendable {
    var sequence: UInt64 { get }
    var kind: SnapshotInfo.Kind { get }
    var compressedSize: UInt32 { get }
    var location: SnapshotLocation { get }
    /// Known damaged since start-up: never read as if sound.
    var isDamaged: Bool { get }
    /// The record as errors name it.
    var recordName: String { get }
}

extension SnapshotInfo: RecordPlacing {
    public var recordName: String { "'\(self.key)' version \(self.version) (sequence \(self.sequence))" }
}

/// A record's place in the log without the rest of its info: what an export in stored form
/// lists (the catalog keeps one beside each sequence, so listing them looks nothing up).
public struct RecordPlace: RecordPlacing, Hashable {
    public var sequence: UInt64
    public var kind: SnapshotInfo.Kind
    public var compressedSize: UInt32
    public var location: SnapshotLocation
    public var isDamaged: Bool

    public init(_ info: SnapshotInfo) {
        self.sequence = info.sequence
        self.kind = info.kind
        self.compressedSize = info.compressedSize
        self.location = info.location
        self.isDamaged = info.isDamaged
    }

    public var recordName: String { "sequence \(self.sequence)" }
}
