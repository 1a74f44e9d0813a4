import AxisDigest

/// A commit record: written after every batch of records in the same write, it says the batch
/// is complete. Records after the last valid commit record were never acknowledged.
struct CommitRecord: Hashable, Sendable {
    var firstSequence: UInt64
    var lastSequence: UInt64
    var recordCount: UInt32

    static let kind: UInt8 = 3

    static func encode(_ commit: CommitRecord) -> [UInt8] {
        var body = ByteWriter(capacity: 22)
        body.u8(Self.kind)
        body.u8(0)
        body.u64(commit.firstSequence)
        body.u64(commit.lastSequence)
        body.u32(commit.recordCount)
        var writer = ByteWriter(capacity: 34)
        writer.raw(RecordLayout.recordMagic)
        writer.u32(UInt32(body.bytes.count))
        writer.u32(CRC32Helper.checksum(body.bytes))
        writer.raw(body.bytes)
        return writer.bytes
    }

    static func decodeBody(_ body: ArraySlice<UInt8>) throws(StoreError) -> CommitRecord {
        var reader = ByteReader(body)
        guard try reader.u8() == Self.kind else { throw StoreError(.corrupt, "not a commit record") }
        _ = try reader.u8()
        let commit = CommitRecord(firstSequence: try reader.u64(), lastSequence: try reader.u64(), recordCount: try reader.u32())
        guard reader.remaining == 0 else { throw StoreError(.corrupt, "\(reader.remaining) bytes after a commit record") }
        return commit
    }
}

/// A watermark record (kind 4): how far this server has imported from another. It is part of
/// the group it is written with, and counts only once that group is committed.
enum WatermarkRecord {
    static let kind: UInt8 = 4

    static func encode(_ watermark: Watermark) -> [UInt8] {
        var body = ByteWriter(capacity: 64)
        body.u8(Self.kind)
        body.u8(0)
        body.string16(watermark.source)
        body.u64(watermark.sequence)
        var writer = ByteWriter(capacity: body.bytes.count + 12)
        writer.raw(RecordLayout.recordMagic)
        writer.u32(UInt32(body.bytes.count))
        writer.u32(CRC32Helper.checksum(body.bytes))
        writer.raw(body.bytes)
        return writer.bytes
    }

    static func decodeBody(_ body: ArraySlice<UInt8>) throws(StoreError) -> Watermark {
        var reader = ByteReader(body)
        guard try reader.u8() == Self.kind else { throw StoreError(.corrupt, "not a watermark record") }
        _ = try reader.u8()
        let source = try reader.string16(max: 256, field: "source")
        let watermark = Watermark(source: source, sequence: try reader.u64())
        guard reader.remaining == 0 else { throw StoreError(.corrupt, "bytes after a watermark record") }
        return watermark
    }
}

/// One record of the log, decoded (docs/storage.md §3). Pure values: no I/O.
struct LogRecord: Sendable {
    var info: SnapshotInfo
    /// The stored zlib body (empty for tombstones, and when decoded from an index entry).
    var compressedBody: ArraySlice<UInt8>

