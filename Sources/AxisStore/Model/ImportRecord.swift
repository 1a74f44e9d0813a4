public import AxisDigest

/// A snapshot or tombstone from another server (an export, a pack, a sync), to be added with
/// its original time and metadata. The target gives it its own version and sequence number.
public struct ImportRecord: Sendable {
    public var key: String
    public var kind: SnapshotInfo.Kind
    /// The original ingest time (kept, so `--as-of` means the same on both servers).
    public var ingestTime: Int64
    public var metadata: DocumentMetadata
    public var contentHash: ContentHash?
    public var bodySize: UInt64
    /// The stored zlib stream, as the source stored it.
    public var compressedBody: [UInt8]
    /// The record's sequence number on the source server.
    public var sourceSequence: UInt64

    public init(
        key: String, kind: SnapshotInfo.Kind, ingestTime: Int64, metadata: DocumentMetadata, contentHash: ContentHash?,
        bodySize: UInt64, compressedBody: [UInt8], sourceSequence: UInt64
    ) {
        self.key = key
        self.kind = kind
        self.ingestTime = ingestTime
        self.metadata = metadata
        self.contentHash = contentHash
        self.bodySize = bodySize
        self.compressedBody = compressedBody
        self.sourceSequence = sourceSequence
    }
}

/// How far a target has imported from a source server: the source's sequence number up to
/// which everything is durable here. Written in the same commit as the records it covers.
public struct Watermark: Hashable, Sendable {
    public var source: String
    public var sequence: UInt64

    public init(source: String, sequence: UInt64) {
        self.source = source
        self.sequence = sequence
    }
}

/// What an import did with one record.
public enum ImportOutcome: Hashable, Sendable {
    /// Added as this snapshot.
    case imported(SnapshotInfo)
    /// Already there: the key has this very snapshot (same time, content and metadata), or
    /// its latest snapshot has the same content and metadata (or the key is already deleted,
    /// for a tombstone). Resumed imports skip what they sent before.
    case skipped
}
