public import NIOCore

/// DOC_PUT, opcode 0x0101: store one or more documents (Protocol/PROTOCOL.md §10.2).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | documents | repeated DocumentUpload | 1 to 1000 |
public struct DocPut: RequestMessage, Hashable {
    public typealias Reply = DocPutReply
    public static let opcode = Opcode.docPut

    public var documents: [DocumentUpload]

    public init(documents: [DocumentUpload]) {
        self.documents = documents
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var documents: [DocumentUpload] = []
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard documents.count < DocumentLimits.putBatch else {
                    throw CodecError(.countTooLarge, "more than \(DocumentLimits.putBatch) documents", field: 1, limit: UInt64(DocumentLimits.putBatch))
                }
                // Each document succeeds or fails on its own (§10.2): one that does not decode
                // (a value over its limit, a missing body) is kept as a refusal at its index.
                do {
                    documents.append(try field.message(DocumentUpload.self))
                } catch {
                    documents.append(DocumentUpload(refusal: error, key: DocumentUpload.readableKey(in: field)))
                }
            default: break
            }
        }
        guard !documents.isEmpty else { throw CodecError(.missingField, "no documents", field: 1) }
        self.documents = documents
    }

    public func encode(into buffer: inout ByteBuffer) {
        for document in self.documents { buffer.writeField(1, message: document) }
    }
}

/// One document to store.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required, non-empty, no control characters |
/// | 2 | title | string ≤ 2048 | |
/// | 3 | source | string ≤ 256 | |
/// | 4 | url | string ≤ 8192 | |
/// | 5 | published | string | `YYYY-MM-DD` |
/// | 6 | tags | repeated string ≤ 128, ≤ 64 | |
/// | 7 | body | bytes | the body as UTF-8 text; exactly one of 7 and 8 |
/// | 8 | body_zlib | bytes | the body as one zlib stream (what the store keeps) |
/// | 9 | body_size | uint (u64) | required with 8: the uncompressed size, ≤ max_body_bytes |
/// | 10 | content_hash | bytes = 32 | optional: SHA-256 of the uncompressed body; verified |
public struct DocumentUpload: WireMessage, Hashable {
    public enum Body: Hashable, Sendable {
        case raw(ByteBuffer)
        case zlib(ByteBuffer, size: UInt64)
    }

    public var key: String
    public var title: String
    public var source: String
    public var url: String
    public var published: String
    public var tags: [String]
    public var body: Body
    public var contentHash: [UInt8]?
    /// Why this document could not be decoded, when it could not: the server answers it with
    /// its own error and index and stores the others. Never encoded.
    public var refusal: CodecError?

    public init(
        key: String, title: String = "", source: String = "", url: String = "", published: String = "",
        tags: [String] = [], body: Body, contentHash: [UInt8]? = nil
    ) {
        self.key = key
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.tags = tags
        self.body = body
        self.contentHash = contentHash
    }

    /// A document that did not decode, under the key it gave if that much was readable.
    init(refusal: CodecError, key: String) {
        self.init(key: key, body: .raw(ByteBuffer()))
        self.refusal = refusal
    }

