import AxisCodec
import AxisDigest

/// A snapshot's metadata as JSON (docs/cli.md). Stable field names.
struct SnapshotJSON: Encodable {
    var key: String
    var version: UInt32
    var sequence: UInt64
    var ingested: String
    var ingestedMs: Int64
    var deleted: Bool
    var sha256: String?
    var size: UInt64
    var compressedSize: UInt32
    var title: String
    var source: String
    var url: String
    var published: String?
    var tags: [String]

    init(_ info: SnapshotInfoMessage) {
        self.key = info.key
        self.version = info.version
        self.sequence = info.sequence
        self.ingested = TimeArgument.format(milliseconds: info.ingestTimeMilliseconds)
        self.ingestedMs = info.ingestTimeMilliseconds
        self.deleted = info.deleted
        self.sha256 = ContentHash(bytes: info.contentHash)?.hex
        self.size = info.bodySize
        self.compressedSize = info.compressedSize
        self.title = info.title
        self.source = info.source
        self.url = info.url
        self.published = info.published.isEmpty ? nil : info.published
        self.tags = info.tags
    }

    enum CodingKeys: String, CodingKey {
        case key, version, sequence, ingested, deleted, sha256, size, title, source, url, published, tags
        case ingestedMs = "ingested_ms"
        case compressedSize = "compressed_size"
    }
}
