import AxisDigest
import AxisZlib
import Foundation
public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every version of every document, compressed, durable (docs/storage.md).
///
/// Writes go through one writer thread with group commit: a put returns once its record is
/// fsynced. Reads go straight to the catalog and the segment files and verify what they read.
/// Bodies are compressed (or, when the client sent them compressed, verified) in the caller's
/// task, so that work runs on every core while the writer only writes.
public final class SnapshotStore: Sendable {
    public let configuration: StoreConfiguration
    /// What was found (and repaired) when the store was opened.
    public let recovery: RecoveryReport
    /// The data folder's permanent identity (32 hex digits).
    public let serverID: String
    private let catalog: Catalog
    private let writer: LogWriter
    private let reader: RecordReader
    /// Compressed bodies inflate within this, server-wide: twelve 64 MiB bombs at once wait
    /// their turn instead of taking 800 MB together.
    public let inflationBudget: ByteBudget

    private init(
        configuration: StoreConfiguration, recovery: RecoveryReport, serverID: String, catalog: Catalog, writer: LogWriter,
        reader: RecordReader
    ) {
        self.configuration = configuration
        self.recovery = recovery
        self.serverID = serverID
        self.catalog = catalog
        self.writer = writer
        self.reader = reader
        self.inflationBudget = ByteBudget(capacity: configuration.inflationBudgetBytes)
    }

    /// Opens (creating if needed) the store in `configuration.directory`, recovering what is
    /// there. Blocking: call it at start-up.
    /// - Parameter clock: the wall clock in ms since 1970 (injected for tests).
    /// - Throws: `StoreError.io` if the folder cannot be used at all. Damaged data never
    ///   throws: it is reported in `recovery` and the log.
    public static func open(
        configuration: StoreConfiguration, logger: Logger,
        clock: @escaping @Sendable () -> Int64 = SnapshotStore.wallClockMilliseconds
    ) throws(StoreError) -> SnapshotStore {
        let files = SegmentFiles(dataDirectory: configuration.directory)
        try Directory.create(configuration.directory)
        let serverID = try ServerIdentity.load(directory: configuration.directory)
        let marks = SequenceMarks(dataDirectory: configuration.directory)
        let outcome = try StoreRecovery(files: files, marks: marks, logger: logger).run()
        let report = outcome.report
        logger.info(
            "store opened: \(outcome.catalog.documentCount) documents, \(report.snapshots) snapshots, last sequence \(outcome.catalog.lastSequence), \(report.segments) segments (\(report.segmentsFromIndex) from their index)")
        let writer = try LogWriter(
            state: outcome.state, segment: outcome.active, marks: marks, catalog: outcome.catalog,
            segmentBytes: configuration.segmentBytes, logger: logger, clock: clock)
        return SnapshotStore(
            configuration: configuration, recovery: report, serverID: serverID, catalog: outcome.catalog, writer: writer,
            reader: RecordReader(files: files))
    }

    /// Stops the writer after what is queued. Later writes fail with `.closed`.
    public func close() {
        self.writer.stop()
        self.catalog.published.close()
    }

    // MARK: - Writes

    /// Stores a document. Returns once the new snapshot is durable, or at once when the body
    /// and metadata equal the latest snapshot (`created == false`).
    public func put(_ input: DocumentInput) async throws(StoreError) -> PutOutcome {
        var inflating = 0
        if case .compressed(_, let size, _) = input.body {
            inflating = await self.inflationBudget.acquire(Int(clamping: size))
        }
        let prepared: PreparedSnapshot
        do {
            defer { self.inflationBudget.release(inflating) }
            prepared = try self.prepare(input)
        }
        if let latest = self.catalog.latest(input.key), !latest.isTombstone, !latest.isDamaged,
            latest.contentHash == prepared.contentHash, latest.metadata == prepared.metadata
        {
            return PutOutcome(info: latest, created: false)
        }
        switch try await self.submit(.put(prepared)) {
        case .written(let info): return PutOutcome(info: info, created: true)
        case .unchanged(let info): return PutOutcome(info: info, created: false)
        case .imported: throw StoreError(.io, "unexpected import outcome")
        }
    }

