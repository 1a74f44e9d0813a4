public import AxisIndex
public import AxisStore
import Foundation
import Synchronization
public import Logging
public import ServiceLifecycle

/// Feeds the entity index from the store: every snapshot, in sequence order, in the
/// background, for the life of the server.
///
/// It catches up from the index's checkpoint to the log's end, then waits for new commits.
/// Bodies are read in runs, inflated, checked and extracted on every core; the index takes
/// them in order. A checkpoint is written after a large catch-up, every few minutes while
/// there are changes, and at shutdown, so a restart extracts only what came after it.
/// Requests that need the index wait (briefly) until it covers the log as it was when they
/// arrived: what a client has put is what it finds.
public final class Indexer: Service, Sendable {
    public let index: EntityIndex
    private let store: SnapshotStore
    private let extractor: Extractor
    private let checkpoint: IndexCheckpointFile?
    private let logger: Logger
    /// How far the index is, for requests that wait on it.
    private let progress: SequenceWaiters

    /// Snapshots extracted per step (split across the cores).
    static let batchSnapshots = 512
    /// A checkpoint after this many snapshots indexed since the last one…
    static let checkpointSnapshots: UInt64 = 100_000
    /// …or this long after the first change since the last one: ten times what writing the
    /// last checkpoint took (so checkpoints cost at most a tenth of the time), between 30 s
    /// and 5 minutes. A small index is checkpointed every 30 s while it changes; a crash redoes
    /// at most that much indexing.
    public static let defaultCheckpointIntervals: ClosedRange<Duration> = .seconds(30)...Duration.seconds(300)
    private let checkpointIntervals: ClosedRange<Duration>
    /// What the last checkpoint or journal record covered, and the files' sizes; nil until the
    /// first checkpoint is restored or written (then the next one is full).
    private let journal = Mutex<JournalState?>(nil)

    struct JournalState: Sendable {
        var mark: CheckpointMark
        var checkpointBytes: Int
        var journalBytes: Int
        var records: Int
    }

    /// A full checkpoint instead of a journal record once the journal holds this many records…
    static let maxJournalRecords = 256
    /// …or half the checkpoint's bytes: restoring then costs at most one and a half full reads.
    static let maxJournalShare = 2

    public init(
        store: SnapshotStore, index: EntityIndex, checkpoint: IndexCheckpointFile?, logger: Logger,
        checkpointIntervals: ClosedRange<Duration> = Indexer.defaultCheckpointIntervals
    ) {
        self.checkpointIntervals = checkpointIntervals
        self.store = store
        self.index = index
        self.extractor = Extractor(gazetteer: index.gazetteer)
        self.checkpoint = checkpoint
        self.logger = logger
        self.progress = SequenceWaiters(current: index.indexedSequence)
    }

    /// Extracts a text with the index's gazetteer (for MENTIONS, which recomputes offsets).
    public func extract(_ text: String) -> Extraction {
        self.extractor.extract(text)
    }

    /// The sequence the index covers.
    public var indexedSequence: UInt64 { self.index.indexedSequence }

    /// Waits until the index covers what the store held when the caller asked: read your
    /// writes, for every question the index answers.
    /// - Returns: the last sequence the index covers.
    @discardableResult
    func waitUntilCurrent() async -> UInt64 {
        await self.waitUntilIndexed(self.store.lastSequence)
    }

    /// Waits until the index covers `sequence`, at most `timeout`. Returns what it covers then.
    public func waitUntilIndexed(_ sequence: UInt64, timeout: Duration = .seconds(10)) async -> UInt64 {
        guard self.progress.current < sequence else { return self.progress.current }
        return await withTaskGroup(of: UInt64.self) { group in
            group.addTask { await self.progress.wait(until: sequence) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return self.progress.current
            }
            let reached = await group.next() ?? self.progress.current
            group.cancelAll()
            return reached
        }
    }

