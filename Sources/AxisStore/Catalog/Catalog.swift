import Synchronization

/// What the store knows about every snapshot, without the bodies: the read side.
///
/// Only durable snapshots are here. The writer publishes a batch after its fsync, so a reader
/// never sees a snapshot that a crash could take back.
final class Catalog: Sendable {
    struct SequenceEntry: Hashable, Sendable {
        var key: String
        var version: UInt32
        /// The record's place, for exports in stored form (no lookup by key).
        var place: RecordPlace

        var sequence: UInt64 { self.place.sequence }
    }

    private struct State {
        /// Each document's versions, oldest first.
        var documents: [String: [SnapshotInfo]] = [:]
        /// Every snapshot by sequence, ascending (for export and sync).
        var bySequence: [SequenceEntry] = []
        var keys = SortedKeys()
        var lastSequence: UInt64 = 0
        /// How far this server has imported from each source server.
        var watermarks: [String: UInt64] = [:]
        /// One shared copy of each distinct source and tag list: most snapshots repeat a few.
        var sources: [String: String] = [:]
        var tagLists: [[String]: [String]] = [:]

        /// The position in `bySequence` of the first snapshot with sequence ≥ `sequence`.
        func firstPosition(atOrAfter sequence: UInt64) -> Int {
            // Sequences are 1, 2, 3... with gaps only where records were lost to damage: look
            // where it would be first (one cache line, where the search touched eighteen at
            // 200,000 snapshots; a query's page looks up ten).
            if let first = self.bySequence.first?.sequence, sequence >= first {
                let guess = sequence - first
                if guess < UInt64(self.bySequence.count), self.bySequence[Int(guess)].sequence == sequence { return Int(guess) }
            }
            var low = 0
            var high = self.bySequence.count
            while low < high {
                let middle = (low + high) / 2
                if self.bySequence[middle].sequence < sequence { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// The info of the snapshot at `position` of `bySequence`.
        func info(at position: Int) -> SnapshotInfo? {
            let entry = self.bySequence[position]
            return self.documents[entry.key].flatMap { Catalog.version(entry.version, in: $0) }
        }

        /// `info` with its source and tags replaced by the shared copies.
        mutating func interned(_ info: SnapshotInfo) -> SnapshotInfo {
            var info = info
            if !info.metadata.source.isEmpty {
                if let shared = self.sources[info.metadata.source] {
                    info.metadata.source = shared
                } else if self.sources.count < Catalog.maxInterned {
                    self.sources[info.metadata.source] = info.metadata.source
                }
            }
            if !info.metadata.tags.isEmpty {
                if let shared = self.tagLists[info.metadata.tags] {
                    info.metadata.tags = shared
                } else if self.tagLists.count < Catalog.maxInterned {
                    self.tagLists[info.metadata.tags] = info.metadata.tags
                }
            }
            return info
        }
    }

    /// `version` among one document's versions.
    static func version(_ version: UInt32, in versions: [SnapshotInfo]) -> SnapshotInfo? {
        // Versions are 1, 2, 3... in order; a gap only appears after corruption.
        let index = Int(version) - 1
        if index >= 0, index < versions.count, versions[index].version == version { return versions[index] }
        return versions.first { $0.version == version }
    }

    /// Distinct sources and tag lists shared at most (beyond that, values are kept as they come).
    static let maxInterned = 100_000

    private let state = Mutex(State())
    /// Woken after every publish with the last sequence.
    let published = SequenceWaiters()

    /// Adds durable snapshots, in sequence order, and watermarks committed with them.
    func publish(_ infos: [SnapshotInfo], watermarks: [Watermark] = []) {
        guard !infos.isEmpty || !watermarks.isEmpty else { return }
        self.state.withLock { state in
            for watermark in watermarks {
                state.watermarks[watermark.source] = max(state.watermarks[watermark.source] ?? 0, watermark.sequence)
            }
            for published in infos {
                let info = state.interned(published)
                if state.documents[info.key] == nil {
                    state.keys.insert(info.key)
                    state.documents[info.key] = [info]
                } else {
                    state.documents[info.key]?.append(info)
                }
                state.bySequence.append(SequenceEntry(key: info.key, version: info.version, place: RecordPlace(info)))
                state.lastSequence = max(state.lastSequence, info.sequence)
            }
        }
        self.published.advance(to: self.lastSequence)
    }

    /// Marks the snapshot of `key` at `version` damaged (found so after start-up): reads of it
    /// answer CORRUPT_DATA from now on, tombstones included.
    func markDamaged(key: String, version: UInt32) {
        self.state.withLock { state in
            guard var versions = state.documents[key], let index = versions.firstIndex(where: { $0.version == version }) else { return }
            versions[index].isDamaged = true
            state.documents[key] = versions
            let position = state.firstPosition(atOrAfter: versions[index].sequence)
            if position < state.bySequence.count, state.bySequence[position].sequence == versions[index].sequence {
                state.bySequence[position].place.isDamaged = true
            }
        }
    }

    var lastSequence: UInt64 { self.state.withLock { $0.lastSequence } }

    func watermark(source: String) -> UInt64 {
        self.state.withLock { $0.watermarks[source] ?? 0 }
    }

    var documentCount: Int { self.state.withLock { $0.documents.count } }

    var snapshotCount: Int { self.state.withLock { $0.bySequence.count } }

    func allWatermarks() -> [String: UInt64] {
        self.state.withLock { $0.watermarks }
    }

    func versions(of key: String) -> [SnapshotInfo]? {
        self.state.withLock { $0.documents[key] }
    }

    func latest(_ key: String) -> SnapshotInfo? {
        self.state.withLock { $0.documents[key]?.last }
    }

    /// The snapshot `selector` picks, tombstones included (the caller decides what they mean).
    func select(_ key: String, _ selector: VersionSelector) -> SnapshotInfo? {
        self.state.withLock { state in
            guard let versions = state.documents[key] else { return nil }
            switch selector {
            case .latest:
                return versions.last
            case .version(let version):
                return Self.version(version, in: versions)
            case .asOf(let time):
                return versions.last { $0.ingestTime <= time }
            }
        }
    }

    /// Documents in key order, after `after`, starting with `prefix`.
    func list(prefix: String, after: String?, limit: Int, includeDeleted: Bool) -> (items: [DocumentSummary], more: Bool) {
        self.state.withLock { state in
            var items: [DocumentSummary] = []
            var cursor = after
            // Deleted documents may be skipped, so keep reading pages until the limit is met.
            while items.count <= limit {
                let page = state.keys.keys(prefix: prefix, after: cursor, limit: limit + 1)
                for key in page {
                    guard let versions = state.documents[key], let latest = versions.last else { continue }
                    if latest.isTombstone && !includeDeleted { continue }
                    items.append(DocumentSummary(latest: latest, versions: versions.count))
                    if items.count > limit { break }
                }
                guard page.count == limit + 1, items.count <= limit, let last = page.last else { break }
                cursor = last
            }
            let more = items.count > limit
            return (Array(items.prefix(limit)), more)
        }
    }

    /// The info of snapshot `sequence` itself (a query's page asks for ten of them): no
    /// array is built.
    func info(sequence: UInt64) -> SnapshotInfo? {
        self.state.withLock { state in
            let index = state.firstPosition(atOrAfter: sequence)
            guard index < state.bySequence.count, state.bySequence[index].sequence == sequence else { return nil }
            return state.info(at: index)
        }
    }

    /// The places of the records with sequence ≥ `from`, ascending, at most `limit`: what an
    /// export in stored form needs, without looking up any info.
    func places(fromSequence from: UInt64, limit: Int) -> [RecordPlace] {
        self.state.withLock { state in
            let start = state.firstPosition(atOrAfter: from)
            let end = min(state.bySequence.count, start + max(0, limit))
            return state.bySequence[start..<end].map(\.place)
        }
    }

    /// Snapshot infos with sequence ≥ `from`, ascending, at most `limit`.
    func snapshots(fromSequence from: UInt64, limit: Int) -> [SnapshotInfo] {
        self.state.withLock { state in
            var result: [SnapshotInfo] = []
            var index = state.firstPosition(atOrAfter: from)
            while index < state.bySequence.count, result.count < limit {
                if let info = state.info(at: index) { result.append(info) }
                index += 1
            }
            return result
        }
    }
}
