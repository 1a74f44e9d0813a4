public import NIOCore
import AxisZlib

/// A snapshot or tombstone in the server's stored form (Protocol/PROTOCOL.md §11.6): the bytes
/// of its log record, as an export in stored form carries them. The receiver checks each one
/// (magic, length, CRC-32, shape, limits) and reads it as the `PackRecord` the plain form
/// would have sent.
///
/// The layout is the log record of format 1 (docs/storage.md §3, repeated in §11.6 so that a
/// client needs nothing else), all integers big-endian:
///
/// | size | field |
/// |---|---|
/// | 4 | magic "AXR1" |
/// | 4 | body length L, 13 ≤ L ≤ 65 MiB |
/// | 4 | CRC-32 of the L body bytes |
/// | L | body: kind (1 snapshot, 2 tombstone), reserved, sequence (8), version (4), ingest time (8, signed), key (u16 length + UTF-8); a snapshot goes on with content hash (32), body size (8), title, source, url (each u16 length + UTF-8), published (u8 length 0 or 10 + text), tag count (u16) and tags (u16 length + UTF-8 each), compressed length C (4), then C zlib bytes |
public enum StoredRecord {
    /// The stored form this code reads (ExportPart field 12).
    public static let format: UInt32 = 1
    /// "AXR1".
    public static let magic: UInt32 = 0x4158_5231
    /// Magic, body length, CRC.
    public static let headerBytes = 12
    /// The smallest body (a watermark's, in the log; a tombstone's is larger).
    public static let minBodyBytes = 13
    /// The largest body: a 64 MiB body that did not compress, plus its metadata.
    public static let maxBodyBytes = 64 * 1024 * 1024 + 1024 * 1024

    static let snapshotKind: UInt8 = 1
    static let tombstoneKind: UInt8 = 2

    /// The whole length (header and body) of the record starting at `buffer`'s reader index,
    /// once its header has arrived; nil while fewer than 12 bytes are there.
    /// - Throws: `CodecError.corruptStoredRecord` if the header is not a record's.
    public static func length(of buffer: ByteBuffer) throws(CodecError) -> Int? {
        guard let magic = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self)
        else { return nil }
        guard magic == Self.magic else { throw CodecError(.corruptStoredRecord, "a stored record does not start with AXR1") }
        guard length >= Self.minBodyBytes, length <= Self.maxBodyBytes else {
            throw CodecError(.corruptStoredRecord, "a stored record declares a \(length)-byte body", limit: UInt64(Self.maxBodyBytes))
        }
        return Self.headerBytes + Int(length)
    }

    /// Reads one whole record (exactly the readable bytes of `buffer`) as a pack record. The
    /// zlib body is a slice of `buffer`, not a copy.
    /// - Throws: `CodecError` naming what does not check out: the CRC, a kind other than
    ///   snapshot or tombstone, a length or limit, bytes left over, text that is not UTF-8.
    public static func decode(_ buffer: ByteBuffer) throws(CodecError) -> PackRecord {
        guard let length = try Self.length(of: buffer), length == buffer.readableBytes else {
            throw CodecError(.corruptStoredRecord, "a stored record is cut short or runs on (\(buffer.readableBytes) bytes)")
        }
        // One pass over the record's bytes in place: no slice (and no retain) per field.
        let decoded = buffer.withUnsafeReadableBytes { raw in Result { () throws(CodecError) in try Self.decode(raw) } }
        let (info, body) = try decoded.get()
        guard let body else { return PackRecord(info: info, bodyZlib: ByteBuffer()) }
        return PackRecord(info: info, bodyZlib: buffer.getSlice(at: buffer.readerIndex + body.lowerBound, length: body.count) ?? ByteBuffer())
    }

    /// The record's info, and where its zlib bytes are (nil for a tombstone).
    private static func decode(_ record: UnsafeRawBufferPointer) throws(CodecError) -> (SnapshotInfoMessage, Range<Int>?) {
        let storedCRC = UInt32(bigEndian: record.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: record[Self.headerBytes...])) == storedCRC else {
            throw CodecError(.corruptStoredRecord, "a stored record fails its CRC-32")
        }
        var reader = StoredFieldReader(bytes: record, offset: Self.headerBytes)
        let kind = try reader.u8()
        guard kind == Self.snapshotKind || kind == Self.tombstoneKind else {
            throw CodecError(.corruptStoredRecord, "a stored record of kind \(kind) (only snapshots and tombstones are exported)")
        }
        _ = try reader.u8()
        let sequence = try reader.u64()
        let version = try reader.u32()
        let ingestTime = Int64(bitPattern: try reader.u64())
        let key = try reader.string(lengthBytes: 2, max: DocumentLimits.keyBytes, "key")
        guard !key.isEmpty, sequence > 0, version > 0 else {
            throw CodecError(.corruptStoredRecord, "a stored record with an empty key, sequence 0 or version 0")
        }
        var info = SnapshotInfoMessage(key: key, version: version, sequence: sequence, ingestTimeMilliseconds: ingestTime)
        guard kind == Self.snapshotKind else {
            info.deleted = true
            try reader.expectEnd("a tombstone")
            return (info, nil)
        }
        info.contentHash = try reader.bytes(32)
        info.bodySize = try reader.u64()
        info.title = try reader.string(lengthBytes: 2, max: DocumentLimits.titleBytes, "title")
        info.source = try reader.string(lengthBytes: 2, max: DocumentLimits.sourceBytes, "source")
        info.url = try reader.string(lengthBytes: 2, max: DocumentLimits.urlBytes, "url")
        info.published = try reader.string(lengthBytes: 1, max: 10, "published")
        guard info.published.isEmpty || info.published.utf8.count == 10 else {
            throw CodecError(.corruptStoredRecord, "a stored record's published date is '\(info.published)', not YYYY-MM-DD")
        }
        let tagCount = Int(try reader.u16())
        guard tagCount <= DocumentLimits.tags else {
            throw CodecError(.countTooLarge, "a stored record has \(tagCount) tags", limit: UInt64(DocumentLimits.tags))
        }
        if tagCount > 0 {
            info.tags.reserveCapacity(tagCount)
            for _ in 0..<tagCount { info.tags.append(try reader.string(lengthBytes: 2, max: DocumentLimits.tagBytes, "tag")) }
        }
        let compressed = Int(try reader.u32())
        info.compressedSize = UInt32(compressed)
        let body = try reader.skip(compressed)
        try reader.expectEnd("a snapshot")
        return (info, body)
    }
}