    /// Encodes a complete record: header (magic, length, CRC) and body.
    static func encode(info: SnapshotInfo, compressedBody: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: RecordLayout.recordHeaderBytes + 160 + compressedBody.count)
        writer.raw(RecordLayout.recordMagic)
        writer.u32(0)  // body length, patched below
        writer.u32(0)  // CRC, patched below
        let bodyStart = writer.bytes.count
        Self.encodeBody(info: info, compressedLength: compressedBody.count, into: &writer)
        writer.raw(compressedBody)
        let bodyLength = writer.bytes.count - bodyStart
        writer.patchU32(UInt32(bodyLength), at: 4)
        writer.patchU32(CRC32Helper.checksum(writer.bytes[bodyStart...]), at: 8)
        return writer.bytes
    }

    /// The record body up to (not including) the zlib bytes. Also the entry format of the
    /// segment index files, which is why it stands alone.
    static func encodeBody(info: SnapshotInfo, compressedLength: Int, into writer: inout ByteWriter) {
        writer.u8(info.kind.rawValue)
        writer.u8(0)
        writer.u64(info.sequence)
        writer.u32(info.version)
        writer.i64(info.ingestTime)
        writer.string16(info.key)
        guard info.kind == .snapshot else { return }
        writer.raw(info.contentHash?.bytes ?? [UInt8](repeating: 0, count: 32))
        writer.u64(info.bodySize)
        writer.string16(info.metadata.title)
        writer.string16(info.metadata.source)
        writer.string16(info.metadata.url)
        let published = info.metadata.published?.description ?? ""
        writer.u8(UInt8(published.utf8.count))
        writer.raw(Array(published.utf8))
        writer.u16(UInt16(info.metadata.tags.count))
        for tag in info.metadata.tags { writer.string16(tag) }
        writer.u32(UInt32(compressedLength))
    }

    /// Decodes a record body (the bytes after the 12-byte header, CRC already checked).
    ///
    /// - Parameters:
    ///   - withBody: `false` for index entries, which end at the compressed length.
    /// - Throws: `StoreError.corrupt` for anything out of shape.
    static func decodeBody(_ body: ArraySlice<UInt8>, location: SnapshotLocation, withBody: Bool = true) throws(StoreError) -> LogRecord {
        var reader = ByteReader(body)
        guard let kind = SnapshotInfo.Kind(rawValue: try reader.u8()) else {
            throw StoreError(.corrupt, "unknown record kind")
        }
        _ = try reader.u8()
        let sequence = try reader.u64()
        let version = try reader.u32()
        let ingestTime = try reader.i64()
        let key = try reader.string16(max: DocumentKey.maxBytes, field: "key")
        guard !key.isEmpty, sequence > 0, version > 0 else {
            throw StoreError(.corrupt, "record with an empty key, sequence 0 or version 0")
        }
        var info = SnapshotInfo(
            key: key, version: version, sequence: sequence, ingestTime: ingestTime, kind: kind, contentHash: nil,
            bodySize: 0, compressedSize: 0, metadata: DocumentMetadata(), location: location)
        guard kind == .snapshot else {
            guard reader.remaining == 0 else { throw StoreError(.corrupt, "\(reader.remaining) bytes after a tombstone") }
            return LogRecord(info: info, compressedBody: [])
        }
        info.contentHash = ContentHash(bytes: Array(try reader.take(32)))
        info.bodySize = try reader.u64()
        let title = try reader.string16(max: DocumentMetadata.maxTitleBytes, field: "title")
        let source = try reader.string16(max: DocumentMetadata.maxSourceBytes, field: "source")
        let url = try reader.string16(max: DocumentMetadata.maxURLBytes, field: "url")
        let publishedText = try reader.string(length: Int(try reader.u8()), field: "published")
        var published: PublishedDate?
        if !publishedText.isEmpty {
            guard let date = PublishedDate(publishedText) else { throw StoreError(.corrupt, "bad published date") }
            published = date
        }
        let tagCount = Int(try reader.u16())
        guard tagCount <= DocumentMetadata.maxTags else { throw StoreError(.corrupt, "\(tagCount) tags") }
        var tags: [String] = []
        tags.reserveCapacity(tagCount)
        for _ in 0..<tagCount {
            tags.append(try reader.string16(max: DocumentMetadata.maxTagBytes, field: "tag"))
        }
        info.metadata = DocumentMetadata(title: title, source: source, url: url, published: published, tags: tags)
        let compressedLength = Int(try reader.u32())
        info.compressedSize = UInt32(compressedLength)
        guard withBody else {
            guard reader.remaining == 0 else { throw StoreError(.corrupt, "\(reader.remaining) bytes after an index entry") }
            return LogRecord(info: info, compressedBody: [])
        }
        let compressed = try reader.take(compressedLength)
        guard reader.remaining == 0 else { throw StoreError(.corrupt, "\(reader.remaining) bytes after the body") }
        return LogRecord(info: info, compressedBody: compressed)
    }
}
