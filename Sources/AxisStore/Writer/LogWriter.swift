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
    }

    private let queue = Mutex<(items: [Queued], stopping: Bool)>(([], false))
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    /// Touched only by the writer thread; the lock is uncontended and keeps the compiler honest.
    private let owned: Mutex<Owned>
    private let catalog: Catalog
    private let segmentBytes: UInt64
    private let logger: Logger
    private let clock: @Sendable () -> Int64

    init(
        state: WriteState, segment: ActiveSegment, catalog: Catalog, segmentBytes: UInt64, logger: Logger,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.owned = Mutex(Owned(state: state, segment: segment))
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
        self.stopped.signal()
    }

    private func process(_ batch: [Queued]) {
        let now = self.clock()
        let (published, results) = self.owned.withLock { owned in
            self.write(batch, now: now, owned: &owned)
        }
        self.catalog.publish(published)
        for (queued, result) in zip(batch, results) {
            queued.continuation.resume(with: result)
        }
    }

    /// Decides, writes and syncs a batch. Returns the snapshots made durable and each
    /// operation's result.
    private func write(_ batch: [Queued], now: Int64, owned: inout Owned) -> ([SnapshotInfo], [Result<WriteOutcome, any Error>]) {
        var results: [Result<WriteOutcome, any Error>] = Array(repeating: .failure(StoreError(.io, "not written")), count: batch.count)
        var durable: [SnapshotInfo] = []
        // Records decided but not yet on disk: (batch index, info, previous latest, bytes).
        var group: [(index: Int, info: SnapshotInfo, previous: SnapshotInfo?, record: [UInt8])] = []
        var groupBytes = 0

        func flush(_ owned: inout Owned) {
            guard !group.isEmpty else { return }
            var bytes = [UInt8]()
            bytes.reserveCapacity(groupBytes + 34)
            for entry in group { bytes.append(contentsOf: entry.record) }
            let commit = CommitRecord(
                firstSequence: group[0].info.sequence, lastSequence: group[group.count - 1].info.sequence,
                recordCount: UInt32(group.count))
            bytes.append(contentsOf: CommitRecord.encode(commit))
            do {
                try owned.segment.append(bytes)
                for entry in group {
                    results[entry.index] = .success(.written(entry.info))
                    durable.append(entry.info)
                    owned.segment.records.append(entry.info)
                }
            } catch {
                self.logger.error("write failed; \(group.count) operations refused: \(error)")
                for entry in group.reversed() {
                    owned.state.undo(entry.info, previous: entry.previous)
                    results[entry.index] = .failure(error)
                }
            }
            group.removeAll()
            groupBytes = 0
        }

        for (index, queued) in batch.enumerated() {
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
            case .write(var info, let previous):
                var body: [UInt8] = []
                if case .put(let snapshot) = queued.operation { body = snapshot.compressedBody }
                let recordLength = RecordLayout.recordHeaderBytes + 200 + info.key.utf8.count + body.count
                // Roll to a new segment before a record that would not fit (never split one).
                let projected = owned.segment.size + UInt64(groupBytes + recordLength)
                if projected > self.segmentBytes && owned.segment.size + UInt64(groupBytes) > UInt64(RecordLayout.segmentHeaderBytes) {
                    flush(&owned)
                    do {
                        try owned.segment.seal(logger: self.logger)
                    } catch {
                        self.logger.error("cannot start a new segment: \(error)")
                        owned.state.undo(info, previous: previous)
                        results[index] = .failure(error)
                        continue
                    }
                }
                let offset = owned.segment.size + UInt64(groupBytes)
                let record = LogRecord.encode(info: info, compressedBody: body)
                info.location = SnapshotLocation(segment: owned.segment.number, offset: offset, length: UInt32(record.count))
                group.append((index, info, previous, record))
                groupBytes += record.count
            }
        }
        flush(&owned)
        return (durable, results)
    }
}
