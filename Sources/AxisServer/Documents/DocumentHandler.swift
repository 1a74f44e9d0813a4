import AxisCodec
import AxisDigest
import AxisIndex
import AxisStore
import Logging
import NIOCore

/// The document operations (Protocol/PROTOCOL.md §10): put, get, history, diff, delete, list.
struct DocumentHandler: Sendable {
    let store: SnapshotStore
    /// When the server has an entity index, diffs also say which entities, quantities and
    /// flows changed.
    let indexer: Indexer?

    static let opcodes: [Opcode] = [.docPut, .docGet, .docHistory, .docDiff, .docDelete, .docList, .docStat]

    // MARK: - Stat

    func stat(_ request: DocStat, context: RequestContext) async throws {
        // A stream: a thousand infos with long titles and URLs can exceed one frame.
        var pager = StreamPager<DocStatReply>(context: context)
        for key in request.keys {
            if let info = self.store.latest(key: key) { try await pager.append(SnapshotInfoMessage(info)) }
        }
        try await pager.finish(DocStatReply(snapshots: [], total: pager.itemCount))
    }

    // MARK: - Put

    func put(_ request: DocPut, context: RequestContext) async throws {
        var inputs: [(index: Int, input: DocumentInput)] = []
        var results = [PutResult?](repeating: nil, count: request.documents.count)
        for (index, upload) in request.documents.enumerated() {
            if let refusal = upload.refusal {
                var error = WireError(refusal)
                error.index = UInt64(index)
                results[index] = PutResult(key: upload.key, error: error)
                continue
            }
            switch Self.input(from: upload) {
            case .success(let input): inputs.append((index, input))
            case .failure(var error):
                // Every per-document error says which document (PROTOCOL §10.2, vector 12).
                error.index = UInt64(index)
                results[index] = PutResult(key: upload.key, error: error)
            }
        }
        let outcomes = await self.store.put(batch: inputs.map(\.input))
        for ((index, input), outcome) in zip(inputs, outcomes) {
            switch outcome {
            case .success(let put):
                if put.created {
                    context.audit(
                        "put", ["key": "\(put.info.key)", "version": "\(put.info.version)", "sequence": "\(put.info.sequence)"])
                }
                results[index] = PutResult(
                    key: put.info.key, version: put.info.version, sequence: put.info.sequence, created: put.created,
                    contentHash: put.info.contentHash?.bytes ?? [])
            case .failure(let error):
                var wire = WireError(error)
                wire.index = UInt64(index)
                results[index] = PutResult(key: input.key, error: wire)
            }
        }
        try await context.reply(DocPutReply(results: results.map { $0 ?? PutResult(key: "", error: WireError(.internal, "lost")) }))
    }

    /// Turns an upload into a store input, checking what the store cannot (the date's format).
    static func input(from upload: DocumentUpload) -> Result<DocumentInput, WireError> {
        var published: PublishedDate?
        if !upload.published.isEmpty {
            guard let date = PublishedDate(upload.published) else {
                return .failure(WireError(.invalidArgument, "published must be a date YYYY-MM-DD, got '\(upload.published)'", field: "published"))
            }
            published = date
        }
        let metadata = DocumentMetadata(
            title: upload.title, source: upload.source, url: upload.url, published: published, tags: upload.tags)
        let body: DocumentInput.Body
        switch upload.body {
        case .raw(let bytes):
            let raw = Array(bytes.readableBytesView)
            // A declared hash is checked whichever way the body comes (§10.2).
            if let declared = upload.contentHash, declared != SHA256.hash(raw).bytes {
                return .failure(WireError(.invalidArgument, "content_hash is not the body's SHA-256", field: "content_hash"))
            }
            body = .raw(raw)
        case .zlib(let bytes, let size):
            guard DocumentLimits.bodyRatioAllows(compressedBytes: bytes.readableBytes, size: size) else {
                return .failure(
                    WireError(
                        .decompressLimit,
                        "body_zlib is \(bytes.readableBytes) bytes and declares \(size): over \(DocumentLimits.bodyInflationRatio) times its size (send such a body raw, field 7)",
                        field: "body_zlib", limit: UInt64(DocumentLimits.bodyInflationRatio)))
            }
            body = .compressed(zlib: Array(bytes.readableBytesView), size: size, hash: upload.contentHash.flatMap(ContentHash.init(bytes:)))
        }
        return .success(DocumentInput(key: upload.key, metadata: metadata, body: body))
    }