    /// Field 1 of an encoded document when it is there and a valid string ≤ the key limit,
    /// else "" (for the error reply of a document that does not decode).
    static func readableKey(in field: Field) -> String {
        guard let payload = try? field.bytes(maxBytes: Int.max) else { return "" }
        var reader = FieldReader(payload)
        while let next = try? reader.next() {
            if next.number == 1 { return (try? next.string(maxBytes: DocumentLimits.keyBytes)) ?? "" }
        }
        return ""
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var title = "", source = "", url = "", published = ""
        var tags: [String] = []
        var raw: ByteBuffer?
        var zlib: ByteBuffer?
        var size: UInt64?
        var hash: [UInt8]?
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: title = try field.string(maxBytes: DocumentLimits.titleBytes)
            case 3: source = try field.string(maxBytes: DocumentLimits.sourceBytes)
            case 4: url = try field.string(maxBytes: DocumentLimits.urlBytes)
            case 5: published = try field.string(maxBytes: 10)
            case 6:
                guard tags.count < DocumentLimits.tags else {
                    throw CodecError(.countTooLarge, "more than \(DocumentLimits.tags) tags", field: 6, limit: UInt64(DocumentLimits.tags))
                }
                tags.append(try field.string(maxBytes: DocumentLimits.tagBytes))
            case 7: raw = try field.bytes(maxBytes: DocumentLimits.assembledPayloadBytes)
            case 8: zlib = try field.bytes(maxBytes: DocumentLimits.assembledPayloadBytes)
            case 9: size = try field.uint64()
            case 10:
                let bytes = try field.byteArray(maxBytes: 32)
                guard bytes.count == 32 else { throw CodecError(.fieldOutOfRange, "content_hash must be 32 bytes", field: 10) }
                hash = bytes
            default: break
            }
        }
        self.key = try required(key, "key", field: 1)
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        self.tags = tags
        self.contentHash = hash
        switch (raw, zlib) {
        case (let raw?, nil):
            self.body = .raw(raw)
        case (nil, let zlib?):
            self.body = .zlib(zlib, size: try required(size, "body_size", field: 9))
        case (nil, nil):
            throw CodecError(.missingField, "a document needs body (7) or body_zlib (8)", field: 7)
        case (.some, .some):
            throw CodecError(.fieldOutOfRange, "a document has either body (7) or body_zlib (8), not both", field: 8)
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        if !self.title.isEmpty { buffer.writeField(2, self.title) }
        if !self.source.isEmpty { buffer.writeField(3, self.source) }
        if !self.url.isEmpty { buffer.writeField(4, self.url) }
        if !self.published.isEmpty { buffer.writeField(5, self.published) }
        for tag in self.tags { buffer.writeField(6, tag) }
        switch self.body {
        case .raw(let bytes):
            buffer.writeField(7, bytes: bytes)
        case .zlib(let bytes, let size):
            buffer.writeField(8, bytes: bytes)
            buffer.writeField(9, size)
        }
        if let contentHash { buffer.writeField(10, bytes: contentHash) }
    }
}

/// The reply to DOC_PUT: one result per document, in the order sent.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | results | repeated PutResult |
public struct DocPutReply: WireMessage, Hashable {
    public var results: [PutResult]

    public init(results: [PutResult]) {
        self.results = results
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var results: [PutResult] = []
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard results.count < DocumentLimits.putBatch else {
                    throw CodecError(.countTooLarge, "more than \(DocumentLimits.putBatch) results", field: 1)
                }
                results.append(try field.message(PutResult.self))
            default: break
            }
        }
        self.results = results
    }

    public func encode(into buffer: inout ByteBuffer) {
        for result in self.results { buffer.writeField(1, message: result) }
    }
}

/// What happened to one document of a DOC_PUT.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | |
/// | 2 | version | uint (u32) | the version now latest |
/// | 3 | sequence | uint (u64) | its sequence number |
/// | 4 | created | bool | false: identical to the latest version, nothing added |
/// | 5 | content_hash | bytes = 32 | |
/// | 6 | error | Error (§8) | present when this document was refused; then 2–5 are absent |
public struct PutResult: WireMessage, Hashable {
    public var key: String
    public var version: UInt32
    public var sequence: UInt64
    public var created: Bool
    public var contentHash: [UInt8]
    public var error: WireError?

    public init(key: String, version: UInt32, sequence: UInt64, created: Bool, contentHash: [UInt8]) {
        self.key = key
        self.version = version
        self.sequence = sequence
        self.created = created
        self.contentHash = contentHash
        self.error = nil
    }

    public init(key: String, error: WireError) {
        self.key = key
        self.version = 0
        self.sequence = 0
        self.created = false
        self.contentHash = []
        self.error = error
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var result = PutResult(key: "", version: 0, sequence: 0, created: false, contentHash: [])
        while let field = try reader.next() {
            switch field.number {
            case 1: result.key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: result.version = try field.unsigned()
            case 3: result.sequence = try field.uint64()
            case 4: result.created = try field.bool()
            case 5: result.contentHash = try field.byteArray(maxBytes: 32)
            case 6: result.error = try field.message(WireError.self)
            default: break
            }
        }
        self = result
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        if self.version != 0 { buffer.writeField(2, self.version) }
        if self.sequence != 0 { buffer.writeField(3, self.sequence) }
        if self.created { buffer.writeField(4, true) }
        if !self.contentHash.isEmpty { buffer.writeField(5, bytes: self.contentHash) }
        if let error { buffer.writeField(6, message: error) }
    }
}