/// Reads the fixed-width, big-endian fields of a stored record in place, every read checked
/// against the record's end.
private struct StoredFieldReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    init(bytes: UnsafeRawBufferPointer, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    mutating func u8() throws(CodecError) -> UInt8 { try self.integer(UInt8.self) }
    mutating func u16() throws(CodecError) -> UInt16 { try self.integer(UInt16.self) }
    mutating func u32() throws(CodecError) -> UInt32 { try self.integer(UInt32.self) }
    mutating func u64() throws(CodecError) -> UInt64 { try self.integer(UInt64.self) }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(CodecError) -> T {
        let start = try self.skip(MemoryLayout<T>.size).lowerBound
        return T(bigEndian: self.bytes.loadUnaligned(fromByteOffset: start, as: T.self))
    }

    /// Passes over `count` bytes and says where they were.
    mutating func skip(_ count: Int) throws(CodecError) -> Range<Int> {
        guard count >= 0, count <= self.bytes.count - self.offset else {
            throw CodecError(.truncatedPayload, "a stored record ends inside a field")
        }
        defer { self.offset += count }
        return self.offset..<(self.offset + count)
    }

    mutating func bytes(_ count: Int) throws(CodecError) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: self.bytes[try self.skip(count)]))
    }

    /// A length-prefixed UTF-8 string of at most `max` bytes.
    mutating func string(lengthBytes: Int, max: Int, _ name: String) throws(CodecError) -> String {
        let length = lengthBytes == 1 ? Int(try self.u8()) : Int(try self.u16())
        guard length <= max else {
            throw CodecError(.stringTooLong, "a stored record's \(name) is \(length) bytes, the maximum is \(max)", limit: UInt64(max))
        }
        guard let valid = ByteBuffer.validatedUTF8(UnsafeRawBufferPointer(rebasing: self.bytes[try self.skip(length)])) else {
            throw CodecError(.invalidUTF8, "a stored record's \(name) is not valid UTF-8")
        }
        return valid
    }

    func expectEnd(_ what: String) throws(CodecError) {
        guard self.offset == self.bytes.count else {
            throw CodecError(.trailingBytes, "\(self.bytes.count - self.offset) bytes after \(what) in a stored record")
        }
    }
}
