import AxisCodec
import AxisDigest
import AxisStore
import Logging
import NIOCore

/// Bulk transfer (Protocol/PROTOCOL.md §11): export a range of the log as it is stored, import
/// another server's records, and say how far a source has been imported.
struct BulkHandler: Sendable {
    let store: SnapshotStore

    static let opcodes: [Opcode] = [.export, .import, .syncState]

    /// Records listed from the catalog per step (their infos, or their places).
    static let catalogPage = 1000
    /// The most bytes of adjacent records read at once: about a frame (the client's default
    /// payload limit), so that the bytes are still in the cache when they are checked and
    /// copied into the frame.
    static let runBytes = 1024 * 1024

    // MARK: - Export

    func export(_ request: Export, context: RequestContext) async throws {
        guard request.storedForm else {
            try await self.export(request, context: context, list: { self.store.snapshots(fromSequence: $0, limit: Self.catalogPage) }) {
                run, pieceBytes, summary, pager in
                for (position, info) in run.infos.enumerated() {
                    let message = SnapshotInfoMessage(info)
                    let body = run.body(position)
                    try await Self.sendPieces(of: body, info: message, pieceBytes: pieceBytes, pager: &pager)
                    summary.add(message, bodyBytes: body.count)
                }
            }
            return
        }
        // Stored form (§11.6): the records' places are all the listing needs.
        try await self.export(request, context: context, list: { self.store.places(fromSequence: $0, limit: Self.catalogPage) }) {
            run, pieceBytes, summary, pager in
            try await Self.sendStored(run, pieceBytes: pieceBytes, summary: &summary, pager: &pager)
        }
    }

    /// The export's walk over the log, whichever form its records take: runs of records read
    /// in one go, each checked, and damaged records failed or passed over as asked.
    /// - Parameters:
    ///   - list: the records from a sequence on, a page at a time (their infos or places).
    ///   - send: sends a run's records and counts them in the summary.
    private func export<Place: RecordPlacing>(
        _ request: Export, context: RequestContext, list: (UInt64) -> [Place],
        send: (StoredRun<Place>, Int, inout TransferSummary, inout StreamPager<ExportPart>) async throws -> Void
    ) async throws {
        // A range past the log's end is clamped to it (§11.2, v1.1): the stream's range is what
        // the server had, or a sync taking it as its watermark would skip later records.
        let until = min(request.untilSequence ?? self.store.lastSequence, self.store.lastSequence)
        var after = request.sinceSequence
        var summary = TransferSummary(lastSequence: until)
        var damaged: [DamagedRecord] = []
        var damagedCount: UInt64 = 0
        var pager = StreamPager<ExportPart>(
            context: context,
            first: ExportPart(
                records: [], sourceServerID: self.store.serverID, untilSequence: until,
                storedFormat: request.storedForm ? StoredRecord.format : nil))
        // Stored chunks are field 11: the final frame's summary (3-10) goes before them (§3.4).
        if request.storedForm { pager.placeSummaryHere() }
        // Room for the info and the field overhead next to a piece of body.
        let pieceBytes = max(4096, context.peerMaxPayloadBytes - 16 * 1024)
        while after < until {
            let infos = list(after + 1).filter { $0.sequence <= until }
            guard let last = infos.last else { break }
            var index = 0
            var stepping = false
            while index < infos.count {
                guard !context.cancellation.isCancelled else {
                    try await context.fail(WireError(.cancelled, "export cancelled by the client at sequence \(after)"))
                    return
                }
                // Records next to each other on disk come in one read, each checked. After a
                // damaged run, one record a read until the damaged one is passed.
                let run: StoredRun<Place>
                do {
                    run = try self.store.readRun(stepping ? infos[index..<(index + 1)] : infos[index...], maxBytes: Self.runBytes)
                } catch {
                    guard request.skipDamaged, error.code == .corrupt else {
                        // Never skip silently, and never skip what is not damage (I/O).
                        try await context.fail(WireError(error.code == .corrupt ? .corruptData : .internal, error.message))
                        return
                    }
                    guard stepping else {
                        stepping = true
                        continue
                    }
                    let sequence = infos[index].sequence
                    context.logger.error("export passes over a damaged record: \(error.message)")
                    damagedCount += 1
                    if damaged.count < ExportPart.maxListedDamaged {
                        let info = self.store.info(sequence: sequence)
                        damaged.append(DamagedRecord(sequence: sequence, key: info?.key ?? "", version: info?.version ?? 0, reason: error.message))
                    }
                    after = sequence
                    index += 1
                    stepping = false
                    continue
                }
                try await send(run, pieceBytes, &summary, &pager)
                after = run.infos.last?.sequence ?? after
                index += max(1, run.infos.count)
            }
            after = max(after, last.sequence)
        }
        summary.lastSequence = until
        try await pager.finish(
            ExportPart(records: [], summary: summary, damaged: damaged, damagedCount: request.skipDamaged ? damagedCount : nil))
    }

