public import NIOCore

/// DOC_LIST, opcode 0x0106: documents in key order (UTF-8 byte order) (§10.7).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | prefix | string ≤ 1024 | only keys starting with it |
/// | 2 | after | string ≤ 1024 | only keys after it (the previous page's `next_after`) |
/// | 3 | limit | uint | documents to return; default 100, at most 10,000 |
/// | 4 | include_deleted | bool | also documents whose latest version is a tombstone |
///
/// The reply is a stream of DocumentPage frames; the final one carries `next_after` when
/// more documents remain.
public struct DocList: RequestMessage, Hashable {
    public typealias Reply = DocumentPage
    public static let opcode = Opcode.docList
    public static let defaultLimit = 100

    public var prefix: String
    public var after: String?
    public var limit: UInt32
    public var includeDeleted: Bool

    public init(prefix: String = "", after: String? = nil, limit: UInt32 = UInt32(DocList.defaultLimit), includeDeleted: Bool = false) {
        self.prefix = prefix
        self.after = after
        self.limit = limit
        self.includeDeleted = includeDeleted
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var request = DocList()
        while let field = try reader.next() {
            switch field.number {
            case 1: request.prefix = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: request.after = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 3: request.limit = min(try field.unsigned(), UInt32(DocumentLimits.listPage))
            case 4: request.includeDeleted = try field.bool()
            default: break
            }
        }
        self = request
    }

    public func encode(into buffer: inout ByteBuffer) {
        if !self.prefix.isEmpty { buffer.writeField(1, self.prefix) }
        if let after { buffer.writeField(2, after) }
        buffer.writeField(3, self.limit)
        if self.includeDeleted { buffer.writeField(4, true) }
    }
}

/// A page of documents: the frames of DOC_LIST replies.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | documents | repeated DocumentSummary | |
/// | 2 | next_after | string ≤ 1024 | final frame, when more documents remain: pass it as `after` |
/// | 3 | total | uint | final frame: documents in the whole stream |
public struct DocumentPage: WireMessage, Hashable {
    public var documents: [DocumentSummaryMessage]
    public var nextAfter: String?
    public var total: UInt64?

    public init(documents: [DocumentSummaryMessage], nextAfter: String? = nil, total: UInt64? = nil) {
        self.documents = documents
        self.nextAfter = nextAfter
        self.total = total
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var page = DocumentPage(documents: [])
        while let field = try reader.next() {
            switch field.number {
            case 1:
                guard page.documents.count < DocumentLimits.listPage else { throw CodecError(.countTooLarge, "page too long", field: 1) }
                page.documents.append(try field.message(DocumentSummaryMessage.self))
            case 2: page.nextAfter = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 3: page.total = try field.uint64()
            default: break
            }
        }
        self = page
    }

    public func encode(into buffer: inout ByteBuffer) {
        for document in self.documents { buffer.writeField(1, message: document) }
        if let nextAfter { buffer.writeField(2, nextAfter) }
        if let total { buffer.writeField(3, total) }
    }
}

/// A document and its latest version.
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | latest | SnapshotInfo |
/// | 2 | versions | uint: versions, tombstones included |
public struct DocumentSummaryMessage: WireMessage, Hashable {
    public var latest: SnapshotInfoMessage
    public var versions: UInt32

    public init(latest: SnapshotInfoMessage, versions: UInt32) {
        self.latest = latest
        self.versions = versions
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var latest: SnapshotInfoMessage?
        var versions: UInt32 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: latest = try field.message(SnapshotInfoMessage.self)
            case 2: versions = try field.unsigned()
            default: break
            }
        }
        self.latest = try required(latest, "latest", field: 1)
        self.versions = versions
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: self.latest)
        buffer.writeField(2, self.versions)
    }
}

extension DocumentPage: StreamedReply {
    public init() { self.init(documents: []) }

    public static func encode(_ item: DocumentSummaryMessage, into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: item)
    }

    public mutating func merge(_ later: DocumentPage) {
        self.documents += later.documents
        self.nextAfter = later.nextAfter ?? self.nextAfter
        self.total = later.total ?? self.total
    }
}
