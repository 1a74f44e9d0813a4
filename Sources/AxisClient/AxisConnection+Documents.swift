public import AxisCodec
import AxisDigest
import AxisZlib
import NIOCore

/// Documents, typed (Protocol/PROTOCOL.md §10). Bodies travel compressed both ways: puts send
/// zlib (with the SHA-256, which the server verifies), gets receive the stored zlib stream,
/// which is inflated here and checked against its hash.
extension AxisConnection {
    /// A document to store.
    public struct Upload: Sendable {
        public var key: String
        public var body: [UInt8]
        public var title: String
        public var source: String
        public var url: String
        public var published: String
        public var tags: [String]

        public init(key: String, body: [UInt8], title: String = "", source: String = "", url: String = "", published: String = "", tags: [String] = []) {
            self.key = key
            self.body = body
            self.title = title
            self.source = source
            self.url = url
            self.published = published
            self.tags = tags
        }

        /// The wire form: body compressed at `level`, with its hash; raw when it compresses
        /// more than the server takes from a compressed body (DocumentLimits.bodyInflationRatio).
        func wire(level: Int) throws(ClientError) -> DocumentUpload {
            let compressed: [UInt8]
            do {
                compressed = try Deflater(level: level).compress(self.body)
            } catch {
                throw ClientError(.protocolError, "cannot compress: \(error)")
            }
            let size = UInt64(self.body.count)
            let body: DocumentUpload.Body =
                DocumentLimits.bodyRatioAllows(compressedBytes: compressed.count, size: size)
                ? .zlib(ByteBuffer(bytes: compressed), size: size) : .raw(ByteBuffer(bytes: self.body))
            return DocumentUpload(
                key: self.key, title: self.title, source: self.source, url: self.url, published: self.published,
                tags: self.tags, body: body, contentHash: SHA256.hash(self.body).bytes)
        }
    }

    /// A version of a document with its body.
    public struct Document: Sendable {
        public var info: SnapshotInfoMessage
        /// The body, verified against `info.contentHash`. Empty for `metadataOnly` gets.
        public var body: [UInt8]
    }

    /// Stores documents (one request; they share the server's group commit).
    /// Results are in input order; each may carry its own error.
    public func put(_ uploads: [Upload], compressionLevel: Int = 6) async throws(ClientError) -> [PutResult] {
        var wire: [DocumentUpload] = []
        wire.reserveCapacity(uploads.count)
        for upload in uploads { wire.append(try upload.wire(level: compressionLevel)) }
        return try await self.call(DocPut(documents: wire)).results
    }

    /// One version of a document: the latest, a given version, or the one latest at a time.
    public func get(_ key: String, version: UInt32? = nil, asOfMilliseconds: Int64? = nil, metadataOnly: Bool = false)
        async throws(ClientError) -> Document
    {
        let chunks = try await self.callStream(
            DocGet(key: key, version: version, asOfMilliseconds: asOfMilliseconds, metadataOnly: metadataOnly))
        guard let info = chunks.first?.info else {
            throw ClientError(.protocolError, "the server's DOC_GET reply has no snapshot info")
        }
        if metadataOnly { return Document(info: info, body: []) }
        var compressed = ByteBuffer()
        for chunk in chunks {
            var part = chunk.bodyZlib
            compressed.writeBuffer(&part)
        }
        let body: [UInt8]
        do {
            body = try compressed.withUnsafeReadableBytes { bytes in
                try Inflater().inflate(bytes, maxOutputBytes: Int(clamping: info.bodySize), expectedOutputBytes: Int(clamping: info.bodySize))
            }
        } catch {
            throw ClientError(.protocolError, "the body of '\(key)' does not inflate to its declared \(info.bodySize) bytes: \(error)")
        }
        guard SHA256.hash(body).bytes == info.contentHash else {
            throw ClientError(.protocolError, "the body of '\(key)' does not match its SHA-256")
        }
        return Document(info: info, body: body)
    }

    /// Every version of a document, oldest first, tombstones included.
    public func history(_ key: String) async throws(ClientError) -> [SnapshotInfoMessage] {
        let page = try await self.callMerged(DocHistory(key: key))
        let versions = page.snapshots
        if let total = page.total, total != UInt64(versions.count) {
            throw ClientError(.protocolError, "history stream ended with \(versions.count) of \(total) versions")
        }
        return versions
    }

    /// The line diff between two versions.
    public func diff(_ key: String, from: UInt32, to: UInt32, contextLines: UInt32 = 3) async throws(ClientError) -> DiffPart {
        try await self.callMerged(DocDiff(key: key, fromVersion: from, toVersion: to, contextLines: contextLines))
    }

    /// Deletes a document (adds a tombstone).
    public func delete(_ key: String) async throws(ClientError) -> DocDeleteReply {
        try await self.call(DocDelete(key: key))
    }

    /// One page of documents in key order; pass `nextAfter` back as `after` for the next.
    public func list(prefix: String = "", after: String? = nil, limit: UInt32 = 100, includeDeleted: Bool = false)
        async throws(ClientError) -> (documents: [DocumentSummaryMessage], nextAfter: String?)
    {
        let page = try await self.callMerged(DocList(prefix: prefix, after: after, limit: limit, includeDeleted: includeDeleted))
        if let total = page.total, total != UInt64(page.documents.count) {
            throw ClientError(.protocolError, "list stream ended with \(page.documents.count) of \(total) documents")
        }
        return (page.documents, page.nextAfter)
    }
}
