/// The writer thread's view of the log: the latest snapshot of every key (for versions and
/// deduplication), the next sequence number, the last ingest time and how far each source
/// has been imported. Owned by the writer thread alone. Changes made while deciding a batch
/// are recorded so that a failed write can take them back.
///
/// The latest snapshots are the catalog's, plus an overlay of what the current batch decided
/// and has not published yet: no second copy of every key's latest snapshot in memory.
struct WriteState {
    let catalog: Catalog
    /// Decided in this batch, not yet in the catalog. Cleared once the batch is published.
    private(set) var overlay: [String: SnapshotInfo] = [:]
    var nextSequence: UInt64
    var lastIngestTime: Int64
    var watermarks: [String: UInt64] = [:]

    /// Decides one operation. Returns the info to write, or the unchanged latest snapshot.
    /// - Throws: `StoreError` `.notFound` / `.deleted` for deleting what is not there.
    mutating func decide(_ operation: WriteOperation, now: Int64) throws(StoreError) -> Decision {
        let time = max(now, self.lastIngestTime)
        switch operation {
        case .put(let snapshot):
            let previous = self.latest(snapshot.key)
            // A damaged latest is never "the same": writing it again is how it is repaired.
            if let previous, !previous.isTombstone, !previous.isDamaged, previous.contentHash == snapshot.contentHash,
                previous.metadata == snapshot.metadata
            {
                return .unchanged(previous)
            }
            let info = SnapshotInfo(
                key: snapshot.key, version: (previous?.version ?? 0) + 1, sequence: self.nextSequence,
                ingestTime: time, kind: .snapshot, contentHash: snapshot.contentHash, bodySize: snapshot.bodySize,
                compressedSize: UInt32(snapshot.compressedBody.count), metadata: snapshot.metadata,
                location: SnapshotLocation(segment: 0, offset: 0, length: 0))
            self.apply(info)
            return .write(info, previous: previous)
        case .delete(let key):
            guard let previous = self.latest(key) else {
                throw StoreError(.notFound, "no document with the key '\(key)'")
            }
            guard !previous.isTombstone else {
                throw StoreError(.deleted, "'\(key)' is already deleted (version \(previous.version))")
            }
            let info = SnapshotInfo(
                key: key, version: previous.version + 1, sequence: self.nextSequence, ingestTime: time,
                kind: .tombstone, contentHash: nil, bodySize: 0, compressedSize: 0, metadata: DocumentMetadata(),
                location: SnapshotLocation(segment: 0, offset: 0, length: 0))
            self.apply(info)
            return .write(info, previous: previous)
        case .importBatch:
            // Imports are decided record by record with `decideImport`.
            throw StoreError(.io, "an import batch is not a single decision")
        }
    }

    /// Decides one imported record: skipped when already there, else the next version of
    /// its key with the original time (never earlier than the key's previous version).
    ///
    /// "Already there" means: at or below the watermark of its source (an import resumed or
    /// repeated resends what an earlier batch made durable), or, for any import, the key's
    /// latest snapshot has the same content and metadata (the rule of a put) or the key is
    /// already deleted (for a tombstone).
    mutating func decideImport(_ record: ImportRecord, source: String?) -> Decision {
        let previous = self.latest(record.key)
        if let source, record.sourceSequence <= self.watermarks[source, default: 0] {
            return .unchanged(previous ?? SnapshotInfo.placeholder(key: record.key))
        }
        // The same snapshot already here (an export imported back where it came from, or a
        // pack that overlaps an earlier import): same time, kind, content and metadata.
        if let same = self.existing(record) {
            return .unchanged(same)
        }
        switch record.kind {
        case .snapshot:
            if let previous, !previous.isTombstone, !previous.isDamaged, previous.contentHash == record.contentHash,
                previous.metadata == record.metadata
            {
                return .unchanged(previous)
            }
        case .tombstone:
            if previous == nil || (previous?.isTombstone == true && previous?.isDamaged == false) {
                return .unchanged(previous ?? SnapshotInfo.placeholder(key: record.key))
            }
        }
        let info = SnapshotInfo(
            key: record.key, version: (previous?.version ?? 0) + 1, sequence: self.nextSequence,
            ingestTime: max(record.ingestTime, previous?.ingestTime ?? Int64.min), kind: record.kind,
            contentHash: record.contentHash, bodySize: record.bodySize, compressedSize: UInt32(record.compressedBody.count),
            metadata: record.metadata, location: SnapshotLocation(segment: 0, offset: 0, length: 0))
        let lastTime = self.lastIngestTime
        self.apply(info)
        // Imported times do not move the clock used for local puts backwards.
        self.lastIngestTime = max(lastTime, info.ingestTime)
        return .write(info, previous: previous)
    }

    /// A snapshot of the record's key that is the record itself, if there is one.
    private func existing(_ record: ImportRecord) -> SnapshotInfo? {
        func isSame(_ info: SnapshotInfo) -> Bool {
            !info.isDamaged && info.ingestTime == record.ingestTime && info.kind == record.kind && info.contentHash == record.contentHash
                && info.metadata == record.metadata
        }
        if let latest = self.overlay[record.key], isSame(latest) { return latest }
        return self.catalog.versions(of: record.key)?.last(where: isSame)
    }

    /// Moves a source's watermark forward (never back). Returns the value it had.
    mutating func advance(_ watermark: Watermark) -> UInt64 {
        let before = self.watermarks[watermark.source, default: 0]
        self.watermarks[watermark.source] = max(before, watermark.sequence)
        return before
    }

    /// The key's latest snapshot, as decided so far.
    func latest(_ key: String) -> SnapshotInfo? {
        self.overlay[key] ?? self.catalog.latest(key)
    }

    /// Forgets the overlay once its batch is in the catalog (or taken back).
    mutating func batchPublished() {
        self.overlay.removeAll(keepingCapacity: true)
    }

    /// Takes back a decision (in reverse order of making them).
    mutating func undo(_ info: SnapshotInfo, previous: SnapshotInfo?) {
        // `previous` is what `latest` said before the decision: the catalog's or the overlay's.
        self.overlay[info.key] = previous
        self.nextSequence = info.sequence
    }

    private mutating func apply(_ info: SnapshotInfo) {
        self.overlay[info.key] = info
        self.nextSequence = info.sequence + 1
        self.lastIngestTime = info.ingestTime
    }

    enum Decision {
        case write(SnapshotInfo, previous: SnapshotInfo?)
        case unchanged(SnapshotInfo)
    }
}