    // MARK: - Get

    func get(_ request: DocGet, context: RequestContext) async throws {
        let selector: VersionSelector =
            if let version = request.version { .version(version) } else if let time = request.asOfMilliseconds { .asOf(time) } else { .latest }
        do {
            if request.metadataOnly {
                let info = try self.store.info(key: request.key, selector: selector)
                try await context.reply(SnapshotChunk(info: SnapshotInfoMessage(info), bodyZlib: ByteBuffer()))
                return
            }
            // The body is read only once the connection's output allowance has room for it: a
            // client that pipelines GETs of a large document and does not read gets them built
            // one allowance at a time, not all at once.
            let info = try self.store.info(key: request.key, selector: selector)
            // Twice the stored size: the record as read and the body cut from it.
            let reserved = try await context.reserveOutput(2 * Int(info.compressedSize) + 4096)
            defer { context.releaseOutput(reserved) }
            let snapshot = try self.store.snapshot(key: request.key, selector: .version(info.version))
            // The stored zlib bytes go out as they are, cut to fit the client's frames.
            let chunkBytes = max(4096, context.peerMaxPayloadBytes - 8192)
            var offset = 0
            var first = true
            repeat {
                let end = min(offset + chunkBytes, snapshot.compressedBody.count)
                let chunk = SnapshotChunk(
                    info: first ? SnapshotInfoMessage(snapshot.info) : nil,
                    bodyZlib: ByteBuffer(bytes: snapshot.compressedBody[offset..<end]))
                let last = end == snapshot.compressedBody.count
                try await context.sendWithin(.response(to: context.frame, chunk, more: !last, allocator: context.channel.allocator))
                first = false
                offset = end
                if context.cancellation.isCancelled && !last {
                    // Within the reservation: this request may hold all of the allowance.
                    try await context.sendWithin(.error(to: context.frame, WireError(.cancelled, "cancelled by the client")))
                    return
                }
            } while offset < snapshot.compressedBody.count
        } catch let error as StoreError {
            try await context.fail(WireError(error))
        }
    }

    // MARK: - History

    func history(_ request: DocHistory, context: RequestContext) async throws {
        let versions: [SnapshotInfo]
        do throws(StoreError) {
            versions = try self.store.history(key: request.key)
        } catch {
            try await context.fail(WireError(error))
            return
        }
        var pager = StreamPager<SnapshotPage>(context: context)
        for info in versions { try await pager.append(SnapshotInfoMessage(info)) }
        try await pager.finish(SnapshotPage(snapshots: [], total: pager.itemCount))
    }

    // MARK: - Delete

    func delete(_ request: DocDelete, context: RequestContext) async throws {
        do {
            let tombstone = try await self.store.delete(key: request.key)
            context.audit(
                "delete", ["key": "\(request.key)", "version": "\(tombstone.version)", "sequence": "\(tombstone.sequence)"])
            try await context.reply(DocDeleteReply(version: tombstone.version, sequence: tombstone.sequence))
        } catch let error as StoreError {
            try await context.fail(WireError(error))
        }
    }

    // MARK: - List

    func list(_ request: DocList, context: RequestContext) async throws {
        let limit = max(1, Int(request.limit))
        let page = self.store.list(prefix: request.prefix, after: request.after, limit: limit, includeDeleted: request.includeDeleted)
        var pager = StreamPager<DocumentPage>(context: context)
        for summary in page.items {
            try await pager.append(DocumentSummaryMessage(latest: SnapshotInfoMessage(summary.latest), versions: UInt32(summary.versions)))
        }
        let nextAfter = page.more ? page.items.last?.latest.key : nil
        try await pager.finish(DocumentPage(documents: [], nextAfter: nextAfter, total: pager.itemCount))
    }

    // MARK: - Diff

    /// Lines longer than this are cut in diff output (the full text is one `get` away).
    static let maxDiffLineBytes = 64 * 1024
    /// Hunks longer than this are split, so no hunk outgrows a frame.
    static let maxHunkLines = 2000