    /// Stores many documents; they share group commits. Each succeeds or fails on its own.
    public func put(batch inputs: [DocumentInput]) async -> [Result<PutOutcome, StoreError>] {
        await withTaskGroup(of: IndexedResult.self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { IndexedResult(index: index, result: await self.putResult(input)) }
            }
            var results = [Result<PutOutcome, StoreError>](repeating: .failure(StoreError(.io, "not run")), count: inputs.count)
            for await indexed in group where results.indices.contains(indexed.index) {
                results[indexed.index] = indexed.result
            }
            return results
        }
    }

    private struct IndexedResult: Sendable {
        var index: Int
        var result: Result<PutOutcome, StoreError>
    }

    private func putResult(_ input: DocumentInput) async -> Result<PutOutcome, StoreError> {
        do {
            return .success(try await self.put(input))
        } catch {
            return .failure(error)
        }
    }

    /// Deletes a document: adds a tombstone. Its history stays readable.
    /// - Throws: `.notFound`, `.deleted` (already deleted).
    public func delete(key: String) async throws(StoreError) -> SnapshotInfo {
        try DocumentKey.validate(key)
        switch try await self.submit(.delete(key: key)) {
        case .written(let info), .unchanged(let info): return info
        case .imported: throw StoreError(.io, "unexpected import outcome")
        }
    }

    private func submit(_ operation: WriteOperation) async throws(StoreError) -> WriteOutcome {
        do {
            return try await self.writer.submit(operation)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "\(error)")
        }
    }

    /// Validates, hashes and compresses (or verifies the client's compression).
    private func prepare(_ input: DocumentInput, inflater: Inflater? = nil) throws(StoreError) -> PreparedSnapshot {
        try DocumentKey.validate(input.key)
        try input.metadata.validate()
        let maxBody = self.configuration.maxBodyBytes
        switch input.body {
        case .raw(let body):
            try Self.checkBody(body, maxBytes: maxBody)
            let hash = SHA256.hash(body)
            let compressed: [UInt8]
            do {
                compressed = try Deflater(level: self.configuration.compressionLevel).compress(body)
            } catch {
                throw StoreError(.io, "cannot compress: \(error)")
            }
            return PreparedSnapshot(
                key: input.key, metadata: input.metadata, contentHash: hash, bodySize: UInt64(body.count),
                compressedBody: compressed)
        case .compressed(let zlib, let size, let declaredHash):
            guard size <= UInt64(maxBody) else {
                throw StoreError(.limitExceeded, "the body is \(size) bytes; at most \(maxBody)", field: "body", limit: UInt64(maxBody))
            }
            let body: [UInt8]
            do throws(ZlibError) {
                let zlibInflater: Inflater
                if let inflater { zlibInflater = inflater } else { zlibInflater = try Inflater() }
                body = try zlibInflater.inflate(zlib, maxOutputBytes: Int(size), expectedOutputBytes: Int(size))
            } catch {
                throw StoreError(.invalidBody, "the compressed body does not inflate to its declared \(size) bytes: \(error.detail)", field: "body")
            }
            try Self.checkBody(body, maxBytes: maxBody)
            let hash = SHA256.hash(body)
            if let declaredHash, declaredHash != hash {
                throw StoreError(.invalidBody, "the body's SHA-256 is \(hash), not the declared \(declaredHash)", field: "content_hash")
            }
            return PreparedSnapshot(key: input.key, metadata: input.metadata, contentHash: hash, bodySize: size, compressedBody: zlib)
        }
    }

    private static func checkBody(_ body: [UInt8], maxBytes: Int) throws(StoreError) {
        guard body.count <= maxBytes else {
            throw StoreError(.limitExceeded, "the body is \(body.count) bytes; at most \(maxBytes)", field: "body", limit: UInt64(maxBytes))
        }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw StoreError(.invalidBody, "the body is not valid UTF-8 text", field: "body")
        }
    }

    // MARK: - Import

    /// Adds records from another server, in order, atomically with the watermark: every body
    /// is verified first (inflated within its declared size, UTF-8, SHA-256), and a record that
    /// fails refuses the whole batch before anything is written.
    ///
    /// With a watermark, the records come from `watermark.source` in increasing source
    /// sequence, none above `watermark.sequence`; those at or below the source's current
    /// watermark are skipped (a resumed or repeated import resends them), and the watermark
    /// moves to `watermark.sequence` in the same commit. Without one, a record is skipped when
    /// the key's latest snapshot has the same content and metadata.
    /// - Returns: one outcome per record.
    public func importBatch(_ records: [ImportRecord], watermark: Watermark?) async throws(StoreError) -> [ImportOutcome] {
        if let watermark {
            var previous: UInt64 = 0
            for (index, record) in records.enumerated() {
                guard record.sourceSequence > previous, record.sourceSequence <= watermark.sequence else {
                    var failure = StoreError(
                        .invalidOrder,
                        "record \(index) ('\(record.key)'): source sequence \(record.sourceSequence) is out of order or above the watermark \(watermark.sequence)",
                        field: "records")
                    failure.index = index
                    throw failure
                }
                previous = record.sourceSequence
            }
        }
        let bodyBytes = records.reduce(0) { $0 &+ Int(clamping: $1.bodySize) }
        let inflating = await self.inflationBudget.acquire(bodyBytes)
        let invalid = await self.firstInvalid(records)
        self.inflationBudget.release(inflating)
        if let (index, error) = invalid {
            var failure = error
            failure.message = "record \(index) ('\(records[index].key)'): \(error.message)"
            failure.index = index
            throw failure
        }
        switch try await self.submit(.importBatch(records, watermark: watermark)) {
        case .imported(let outcomes): return outcomes
        case .written, .unchanged: throw StoreError(.io, "unexpected write outcome")
        }
    }

    /// The first record (lowest index) that fails verification. A large batch is checked on
    /// every core: inflating and hashing the bodies is most of the cost of an import.
    private func firstInvalid(_ records: [ImportRecord]) async -> (Int, StoreError)? {
        let lanes = records.count >= 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        guard lanes > 1 else { return self.firstInvalid(records, in: records.indices) }
        let chunk = (records.count + lanes - 1) / lanes
        let failures = await withTaskGroup(of: (Int, StoreError)?.self) { group in
            for start in stride(from: 0, to: records.count, by: chunk) {
                let range = start..<min(start + chunk, records.count)
                group.addTask { self.firstInvalid(records, in: range) }
            }
            var found: [(Int, StoreError)] = []
            for await failure in group {
                if let failure { found.append(failure) }
            }
            return found
        }
        return failures.min { $0.0 < $1.0 }
    }

    /// The first record in `range` that fails verification (one inflater for all of them).
    private func firstInvalid(_ records: [ImportRecord], in range: Range<Int>) -> (Int, StoreError)? {
        let inflater: Inflater
        do {
            inflater = try Inflater()
        } catch {
            return (range.lowerBound, StoreError(.io, "cannot start zlib: \(error)"))
        }
        for index in range {
            do throws(StoreError) {
                try self.verify(records[index], inflater: inflater)
            } catch {
                return (index, error)
            }
        }
        return nil
    }

    private func verify(_ record: ImportRecord, inflater: Inflater) throws(StoreError) {
        try DocumentKey.validate(record.key)
        try record.metadata.validate()
        guard record.kind == .snapshot else { return }
        let input = DocumentInput(
            key: record.key, metadata: record.metadata,
            body: .compressed(zlib: record.compressedBody, size: record.bodySize, hash: record.contentHash))
        let prepared = try self.prepare(input, inflater: inflater)
        guard record.contentHash != nil, prepared.contentHash == record.contentHash else {
            throw StoreError(.invalidBody, "no content hash", field: "content_hash")
        }
    }

    /// How far this server has imported from `source` (its sequence number; 0 = nothing).
    public func watermark(source: String) -> UInt64 {
        self.catalog.watermark(source: source)
    }

    /// A snapshot by its info (as listed by `snapshots(fromSequence:)`), body as stored,
    /// checked against its CRC. Tombstones come back without a body.
    public func stored(_ info: SnapshotInfo) throws(StoreError) -> StoredSnapshot {
        try Self.refuseDamaged(info)
        guard info.kind == .snapshot else { return StoredSnapshot(info: info, compressedBody: []) }
        let record = try self.reader.read(info.location)
        guard record.info.sequence == info.sequence else {
            throw StoreError(.corrupt, "record at \(info.location.segment):\(info.location.offset) is not sequence \(info.sequence)")
        }
        return StoredSnapshot(info: info, compressedBody: Array(record.compressedBody))
    }

    /// Reads, in one go, the records of `infos` (listed by `snapshots(fromSequence:)`) from
    /// the first on, as far as they lie next to each other in one segment and fit `maxBytes`
    /// (at least the first): the fast path of an export. Every record is checked.
    /// - Throws: `.corrupt` naming the first record that fails, `.io`.
    public func readRun<Place>(_ infos: ArraySlice<Place>, maxBytes: Int = 4 * 1024 * 1024) throws(StoreError) -> StoredRun<Place> {
        // A record known damaged since start-up (its tombstone has no body to check) is never
        // read as if sound: the run stops before it, or fails on it.
        if let damaged = infos.firstIndex(where: \.isDamaged) {
            guard damaged > infos.startIndex else { try Self.refuseDamaged(infos[damaged]); return StoredRun(infos: [], buffer: [], bodies: []) }
            return try self.reader.readRun(infos[infos.startIndex..<damaged], maxBytes: maxBytes)
        }
        return try self.reader.readRun(infos, maxBytes: maxBytes)
    }

    /// The bodies of a run's records, inflated (one inflater for all) and checked against
    /// their SHA-256; tombstones give an empty body.
    public func bodies(of run: StoredRun<SnapshotInfo>) -> [Result<[UInt8], StoreError>] {
        let inflater: Inflater
        do {
            inflater = try Inflater()
        } catch {
            return run.infos.map { _ in .failure(StoreError(.io, "cannot start zlib: \(error)")) }
        }
        return run.infos.enumerated().map { position, info in
            guard info.kind == .snapshot else { return .success([]) }
            let size = Int(clamping: info.bodySize)
            let inflated = run.body(position).withUnsafeBytes { zlib in
                Result { () throws(ZlibError) in try inflater.inflate(zlib, maxOutputBytes: size, expectedOutputBytes: size) }
            }
            switch inflated {
            case .success(let body):
                guard SHA256.hash(body) == info.contentHash else {
                    return .failure(StoreError(.corrupt, "stored body of '\(info.key)' v\(info.version) does not match its hash"))
                }
                return .success(body)
            case .failure(let error):
                return .failure(StoreError(.corrupt, "stored body of '\(info.key)' v\(info.version) does not inflate: \(error.detail)"))
            }
        }
    }

    // MARK: - Reads

    /// The info of the snapshot `selector` picks.
    /// - Throws: `.notFound` (no such key or version, or nothing at that time), `.deleted`.
    public func info(key: String, selector: VersionSelector = .latest) throws(StoreError) -> SnapshotInfo {
        guard let info = self.catalog.select(key, selector) else {
            guard self.catalog.latest(key) != nil else { throw StoreError(.notFound, "no document with the key '\(key)'") }
            switch selector {
            case .latest: throw StoreError(.notFound, "no document with the key '\(key)'")
            case .version(let version): throw StoreError(.notFound, "'\(key)' has no version \(version)")
            case .asOf(let time): throw StoreError(.notFound, "'\(key)' did not exist at \(time) ms")
            }
        }
        try Self.refuseDamaged(info)
        guard !info.isTombstone else {
            throw StoreError(.deleted, "'\(key)' was deleted (version \(info.version))")
        }
        return info
    }

    /// A record that failed its checksum at start-up is never served, nor anything before it
    /// as if it were current (docs/operations.md, "Damaged records").
    private static func refuseDamaged(_ info: some RecordPlacing) throws(StoreError) {
        guard info.isDamaged else { return }
        throw StoreError(
            .corrupt,
            "\(info.recordName) is damaged on disk (segment \(info.location.segment), offset \(info.location.offset)) and is not served")
    }

    /// The snapshot `selector` picks, with its body as stored (zlib), verified against its checksum.
    public func snapshot(key: String, selector: VersionSelector = .latest) throws(StoreError) -> StoredSnapshot {
        let info = try self.info(key: key, selector: selector)
        let record = try self.reader.read(info.location)
        guard record.info.sequence == info.sequence else {
            throw StoreError(.corrupt, "record at \(info.location.segment):\(info.location.offset) is not sequence \(info.sequence)")
        }
        return StoredSnapshot(info: info, compressedBody: Array(record.compressedBody))
    }

    /// The uncompressed body of a stored snapshot, checked against its SHA-256.
    public func body(of snapshot: StoredSnapshot) throws(StoreError) -> [UInt8] {
        guard snapshot.info.kind == .snapshot else { return [] }
        let size = Int(snapshot.info.bodySize)
        let body: [UInt8]
        do {
            body = try Inflater().inflate(snapshot.compressedBody, maxOutputBytes: size, expectedOutputBytes: size)
        } catch {
            throw StoreError(.corrupt, "stored body of '\(snapshot.info.key)' v\(snapshot.info.version) does not inflate: \(error.detail)")
        }
        guard SHA256.hash(body) == snapshot.info.contentHash else {
            throw StoreError(.corrupt, "stored body of '\(snapshot.info.key)' v\(snapshot.info.version) does not match its hash")
        }
        return body
    }

    /// Marks a snapshot found damaged after start-up (the background check).
    func markDamaged(_ info: SnapshotInfo) {
        self.catalog.markDamaged(key: info.key, version: info.version)
    }

    /// The latest snapshot of a key, tombstones included; `nil` if the key never existed.
    public func latest(key: String) -> SnapshotInfo? {
        self.catalog.latest(key)
    }

    /// Every version of a document, oldest first, tombstones included.
    public func history(key: String) throws(StoreError) -> [SnapshotInfo] {
        guard let versions = self.catalog.versions(of: key) else {
            throw StoreError(.notFound, "no document with the key '\(key)'")
        }
        return versions
    }

    /// Documents in key order (UTF-8 byte order) whose key starts with `prefix`, after `after`.
    public func list(prefix: String = "", after: String? = nil, limit: Int = 100, includeDeleted: Bool = false) -> (items: [DocumentSummary], more: Bool) {
        self.catalog.list(prefix: prefix, after: after, limit: max(1, limit), includeDeleted: includeDeleted)
    }

    /// The places of the records in sequence order, from `sequence` on: what `readRun` needs,
    /// listed without the infos (an export in stored form).
    public func places(fromSequence sequence: UInt64, limit: Int) -> [RecordPlace] {
        self.catalog.places(fromSequence: sequence, limit: limit)
    }

    /// Snapshots in sequence order, from `sequence` on.
    public func snapshots(fromSequence sequence: UInt64, limit: Int) -> [SnapshotInfo] {
        self.catalog.snapshots(fromSequence: sequence, limit: limit)
    }

    /// The info of snapshot `sequence` itself; nil when the log has no such record.
    public func info(sequence: UInt64) -> SnapshotInfo? {
        self.catalog.info(sequence: sequence)
    }

    /// The highest durable sequence number (0 when empty).
    public var lastSequence: UInt64 { self.catalog.lastSequence }

    /// Waits until the log's last durable sequence is at least `target` (or the store closes,
    /// or the task is cancelled). Returns the last sequence then.
    public func waitForSequence(_ target: UInt64) async -> UInt64 {
        await self.catalog.published.wait(until: target)
    }

    public var documentCount: Int { self.catalog.documentCount }

    public var snapshotCount: Int { self.catalog.snapshotCount }

    /// Milliseconds since 1970 UTC.
    @Sendable public static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec / 1_000_000)
    }
}
