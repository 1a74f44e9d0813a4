import Dispatch
import Foundation
import Logging
import Synchronization

/// The only writer of the log: a dedicated thread with group commit.
///
/// Callers enqueue operations and wait. The thread takes everything queued, decides each
/// operation against the latest state (deduplication, version, sequence), writes the records
/// and one commit record with a single `write`, syncs once, publishes the batch to the
/// catalog, and only then resumes the callers. While it syncs, the next batch queues up, so
/// the cost of an fsync is shared by everyone who arrived meanwhile.
///
/// A thread, not a task: fsync blocks for milliseconds, and the cooperative pool has one
/// thread per core.
final class LogWriter: Sendable {
    private struct Queued: Sendable {
        var operation: WriteOperation
        var continuation: CheckedContinuation<WriteOutcome, any Error>
    }

    private struct Owned {
        var state: WriteState
        var segment: ActiveSegment
        /// No record numbered above this is written before the reserved mark says so.
        var reservedThrough: UInt64 = 0
        /// The last sequence made durable and answered.
        var acknowledged: UInt64
    }

    private let queue = Mutex<(items: [Queued], stopping: Bool)>(([], false))
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    /// Touched only by the writer thread; the lock is uncontended and keeps the compiler honest.
    private let owned: Mutex<Owned>
    private let catalog: Catalog
    private let marks: SequenceMarks
    /// The acknowledged mark, rewritten after every commit (SequenceMarks).
    private let acknowledgedFile: File
    private let segmentBytes: UInt64
    private let logger: Logger
    private let clock: @Sendable () -> Int64

    init(
        state: WriteState, segment: ActiveSegment, marks: SequenceMarks, catalog: Catalog, segmentBytes: UInt64, logger: Logger,
        clock: @escaping @Sendable () -> Int64
    ) throws(StoreError) {
        self.acknowledgedFile = try marks.openAcknowledged()
        self.owned = Mutex(Owned(state: state, segment: segment, acknowledged: state.nextSequence - 1))
        self.marks = marks
        self.catalog = catalog
        self.segmentBytes = segmentBytes
        self.logger = logger
        self.clock = clock
        let thread = Thread { [self] in self.run() }
        thread.name = "axis-log-writer"
        thread.start()
    }

