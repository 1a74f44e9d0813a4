public import NIOCore

/// One version of a document, without its body (Protocol/PROTOCOL.md §10.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | version | uint (u32) | required, ≥ 1 |
/// | 3 | sequence | uint (u64) | required, ≥ 1 |
/// | 4 | ingest_time_ms | sint (zigzag) | when the server stored it, ms since 1970 UTC |
/// | 5 | deleted | bool | a tombstone |
/// | 6 | content_hash | bytes = 32 | SHA-256 of the uncompressed body (absent for tombstones) |
/// | 7 | body_size | uint (u64) | bytes of the uncompressed body |
/// | 8 | compressed_size | uint (u32) | bytes of the stored zlib body |
/// | 9 | title | string ≤ 2048 | |
/// | 10 | source | string ≤ 256 | |
/// | 11 | url | string ≤ 8192 | |
/// | 12 | published | string | `YYYY-MM-DD` |
/// | 13 | tags | repeated string ≤ 128, ≤ 64 of them | |
public struct SnapshotInfoMessage: WireMessage, Hashable {
    public var key: String
    public var version: UInt32
    public var sequence: UInt64
    public var ingestTimeMilliseconds: Int64
    public var deleted: Bool
    public var contentHash: [UInt8]
    public var bodySize: UInt64
    public var compressedSize: UInt32
    public var title: String
    public var source: String
    public var url: String
    public var published: String
    public var tags: [String]

    public init(
        key: String, version: UInt32, sequence: UInt64, ingestTimeMilliseconds: Int64, deleted: Bool = false,
        contentHash: [UInt8] = [], bodySize: UInt64 = 0, compressedSize: UInt32 = 0, title: String = "",
        source: String = "", url: String = "", published: String = "", tags: [String] = []
    ) {
        self.key = key
        self.version = version
        self.sequence = sequence
        self.ingestTimeMilliseconds = ingestTimeMilliseconds
        self.deleted = deleted
        self.contentHash = contentHash
        self.bodySize = bodySize
        self.compressedSize = compressedSize
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.tags = tags
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var version: UInt32?
        var sequence: UInt64?
        var message = SnapshotInfoMessage(key: "", version: 0, sequence: 0, ingestTimeMilliseconds: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: version = try field.unsigned()
            case 3: sequence = try field.uint64()
            case 4: message.ingestTimeMilliseconds = try field.int64()
            case 5: message.deleted = try field.bool()
            case 6: message.contentHash = try field.byteArray(maxBytes: 32)
            case 7: message.bodySize = try field.uint64()
            case 8: message.compressedSize = try field.unsigned()
            case 9: message.title = try field.string(maxBytes: DocumentLimits.titleBytes)
            case 10: message.source = try field.string(maxBytes: DocumentLimits.sourceBytes)
            case 11: message.url = try field.string(maxBytes: DocumentLimits.urlBytes)
            case 12: message.published = try field.string(maxBytes: 10)
            case 13:
                guard message.tags.count < DocumentLimits.tags else {
                    throw CodecError(.countTooLarge, "more than \(DocumentLimits.tags) tags", field: 13, limit: UInt64(DocumentLimits.tags))
                }
                message.tags.append(try field.string(maxBytes: DocumentLimits.tagBytes))
            default: break
            }
        }
        message.key = try required(key, "key", field: 1)
        message.version = try required(version, "version", field: 2)
        message.sequence = try required(sequence, "sequence", field: 3)
        self = message
    }

    public var encodedLengthHint: Int {
        80 + self.key.utf8.count + self.title.utf8.count + self.source.utf8.count + self.url.utf8.count
            + self.tags.reduce(0) { $0 + $1.utf8.count + 2 }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        buffer.writeField(2, self.version)
        buffer.writeField(3, self.sequence)
        if self.ingestTimeMilliseconds != 0 { buffer.writeField(4, signed: self.ingestTimeMilliseconds) }
        if self.deleted { buffer.writeField(5, true) }
        if !self.contentHash.isEmpty { buffer.writeField(6, bytes: self.contentHash) }
        if self.bodySize != 0 { buffer.writeField(7, self.bodySize) }
        if self.compressedSize != 0 { buffer.writeField(8, self.compressedSize) }
        if !self.title.isEmpty { buffer.writeField(9, self.title) }
        if !self.source.isEmpty { buffer.writeField(10, self.source) }
        if !self.url.isEmpty { buffer.writeField(11, self.url) }
        if !self.published.isEmpty { buffer.writeField(12, self.published) }
        for tag in self.tags { buffer.writeField(13, tag) }
    }
}

/// The size limits of document fields on the wire (the store enforces the same).
public enum DocumentLimits {
    public static let keyBytes = 1024
    public static let titleBytes = 2048
    public static let sourceBytes = 256
    public static let urlBytes = 8192
    public static let tags = 64
    public static let tagBytes = 128
    /// Documents in one DOC_PUT.
    public static let putBatch = 1000
    /// Documents in one DOC_LIST page.
    public static let listPage = 10_000
    /// The largest request payload reassembled from fragments: a 64 MiB body and its metadata.
    public static let assembledPayloadBytes = 65 * 1024 * 1024
    /// A DOC_PUT's `body_zlib` may declare at most this many times its own size (a body
    /// "bomb": 65 KB that inflates to 64 MiB)…
    public static let bodyInflationRatio = 200
    /// …unless the body is this small (inflating it costs little whatever the ratio).
    public static let bodyRatioFreeBytes = 1024 * 1024

    /// Whether a compressed body of `compressedBytes` may declare `size` bytes.
    public static func bodyRatioAllows(compressedBytes: Int, size: UInt64) -> Bool {
        size <= UInt64(Self.bodyRatioFreeBytes) || size / UInt64(max(1, compressedBytes)) < UInt64(Self.bodyInflationRatio)
    }
}