    public func run() async throws {
        // The server listens already: the checkpoint is read here, not before it starts.
        self.restoreCheckpoint()
        let start = self.index.indexedSequence
        if start < self.store.lastSequence {
            self.logger.info("indexing snapshots \(start + 1)...\(self.store.lastSequence)")
        }
        let lastCheckpoint = await cancelWhenGracefulShutdown { await self.follow(checkpointedAt: start) }
        if self.index.indexedSequence != lastCheckpoint { self.saveCheckpoint() }
        self.progress.close()
    }

    /// Indexes whatever the log has, then waits for more, until cancelled (shutdown).
    /// Returns the sequence of the last checkpoint written.
    private func follow(checkpointedAt start: UInt64) async -> UInt64 {
        var lastCheckpoint = start
        var firstChangeSinceCheckpoint: ContinuousClock.Instant?
        var interval = self.checkpointIntervals.lowerBound
        // The largest parties' grouped reports are summed once the index has caught up at
        // start (restored or rebuilt), and again after every large catch-up.
        var warm = false
        while !Task.isCancelled {
            let target = self.store.lastSequence
            guard self.index.indexedSequence < target else {
                if !warm {
                    self.warmFlowSums()
                    warm = true
                }
                // Idle: wait for new snapshots, or until a pending checkpoint is due.
                guard let changed = firstChangeSinceCheckpoint else {
                    _ = await self.store.waitForSequence(target + 1)
                    continue
                }
                let dueAt = changed + interval
                if ContinuousClock.now < dueAt, await self.waitForSequence(target + 1, until: dueAt) { continue }
                guard !Task.isCancelled else { break }
                interval = self.checkpoint(writtenIn: &lastCheckpoint)
                firstChangeSinceCheckpoint = nil
                continue
            }
            let began = ContinuousClock.now
            let before = self.index.indexedSequence
            await self.catchUp(to: target)
            firstChangeSinceCheckpoint = firstChangeSinceCheckpoint ?? began
            let done = self.index.indexedSequence - before
            if done >= 10_000 {
                self.index.compact()
                self.logger.info("indexed \(done) snapshots in \(Self.milliseconds(since: began)) ms")
                warm = false
            }
            let due = self.index.indexedSequence - lastCheckpoint >= Self.checkpointSnapshots
                || (firstChangeSinceCheckpoint.map { ContinuousClock.now - $0 >= interval } ?? false)
            if due {
                interval = self.checkpoint(writtenIn: &lastCheckpoint)
                firstChangeSinceCheckpoint = nil
            }
        }
        return lastCheckpoint
    }

    /// Sums the grouped flow reports of the largest parties (`EntityIndex.warmFlowSums`).
    private func warmFlowSums() {
        let began = ContinuousClock.now
        let sides = self.index.warmFlowSums()
        if sides > 0 { self.logger.info("summed the grouped flow reports of \(sides) party-sides in \(Self.milliseconds(since: began)) ms") }
    }

    /// Writes a checkpoint; returns the interval until the next one (ten times this one's cost).
    private func checkpoint(writtenIn lastCheckpoint: inout UInt64) -> Duration {
        let began = ContinuousClock.now
        self.saveCheckpoint()
        lastCheckpoint = self.index.indexedSequence
        let cost = ContinuousClock.now - began
        return min(max(cost * 10, self.checkpointIntervals.lowerBound), self.checkpointIntervals.upperBound)
    }

