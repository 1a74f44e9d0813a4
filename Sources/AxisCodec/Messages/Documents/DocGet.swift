public import NIOCore

/// DOC_GET, opcode 0x0102: one version of a document (Protocol/PROTOCOL.md §10.3).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | version | uint (u32) | a specific version; excludes 3 |
/// | 3 | as_of_ms | sint (zigzag) | the version latest at this time; excludes 2 |
/// | 4 | metadata_only | bool | no body |
///
/// The reply is a stream of SnapshotChunk frames.
public struct DocGet: RequestMessage, Hashable {
    public typealias Reply = SnapshotChunk
    public static let opcode = Opcode.docGet

    public var key: String
    public var version: UInt32?
    public var asOfMilliseconds: Int64?
    public var metadataOnly: Bool

    public init(key: String, version: UInt32? = nil, asOfMilliseconds: Int64? = nil, metadataOnly: Bool = false) {
        self.key = key
        self.version = version
        self.asOfMilliseconds = asOfMilliseconds
        self.metadataOnly = metadataOnly
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var request = DocGet(key: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: request.version = try field.unsigned()
            case 3: request.asOfMilliseconds = try field.int64()
            case 4: request.metadataOnly = try field.bool()
            default: break
            }
        }
        request.key = try required(key, "key", field: 1)
        guard request.version == nil || request.asOfMilliseconds == nil else {
            throw CodecError(.fieldOutOfRange, "version (2) and as_of_ms (3) exclude each other", field: 3)
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        if let version { buffer.writeField(2, version) }
        if let asOfMilliseconds { buffer.writeField(3, signed: asOfMilliseconds) }
        if self.metadataOnly { buffer.writeField(4, true) }
    }
}

/// One frame of a DOC_GET reply.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | info | SnapshotInfo | in the first frame only |
/// | 2 | body_zlib | bytes | the next piece of the stored zlib stream |
///
/// The concatenated `body_zlib` of all frames is one zlib stream that inflates to
/// `info.body_size` bytes whose SHA-256 is `info.content_hash`. Bodies travel as stored.
public struct SnapshotChunk: WireMessage, Hashable {
    public var info: SnapshotInfoMessage?
    public var bodyZlib: ByteBuffer

    public init(info: SnapshotInfoMessage?, bodyZlib: ByteBuffer) {
        self.info = info
        self.bodyZlib = bodyZlib
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var chunk = SnapshotChunk(info: nil, bodyZlib: ByteBuffer())
        while let field = try reader.next() {
            switch field.number {
            case 1: chunk.info = try field.message(SnapshotInfoMessage.self)
            case 2: chunk.bodyZlib = try field.bytes(maxBytes: ProtocolLimits.maxNegotiablePayloadBytes)
            default: break
            }
        }
        self = chunk
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let info { buffer.writeField(1, message: info) }
        if self.bodyZlib.readableBytes > 0 { buffer.writeField(2, bytes: self.bodyZlib) }
    }
}