    /// The run's records as they are stored (§11.6): records next to each other on disk go
    /// out as one chunk (the commit records between groups are left out), a chunk of whole
    /// records and at most `storedChunkBytes` so that frames fill up. Only a record larger
    /// than a frame is cut across chunks: the client reads the others where they arrive,
    /// without gathering them. The bytes were checked when the run was read (magic, length,
    /// CRC, sequence).
    private static func sendStored(
        _ run: StoredRun<RecordPlace>, pieceBytes: Int, summary: inout TransferSummary, pager: inout StreamPager<ExportPart>
    ) async throws {
        let chunkBytes = min(pieceBytes, Self.storedChunkBytes)
        var span = 0..<0
        for position in run.infos.indices {
            let info = run.infos[position]
            let range = run.recordRange(position)
            if range.lowerBound != span.upperBound || span.count + range.count > chunkBytes {
                try await Self.sendChunks(of: run.bytes(span), pieceBytes: pieceBytes, pager: &pager)
                span = range.lowerBound..<range.lowerBound
            }
            span = span.lowerBound..<range.upperBound
            summary.add(deleted: info.kind == .tombstone, sequence: info.sequence, bodyBytes: run.body(position).count)
        }
        try await Self.sendChunks(of: run.bytes(span), pieceBytes: pieceBytes, pager: &pager)
    }

    /// The largest chunk of stored bytes: small enough that a frame is cut close to full.
    static let storedChunkBytes = 256 * 1024

    /// Sends stored bytes, cut only where they are larger than a frame allows.
    private static func sendChunks(of bytes: ArraySlice<UInt8>, pieceBytes: Int, pager: inout StreamPager<ExportPart>) async throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let end = min(offset + pieceBytes, bytes.endIndex)
            try await pager.append(.stored(bytes[offset..<end]))
            offset = end
        }
    }

    /// A record whose body is larger than a frame goes out in pieces (`continued`).
    private static func sendPieces(
        of body: ArraySlice<UInt8>, info: SnapshotInfoMessage, pieceBytes: Int, pager: inout StreamPager<ExportPart>
    ) async throws {
        var offset = body.startIndex
        repeat {
            let end = min(offset + pieceBytes, body.endIndex)
            try await pager.append(
                .record(PackRecordPiece(info: offset == body.startIndex ? info : nil, body: body[offset..<end], continued: end < body.endIndex)))
            offset = end
        } while offset < body.endIndex
    }

    // MARK: - Import

    func `import`(_ request: Import, context: RequestContext) async throws {
        var records: [ImportRecord] = []
        records.reserveCapacity(request.records.count)
        for (index, record) in request.records.enumerated() {
            switch Self.importRecord(record) {
            case .success(let converted): records.append(converted)
            case .failure(var error):
                error.index = UInt64(index)
                try await context.fail(error)
                return
            }
        }
        let watermark = request.sourceServerID.map { source in
            Watermark(source: source, sequence: request.watermark ?? records.last?.sourceSequence ?? 0)
        }
        do {
            let outcomes = try await self.store.importBatch(records, watermark: watermark)
            let imported = outcomes.filter { if case .imported = $0 { true } else { false } }.count
            let sequences = outcomes.compactMap { outcome -> UInt64? in
                if case .imported(let info) = outcome { info.sequence } else { nil }
            }
            context.audit(
                "import",
                [
                    "records": "\(records.count)", "imported": "\(imported)", "source": "\(request.sourceServerID ?? "-")",
                    "sequences": "\(sequences.first.map { "\($0)...\(sequences.last ?? $0)" } ?? "none")",
                ])
            try await context.reply(
                ImportReply(
                    imported: UInt64(imported), skipped: UInt64(outcomes.count - imported),
                    watermark: request.sourceServerID.map { self.store.watermark(source: $0) } ?? 0,
                    lastSequence: self.store.lastSequence))
        } catch let error as StoreError {
            try await context.fail(WireError(error))
        }
    }

    /// A wire record as a store import record; checks what the store cannot (date format,
    /// hash length, completeness).
    static func importRecord(_ record: PackRecord) -> Result<ImportRecord, WireError> {
        guard let info = record.info, !record.continued else {
            return .failure(WireError(.invalidArgument, "import records must be complete (info present, not continued)", field: "records"))
        }
        var published: PublishedDate?
        if !info.published.isEmpty {
            guard let date = PublishedDate(info.published) else {
                return .failure(WireError(.invalidArgument, "published must be YYYY-MM-DD, got '\(info.published)'", field: "published"))
            }
            published = date
        }
        let hash = ContentHash(bytes: info.contentHash)
        if !info.deleted && hash == nil {
            return .failure(WireError(.invalidArgument, "a snapshot needs its 32-byte content_hash", field: "content_hash"))
        }
        return .success(
            ImportRecord(
                key: info.key, kind: info.deleted ? .tombstone : .snapshot, ingestTime: info.ingestTimeMilliseconds,
                metadata: DocumentMetadata(title: info.title, source: info.source, url: info.url, published: published, tags: info.tags),
                contentHash: hash, bodySize: info.bodySize, compressedBody: Array(record.bodyZlib.readableBytesView),
                sourceSequence: info.sequence))
    }

    // MARK: - Sync state

    func syncState(_ request: SyncState, context: RequestContext) async throws {
        try await context.reply(
            SyncStateReply(
                watermark: self.store.watermark(source: request.sourceServerID), serverID: self.store.serverID,
                lastSequence: self.store.lastSequence))
    }
}
