import AxisDigest

/// What a caller hands the writer. Bodies arrive already compressed and verified, so the
/// writer thread only decides, writes and syncs.
enum WriteOperation: Sendable {
    case put(PreparedSnapshot)
    case delete(key: String)
    /// Records from another server, verified, with the watermark to record in the same commit.
    case importBatch([ImportRecord], watermark: Watermark?)
}

/// A snapshot ready to be written: everything but the version, sequence and time.
struct PreparedSnapshot: Sendable {
    var key: String
    var metadata: DocumentMetadata
    var contentHash: ContentHash
    var bodySize: UInt64
    var compressedBody: [UInt8]
}

/// What the writer did with an operation.
enum WriteOutcome: Sendable, Hashable {
    /// A new snapshot (or tombstone) is durable.
    case written(SnapshotInfo)
    /// The body and metadata equal the latest snapshot: nothing was added.
    case unchanged(SnapshotInfo)
    /// An import batch: one outcome per record.
    case imported([ImportOutcome])
}