    /// Waits until the log reaches `sequence` (true) or `deadline` passes (false).
    private func waitForSequence(_ sequence: UInt64, until deadline: ContinuousClock.Instant) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await self.store.waitForSequence(sequence)
                return true
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && self.store.lastSequence >= sequence
        }
    }

    /// Indexes everything up to `target`, a batch at a time. The next batch is read and
    /// extracted (on every core) while the index adds this one (on one core, under its
    /// lock): one after the other, a core stood idle during every add.
    func catchUp(to target: UInt64) async {
        func batch(from sequence: UInt64) -> [SnapshotInfo] {
            self.store.snapshots(fromSequence: sequence, limit: Self.batchSnapshots).filter { $0.sequence <= target }
        }
        var infos = batch(from: self.index.indexedSequence + 1)
        guard !infos.isEmpty else { return }
        var snapshots = await self.extract(infos)
        while !Task.isCancelled {
            let following = infos.last.map { batch(from: $0.sequence + 1) } ?? []
            async let extracted = self.extract(following)
            self.index.add(snapshots)
            self.progress.advance(to: self.index.indexedSequence)
            snapshots = await extracted
            guard !following.isEmpty else { return }
            infos = following
        }
    }

    /// Reads and extracts snapshots on every core; the result is in sequence order.
    private func extract(_ infos: [SnapshotInfo]) async -> [IndexedSnapshot] {
        guard !infos.isEmpty else { return [] }
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = max(1, (infos.count + lanes - 1) / lanes)
        let parts = await withTaskGroup(of: (Int, [IndexedSnapshot]).self) { group in
            for (lane, start) in stride(from: 0, to: infos.count, by: chunk).enumerated() {
                let slice = Array(infos[start..<min(start + chunk, infos.count)])
                group.addTask { (lane, self.extractLane(slice)) }
            }
            var parts: [(Int, [IndexedSnapshot])] = []
            for await part in group { parts.append(part) }
            return parts
        }
        return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }

    /// One lane's snapshots: read in runs, inflated, checked, extracted. A body that cannot
    /// be read is indexed as empty (and logged): the index must not stop at one bad record.
    private func extractLane(_ infos: [SnapshotInfo]) -> [IndexedSnapshot] {
        var result: [IndexedSnapshot] = []
        result.reserveCapacity(infos.count)
        var index = 0
        while index < infos.count {
            let bodies: [Result<[UInt8], StoreError>]
            let run: [SnapshotInfo]
            do {
                let stored = try self.store.readRun(infos[index...])
                run = stored.infos
                bodies = self.store.bodies(of: stored)
            } catch {
                run = [infos[index]]
                bodies = [.failure(error)]
            }
            for (info, body) in zip(run, bodies) {
                var extraction: Extraction?
                var terms: DocumentTerms?
                switch body {
                case .success(let bytes):
                    if info.kind == .snapshot {
                        let text = String(decoding: bytes, as: UTF8.self)
                        extraction = self.extractor.extract(text)
                        terms = DocumentTerms(title: info.metadata.title, body: text)
                    }
                case .failure(let error):
                    self.logger.error("cannot index sequence \(info.sequence) ('\(info.key)'): \(error)")
                }
                result.append(
                    IndexedSnapshot(
                        sequence: info.sequence, key: info.key, version: info.version, ingestTime: info.ingestTime,
                        published: info.metadata.published?.description ?? "", source: info.metadata.source, tags: info.metadata.tags,
                        isTombstone: info.isTombstone, extraction: extraction, terms: terms))
            }
            index += max(1, run.count)
        }
        return result
    }

    /// Fills the (empty) index from its checkpoint when it fits this gazetteer, extractor and
    /// store; otherwise the index is rebuilt from the log by `follow`.
    private func restoreCheckpoint() {
        guard let file = self.checkpoint, self.index.indexedSequence == 0 else { return }
        let began = ContinuousClock.now
        let lastSequence = self.store.lastSequence
        do {
            guard let bytes = try file.read() else {
                if lastSequence > 0 { self.logger.info("no index checkpoint: indexing \(lastSequence) snapshots") }
                return
            }
            let base = IndexCheckpoint.header(bytes)?.sequence
            let journalBytes = (try? file.readJournal()) ?? nil
            let journal = journalBytes.flatMap(IndexCheckpointJournal.parse).flatMap { $0.baseSequence == base ? $0 : nil }
            let (restored, applied) = try IndexCheckpoint.decode(bytes, journal: journal?.records ?? [], gazetteer: self.index.gazetteer)
            guard restored.indexedSequence <= lastSequence else {
                self.logger.error(
                    "the index checkpoint is ahead of the log (\(restored.indexedSequence) > \(lastSequence)): the log lost snapshots; rebuilding the index from what it holds")
                return
            }
            if let lost = self.store.recovery.firstLostSequence, lost <= restored.indexedSequence {
                // Queries would name documents that get cannot return.
                self.logger.error("the index checkpoint covers sequence \(lost), which the log lost: rebuilding the index from what the log holds")
                return
            }
            self.index.adopt(restored)
            self.progress.advance(to: self.index.indexedSequence)
            self.adoptJournal(journal, applied: applied, checkpointBytes: bytes.count)
            let journalNote = applied > 0 ? " (checkpoint at \(base ?? 0) and \(applied) journal records)" : ""
            self.logger.info(
                "index restored at sequence \(self.index.indexedSequence) of \(lastSequence) in \(Self.milliseconds(since: began)) ms\(journalNote)")
        } catch {
            self.logger.notice("index checkpoint not used (\(error)): rebuilding the index")
        }
    }

    /// After a restore: the journal's applied records are where the next one chains on; a
    /// torn or unusable tail after them is cut off (the log has those snapshots).
    private func adoptJournal(_ journal: IndexCheckpointJournal.Contents?, applied: Int, checkpointBytes: Int) {
        guard let file = self.checkpoint, let journal else { return }
        let length = IndexCheckpointJournal.headerSize
            + journal.records.prefix(applied).reduce(0) { $0 + IndexCheckpointJournal.recordHeaderSize + $1.count }
        let size = file.journalSize
        if length < size {
            do {
                try file.truncateJournal(to: length)
                self.logger.notice("index checkpoint journal: kept \(applied) records, cut the \(size - length) bytes after them (torn or unusable)")
            } catch {
                self.logger.error("\(error); the next checkpoint is written whole")
                return
            }
        }
        let state = JournalState(mark: IndexCheckpoint.mark(of: self.index), checkpointBytes: checkpointBytes, journalBytes: length, records: applied)
        self.journal.withLock { $0 = state }
    }

    /// A journal record of what changed since the last checkpoint, or a full checkpoint when
    /// there is none to extend or the journal has grown past its bounds.
    private func saveCheckpoint() {
        guard let checkpoint = self.checkpoint else { return }
        let began = ContinuousClock.now
        if let state = self.journal.withLock({ $0 }), state.records < Self.maxJournalRecords,
            state.journalBytes * Self.maxJournalShare < state.checkpointBytes
        {
            guard let (payload, mark) = IndexCheckpointDelta.encode(self.index, since: state.mark) else { return }
            let record = IndexCheckpointJournal.record(payload)
            do {
                try checkpoint.appendJournal(record)
                let next = JournalState(
                    mark: mark, checkpointBytes: state.checkpointBytes, journalBytes: state.journalBytes + record.count, records: state.records + 1)
                self.journal.withLock { $0 = next }
                self.logger.info(
                    "index checkpoint journal: sequences \(state.mark.sequence + 1)...\(mark.sequence), \(record.count / 1024) KiB in \(Self.milliseconds(since: began)) ms")
                return
            } catch {
                self.logger.error("cannot append to the index checkpoint journal: \(error); writing a full checkpoint")
            }
        }
        do {
            let (bytes, mark) = IndexCheckpoint.encodeMarked(self.index)
            try checkpoint.write(bytes)
            self.journal.withLock { $0 = nil }
            try checkpoint.resetJournal(IndexCheckpointJournal.header(baseSequence: mark.sequence))
            let state = JournalState(mark: mark, checkpointBytes: bytes.count, journalBytes: IndexCheckpointJournal.headerSize, records: 0)
            self.journal.withLock { $0 = state }
            self.logger.info(
                "index checkpoint: sequence \(mark.sequence), \(bytes.count / 1024) KiB in \(Self.milliseconds(since: began)) ms")
        } catch {
            self.logger.error("cannot write the index checkpoint: \(error)")
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}
