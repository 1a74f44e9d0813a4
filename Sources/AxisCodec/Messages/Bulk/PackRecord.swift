public import NIOCore

/// One snapshot or tombstone as it travels in bulk: in an export stream, an import request, or
/// a pack file (Protocol/PROTOCOL.md §11.1). The body is the source's stored zlib stream,
/// never recompressed.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | info | SnapshotInfo | in the first piece of a record; `sequence` is the source's |
/// | 2 | body_zlib | bytes | a piece of the stored zlib stream (none for tombstones) |
/// | 3 | continued | bool | more pieces of this record follow (export streams only) |
public struct PackRecord: WireMessage, Hashable {
    public var info: SnapshotInfoMessage?
    public var bodyZlib: ByteBuffer
    public var continued: Bool

    public init(info: SnapshotInfoMessage?, bodyZlib: ByteBuffer, continued: Bool = false) {
        self.info = info
        self.bodyZlib = bodyZlib
        self.continued = continued
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var record = PackRecord(info: nil, bodyZlib: ByteBuffer())
        while let field = try reader.next() {
            switch field.number {
            case 1: record.info = try field.message(SnapshotInfoMessage.self)
            case 2: record.bodyZlib = try field.bytes(maxBytes: DocumentLimits.assembledPayloadBytes)
            case 3: record.continued = try field.bool()
            default: break
            }
        }
        self = record
    }

    public func encode(into buffer: inout ByteBuffer) {
        Self.encode(info: self.info, body: self.bodyZlib.readableBytesView, continued: self.continued, into: &buffer)
    }

    public var encodedLengthHint: Int { Self.lengthHint(info: self.info, bodyBytes: self.bodyZlib.readableBytes) }

    /// Encodes a record whose body lives elsewhere (a server's stored segment bytes), exactly
    /// as a `PackRecord` with that body encodes.
    public static func encode(info: SnapshotInfoMessage?, body: some Collection<UInt8>, continued: Bool, into buffer: inout ByteBuffer) {
        if let info { buffer.writeField(1, message: info) }
        if !body.isEmpty { buffer.writeField(2, bytes: body) }
        if continued { buffer.writeField(3, true) }
    }

    /// About the encoded size of a record (for `encodedLengthHint`).
    public static func lengthHint(info: SnapshotInfoMessage?, bodyBytes: Int) -> Int {
        (info.map { $0.encodedLengthHint + 4 } ?? 0) + bodyBytes + 6
    }
}