    func diff(_ request: DocDiff, context: RequestContext) async throws {
        let fromText: String
        let toText: String
        let from: SnapshotInfo
        let to: SnapshotInfo
        do throws(StoreError) {
            let old = try self.store.snapshot(key: request.key, selector: .version(request.fromVersion))
            let new = try self.store.snapshot(key: request.key, selector: .version(request.toVersion))
            fromText = String(decoding: try self.store.body(of: old), as: UTF8.self)
            toText = String(decoding: try self.store.body(of: new), as: UTF8.self)
            from = old.info
            to = new.info
        } catch {
            try await context.fail(WireError(error))
            return
        }
        let fromLines = LineDiff.lines(fromText)
        let toLines = LineDiff.lines(toText)
        let edits = LineDiff.edits(from: fromLines, to: toLines)
        let hunks = LineDiff.hunks(from: fromLines, to: toLines, edits: edits, context: Int(request.contextLines))
        var added: UInt64 = 0
        var removed: UInt64 = 0
        var pager = StreamPager<DiffPart>(context: context, first: DiffPart(from: SnapshotInfoMessage(from), to: SnapshotInfoMessage(to)))
        for hunk in hunks {
            for part in Self.split(hunk) {
                let lines = part.lines.map { line -> DiffLine in
                    switch line.kind {
                    case .added: added += 1
                    case .removed: removed += 1
                    case .context: break
                    }
                    return DiffLine(kind: Self.wireKind(line.kind), text: Self.clipped(line.text))
                }
                try await pager.append(
                    .hunk(
                        DiffHunk(
                            fromStart: UInt32(clamping: part.fromStart), fromCount: UInt32(clamping: part.fromCount),
                            toStart: UInt32(clamping: part.toStart), toCount: UInt32(clamping: part.toCount), lines: lines)))
            }
        }
        // The totals (fields 4, 5) go between the hunks (3) and the index's changes (6-11).
        pager.placeSummaryHere()
        if let indexer = self.indexer {
            _ = await indexer.waitUntilIndexed(max(from.sequence, to.sequence))
            if let old = indexer.index.snapshot(sequence: from.sequence), let new = indexer.index.snapshot(sequence: to.sequence) {
                let changes = EntityDiff(from: old, to: new)
                for change in changes.entities { try await pager.append(.entityChange(change)) }
                for quantity in changes.quantitiesAdded { try await pager.append(.quantityAdded(IndexHandler.message(quantity))) }
                for quantity in changes.quantitiesRemoved { try await pager.append(.quantityRemoved(IndexHandler.message(quantity))) }
                for flow in changes.flowsAdded { try await pager.append(.flowAdded(IndexHandler.message(flow))) }
                for flow in changes.flowsRemoved { try await pager.append(.flowRemoved(IndexHandler.message(flow))) }
                for (before, after) in changes.flowsChanged {
                    try await pager.append(.flowChanged(FlowChangeMessage(from: IndexHandler.message(before), to: IndexHandler.message(after))))
                }
            }
        }
        try await pager.finish(DiffPart(linesAdded: added, linesRemoved: removed))
    }

    private static func wireKind(_ kind: LineDiff.Hunk.Kind) -> DiffLine.Kind {
        switch kind {
        case .context: .context
        case .added: .added
        case .removed: .removed
        }
    }

    private static func clipped(_ text: Substring) -> String {
        guard text.utf8.count > Self.maxDiffLineBytes else { return String(text) }
        var result = ""
        for character in text {
            if result.utf8.count + character.utf8.count > Self.maxDiffLineBytes - 3 { break }
            result.append(character)
        }
        return result + "..."
    }

    /// Splits a long hunk into consecutive hunks of at most `maxHunkLines` lines.
    private static func split(_ hunk: LineDiff.Hunk) -> [LineDiff.Hunk] {
        guard hunk.lines.count > Self.maxHunkLines else { return [hunk] }
        var parts: [LineDiff.Hunk] = []
        var fromLine = hunk.fromStart
        var toLine = hunk.toStart
        var start = 0
        while start < hunk.lines.count {
            let slice = Array(hunk.lines[start..<min(start + Self.maxHunkLines, hunk.lines.count)])
            let fromCount = slice.filter { $0.kind != .added }.count
            let toCount = slice.filter { $0.kind != .removed }.count
            parts.append(LineDiff.Hunk(fromStart: fromLine, fromCount: fromCount, toStart: toLine, toCount: toCount, lines: slice))
            fromLine += fromCount
            toLine += toCount
            start += Self.maxHunkLines
        }
        return parts
    }
}
