public import NIOCore

/// The pack file (Protocol/pack.md): what `axclient export` writes and `axclient import`
/// reads. Every snapshot and tombstone of a range of sequence numbers, in order, each with its
/// stored zlib body and content hash, then a trailer whose counts and checksum let a reader
/// prove the pack is whole.
public enum PackFormat {
    /// "\x89AXK\r\n\x1a\n": the pack's first 8 bytes.
    public static let magic: [UInt8] = [0x89, 0x41, 0x58, 0x4B, 0x0D, 0x0A, 0x1A, 0x0A]
    public static let format: UInt16 = 1
    /// The largest record a reader accepts: a 64 MiB body that did not compress, and its info.
    public static let maxRecordBytes = DocumentLimits.assembledPayloadBytes
    /// The largest header or trailer message.
    public static let maxMetaBytes = 64 * 1024
}

/// The pack header message.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | source_server_id | string ≤ 256 |
/// | 2 | since_sequence | uint: the pack holds records with sequence > this |
/// | 3 | created_ms | sint (zigzag) |
/// | 4 | server_name | string ≤ 64 |
/// | 5 | server_version | string ≤ 64 |
public struct PackHeader: WireMessage, Hashable {
    public var sourceServerID: String
    public var sinceSequence: UInt64
    public var createdMilliseconds: Int64
    public var serverName: String
    public var serverVersion: String

    public init(sourceServerID: String, sinceSequence: UInt64, createdMilliseconds: Int64, serverName: String = "", serverVersion: String = "") {
        self.sourceServerID = sourceServerID
        self.sinceSequence = sinceSequence
        self.createdMilliseconds = createdMilliseconds
        self.serverName = serverName
        self.serverVersion = serverVersion
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var header = PackHeader(sourceServerID: "", sinceSequence: 0, createdMilliseconds: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: header.sourceServerID = try field.string(maxBytes: 256)
            case 2: header.sinceSequence = try field.uint64()
            case 3: header.createdMilliseconds = try field.int64()
            case 4: header.serverName = try field.string(maxBytes: Hello.maxNameBytes)
            case 5: header.serverVersion = try field.string(maxBytes: Hello.maxNameBytes)
            default: break
            }
        }
        self = header
    }

    public func encode(into buffer: inout ByteBuffer) {
        if !self.sourceServerID.isEmpty { buffer.writeField(1, self.sourceServerID) }
        buffer.writeField(2, self.sinceSequence)
        buffer.writeField(3, signed: self.createdMilliseconds)
        if !self.serverName.isEmpty { buffer.writeField(4, self.serverName) }
        if !self.serverVersion.isEmpty { buffer.writeField(5, self.serverVersion) }
    }
}

/// The pack trailer message.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | count | uint: records |
/// | 2 | snapshots | uint |
/// | 3 | tombstones | uint |
/// | 4 | last_sequence | uint: the last source sequence covered |
/// | 5 | body_bytes | uint: zlib bytes in the records |
/// | 6 | checksum | uint (u32): CRC-32 of every byte before the end marker |
public struct PackTrailer: WireMessage, Hashable {
    public var summary: TransferSummary
    public var checksum: UInt32

    public init(summary: TransferSummary, checksum: UInt32) {
        self.summary = summary
        self.checksum = checksum
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var summary = TransferSummary()
        var checksum: UInt32?
        while let field = try reader.next() {
            switch field.number {
            case 1: summary.count = try field.uint64()
            case 2: summary.snapshots = try field.uint64()
            case 3: summary.tombstones = try field.uint64()
            case 4: summary.lastSequence = try field.uint64()
            case 5: summary.bodyBytes = try field.uint64()
            case 6: checksum = try field.unsigned()
            default: break
            }
        }
        self.summary = summary
        self.checksum = try required(checksum, "checksum", field: 6)
    }

    public func encode(into buffer: inout ByteBuffer) {
        self.summary.encode(into: &buffer, firstField: 1)
        buffer.writeField(6, self.checksum)
    }
}
