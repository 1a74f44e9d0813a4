/// The writer thread's view of the log: the latest snapshot of every key (for versions and
/// deduplication), the next sequence number and the last ingest time. Owned by the writer
/// thread alone. Changes made while deciding a batch are recorded so that a failed write
/// can take them back.
struct WriteState {
    var latest: [String: SnapshotInfo]
    var nextSequence: UInt64
    var lastIngestTime: Int64

    /// Decides one operation. Returns the info to write, or the unchanged latest snapshot.
    /// - Throws: `StoreError` `.notFound` / `.deleted` for deleting what is not there.
    mutating func decide(_ operation: WriteOperation, now: Int64) throws(StoreError) -> Decision {
        let time = max(now, self.lastIngestTime)
        switch operation {
        case .put(let snapshot):
            let previous = self.latest[snapshot.key]
            if let previous, !previous.isTombstone, previous.contentHash == snapshot.contentHash,
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
            guard let previous = self.latest[key] else {
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
        }
    }

    /// Takes back a decision (in reverse order of making them).
    mutating func undo(_ info: SnapshotInfo, previous: SnapshotInfo?) {
        self.latest[info.key] = previous
        self.nextSequence = info.sequence
    }

    private mutating func apply(_ info: SnapshotInfo) {
        self.latest[info.key] = info
        self.nextSequence = info.sequence + 1
        self.lastIngestTime = info.ingestTime
    }

    enum Decision {
        case write(SnapshotInfo, previous: SnapshotInfo?)
        case unchanged(SnapshotInfo)
    }
}
