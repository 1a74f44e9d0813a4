public import AxisDigest

/// One version of a document, as the catalog knows it (everything but the body).
public struct SnapshotInfo: Hashable, Sendable {
    /// A snapshot holds a body; a tombstone records a delete.
    public enum Kind: UInt8, Hashable, Sendable {
        case snapshot = 1
        case tombstone = 2
    }

    public var key: String
    /// 1, 2, 3... per document; a tombstone takes a version too.
    public var version: UInt32
    /// The global increasing sequence number: never reused; gaps are numbers reserved and
    /// skipped by a crash, or records lost to damage (docs/storage.md §6).
    public var sequence: UInt64
    /// When the server stored it, ms since 1970 UTC (never decreasing across the log).
    public var ingestTime: Int64
    public var kind: Kind
    /// SHA-256 of the uncompressed body (tombstones: none).
    public var contentHash: ContentHash?
    /// Bytes of the uncompressed body.
    public var bodySize: UInt64
    /// Bytes of the stored zlib body.
    public var compressedSize: UInt32
    public var metadata: DocumentMetadata
    /// Where the record is.
    public var location: SnapshotLocation
    /// The record failed its checksum, but its header still names it (key, version, sequence,
    /// within its commit's range): it stands in the catalog so that reads of it answer
    /// CORRUPT_DATA, never an older version as if current nor NOT_FOUND. Never written to disk.
    public var isDamaged = false

    public init(
        key: String, version: UInt32, sequence: UInt64, ingestTime: Int64, kind: Kind, contentHash: ContentHash?,
        bodySize: UInt64, compressedSize: UInt32, metadata: DocumentMetadata, location: SnapshotLocation
    ) {
        self.key = key
        self.version = version
        self.sequence = sequence
        self.ingestTime = ingestTime
        self.kind = kind
        self.contentHash = contentHash
        self.bodySize = bodySize
        self.compressedSize = compressedSize
        self.metadata = metadata
        self.location = location
    }

    public var isTombstone: Bool { self.kind == .tombstone }

    /// A stand-in for "nothing there" in outcomes that need an info.
    static func placeholder(key: String) -> SnapshotInfo {
        SnapshotInfo(
            key: key, version: 0, sequence: 0, ingestTime: 0, kind: .tombstone, contentHash: nil, bodySize: 0,
            compressedSize: 0, metadata: DocumentMetadata(), location: SnapshotLocation(segment: 0, offset: 0, length: 0))
    }
}

/// Where a record lives: segment number, byte offset of the record's first byte, total length.
public struct SnapshotLocation: Hashable, Sendable {
    public var segment: UInt64
    public var offset: UInt64
    public var length: UInt32

    public init(segment: UInt64, offset: UInt64, length: UInt32) {
        self.segment = segment
        self.offset = offset
        self.length = length
    }
}

/// A snapshot read back from disk: its info and its body in the stored zlib form.
public struct StoredSnapshot: Sendable {
    public var info: SnapshotInfo
    /// The zlib stream exactly as stored (empty for a tombstone).
    public var compressedBody: [UInt8]

    public init(info: SnapshotInfo, compressedBody: [UInt8]) {
        self.info = info
        self.compressedBody = compressedBody
    }
}

/// What to store: a key, metadata, and a body (raw, or already zlib-compressed by the client).
public struct DocumentInput: Sendable {
    public enum Body: Sendable {
        /// UTF-8 text; the store compresses it.
        case raw([UInt8])
        /// A zlib stream of `size` bytes of UTF-8 text; stored as is after verification.
        /// `hash`, when given, must match.
        case compressed(zlib: [UInt8], size: UInt64, hash: ContentHash?)
    }

    public var key: String
    public var metadata: DocumentMetadata
    public var body: Body

    public init(key: String, metadata: DocumentMetadata, body: Body) {
        self.key = key
        self.metadata = metadata
        self.body = body
    }
}

/// The result of one put.
public struct PutOutcome: Hashable, Sendable {
    /// The snapshot now latest for the key: the new one, or the identical one already there.
    public var info: SnapshotInfo
    /// `false` when the body and metadata equalled the latest snapshot: nothing was added.
    public var created: Bool

    public init(info: SnapshotInfo, created: Bool) {
        self.info = info
        self.created = created
    }
}

/// Which version `get` returns.
public enum VersionSelector: Hashable, Sendable {
    /// The latest version (an error if it is a tombstone).
    case latest
    /// Exactly this version (a tombstone version is an error).
    case version(UInt32)
    /// The latest version stored at or before this time, ms since 1970 UTC.
    case asOf(Int64)
}

/// One line of `ls`: a document and its latest version.
public struct DocumentSummary: Hashable, Sendable {
    public var latest: SnapshotInfo
    /// Number of versions, tombstones included.
    public var versions: Int

    public init(latest: SnapshotInfo, versions: Int) {
        self.latest = latest
        self.versions = versions
    }
}