    /// Queues an operation and waits until it is durable (or refused).
    func submit(_ operation: WriteOperation) async throws -> WriteOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = self.queue.withLock { queue -> Bool in
                guard !queue.stopping else { return false }
                queue.items.append(Queued(operation: operation, continuation: continuation))
                return true
            }
            if accepted {
                self.wakeup.signal()
            } else {
                continuation.resume(throwing: StoreError(.closed, "the store is closed"))
            }
        }
    }

    /// Finishes what is queued, then stops the thread.
    func stop() {
        self.queue.withLock { $0.stopping = true }
        self.wakeup.signal()
        self.stopped.wait()
    }

    // MARK: - The thread

    private func run() {
        while true {
            self.wakeup.wait()
            let (batch, stopping) = self.queue.withLock { queue in
                defer { queue.items.removeAll() }
                return (queue.items, queue.stopping)
            }
            if !batch.isEmpty {
                self.process(batch)
            }
            if stopping && batch.isEmpty {
                break
            }
        }
        self.owned.withLock { owned in
            // A clean stop: the next start hands out the number after the last one used, no gap.
            let last = owned.state.nextSequence - 1
            guard owned.reservedThrough > last else { return }
            do throws(StoreError) {
                try self.marks.writeReserved(last)
            } catch {
                self.logger.warning("could not lower the reserved sequence mark at stop: \(error.message)")
            }
        }
        self.stopped.signal()
    }

    private func process(_ batch: [Queued]) {
        let now = self.clock()
        let (published, watermarks, results) = self.owned.withLock { owned in
            self.write(batch, now: now, owned: &owned)
        }
        self.catalog.publish(published, watermarks: watermarks)
        self.owned.withLock { $0.state.batchPublished() }
        for (queued, result) in zip(batch, results) {
            queued.continuation.resume(with: result)
        }
    }

    /// A record decided but not yet on disk.
    private struct Pending {
        var operation: Int
        /// The record's position in an import batch.
        var item: Int?
        var info: SnapshotInfo
        var previous: SnapshotInfo?
        var record: [UInt8]
    }

    /// Decides, writes and syncs a batch. Returns the snapshots and watermarks made durable,
    /// and each operation's result.
    private func write(
        _ batch: [Queued], now: Int64, owned: inout Owned
    ) -> ([SnapshotInfo], [Watermark], [Result<WriteOutcome, any Error>]) {
        var results: [Result<WriteOutcome, any Error>?] = Array(repeating: nil, count: batch.count)
        var importOutcomes: [Int: [ImportOutcome]] = [:]
        var durable: [SnapshotInfo] = []
        var durableWatermarks: [Watermark] = []
        var group: [Pending] = []
        /// Watermarks to commit with the group, with their operation and prior value (for undo).
        var groupWatermarks: [(watermark: Watermark, operation: Int, before: UInt64)] = []
        var groupBytes = 0

        func flush(_ owned: inout Owned) {
            guard !group.isEmpty || !groupWatermarks.isEmpty else { return }
            var bytes = [UInt8]()
            bytes.reserveCapacity(groupBytes + 34)
            for entry in group { bytes.append(contentsOf: entry.record) }
            for entry in groupWatermarks { bytes.append(contentsOf: WatermarkRecord.encode(entry.watermark)) }
            let commit = CommitRecord(
                firstSequence: group.first?.info.sequence ?? 0, lastSequence: group.last?.info.sequence ?? 0,
                recordCount: UInt32(group.count))
            bytes.append(contentsOf: CommitRecord.encode(commit))
            do {
                if commit.lastSequence > owned.reservedThrough {
                    // Durably first: after a crash, no number this batch uses is handed out again.
                    let reserve = commit.lastSequence + SequenceMarks.reserveBlock
                    try self.marks.writeReserved(reserve)
                    owned.reservedThrough = reserve
                }
                try owned.segment.append(bytes)
                if commit.lastSequence > owned.acknowledged {
                    owned.acknowledged = commit.lastSequence
                    do {
                        try SequenceMarks.writeAcknowledged(commit.lastSequence, to: self.acknowledgedFile)
                    } catch {
                        // The batch is durable; only the loss check at the next start is weaker.
                        self.logger.warning("could not update the acknowledged sequence mark: \(error.message)")
                    }
                }
                for entry in group {
                    durable.append(entry.info)
                    owned.segment.records.append(entry.info)
                    if let item = entry.item {
                        importOutcomes[entry.operation]?[item] = .imported(entry.info)
                    } else {
                        results[entry.operation] = .success(.written(entry.info))
                    }
                }
                durableWatermarks += groupWatermarks.map(\.watermark)
                owned.segment.watermarks += groupWatermarks.map(\.watermark)
            } catch {
                self.logger.error("write failed; \(group.count) records refused: \(error)")
                for entry in group.reversed() {
                    owned.state.undo(entry.info, previous: entry.previous)
                    results[entry.operation] = .failure(error)
                    importOutcomes[entry.operation] = nil
                }
                for entry in groupWatermarks.reversed() {
                    owned.state.watermarks[entry.watermark.source] = entry.before
                    results[entry.operation] = .failure(error)
                    importOutcomes[entry.operation] = nil
                }
            }
            group.removeAll()
            groupWatermarks.removeAll()
            groupBytes = 0
        }

        /// Adds a decided record to the group, first sealing the segment if it would not fit.
        func add(_ pending: Pending, body: [UInt8], _ owned: inout Owned) -> (any Error)? {
            let recordLength = RecordLayout.recordHeaderBytes + 200 + pending.info.key.utf8.count + body.count
            let projected = owned.segment.size + UInt64(groupBytes + recordLength)
            if projected > self.segmentBytes && owned.segment.size + UInt64(groupBytes) > UInt64(RecordLayout.segmentHeaderBytes) {
                flush(&owned)
                do {
                    try owned.segment.seal(logger: self.logger)
                } catch {
                    self.logger.error("cannot start a new segment: \(error)")
                    owned.state.undo(pending.info, previous: pending.previous)
                    return error
                }
            }
            var entry = pending
            entry.record = LogRecord.encode(info: pending.info, compressedBody: body)
            entry.info.location = SnapshotLocation(
                segment: owned.segment.number, offset: owned.segment.size + UInt64(groupBytes), length: UInt32(entry.record.count))
            group.append(entry)
            groupBytes += entry.record.count
            return nil
        }

        for (index, queued) in batch.enumerated() {
            switch queued.operation {
            case .put, .delete:
                let decision: WriteState.Decision
                do {
                    decision = try owned.state.decide(queued.operation, now: now)
                } catch {
                    results[index] = .failure(error)
                    continue
                }
                switch decision {
                case .unchanged(let info):
                    results[index] = .success(.unchanged(info))
                case .write(let info, let previous):
                    var body: [UInt8] = []
                    if case .put(let snapshot) = queued.operation { body = snapshot.compressedBody }
                    let pending = Pending(operation: index, item: nil, info: info, previous: previous, record: [])
                    if let error = add(pending, body: body, &owned) { results[index] = .failure(error) }
                }
            case .importBatch(let records, let watermark):
                importOutcomes[index] = Array(repeating: .skipped, count: records.count)
                records: for (item, record) in records.enumerated() {
                    switch owned.state.decideImport(record, source: watermark?.source) {
                    case .unchanged:
                        continue
                    case .write(let info, let previous):
                        let pending = Pending(operation: index, item: item, info: info, previous: previous, record: [])
                        if let error = add(pending, body: record.compressedBody, &owned) {
                            results[index] = .failure(error)
                            importOutcomes[index] = nil
                            break records
                        }
                    }
                }
                if let watermark, importOutcomes[index] != nil {
                    groupWatermarks.append((watermark, index, owned.state.advance(watermark)))
                }
            }
        }
        flush(&owned)

        let final = results.enumerated().map { index, result -> Result<WriteOutcome, any Error> in
            if let result { return result }
            if let outcomes = importOutcomes[index] { return .success(.imported(outcomes)) }
            return .failure(StoreError(.io, "the operation was not written"))
        }
        return (durable, durableWatermarks, final)
    }
}
