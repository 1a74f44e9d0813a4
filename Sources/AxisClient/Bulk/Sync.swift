public import AxisCodec
import NIOCore

/// `sync`: copies what a target lacks from a source, incrementally and without a temporary
/// file. The target's watermark for the source says where to start; the export streams from
/// there at the pace the target imports (backpressure through both connections); every import
/// batch carries the watermark, so an interrupted sync resumes where it stopped.
public enum Sync {
    public struct Result: Sendable {
        public var summary: TransferSummary
        public var from: UInt64
        public var imported: UInt64
        public var skipped: UInt64
        /// With `skipDamaged`: the source's records passed over (at most 1000 listed), and how many.
        public var damaged: [DamagedRecord] = []
        public var damagedCount: UInt64 = 0
    }

    public static let batchRecords = 2000
    static let batchBytes = 4 * 1024 * 1024

    /// - Parameter batchRecords: records per IMPORT request (smaller batches: finer resumption).
    public static func run(
        from source: AxisConnection, to target: AxisConnection, batchRecords: Int = Sync.batchRecords,
        skipDamaged: Bool = false, progress: ProgressHandler? = nil
    ) async throws -> Result {
        let sourceID = source.server.serverID
        guard !sourceID.isEmpty else { throw ClientError(.protocolError, "the source server did not say its id") }
        guard sourceID != target.server.serverID else {
            throw ClientError(.invalidUse, "source and target are the same server (server id \(sourceID))")
        }
        let start = try await target.syncState(source: sourceID).watermark
        var state = TransferProgress()
        var batch: [PackRecord] = []
        var batchBytes = 0
        var imported: UInt64 = 0
        var skipped: UInt64 = 0

        func send(watermark: UInt64?) async throws {
            guard !batch.isEmpty || watermark != nil else { return }
            let reply = try await target.importRecords(batch, source: sourceID, watermark: watermark)
            imported += reply.imported
            skipped += reply.skipped
            state.skipped = skipped
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }

        var damaged: [DamagedRecord] = []
        var damagedCount: UInt64 = 0
        for try await event in source.export(since: start, skipDamaged: skipDamaged) {
            switch event {
            case .start(let id, let until):
                guard id == sourceID else { throw ClientError(.protocolError, "the export comes from \(id), expected \(sourceID)") }
                if let until, until < start {
                    // The target already holds the source's records through `start`; a source
                    // that ends before that lost them (damage) or was restored from a backup,
                    // and the numbers it hands out next name other records than those the
                    // target has. Going on would skip them for good.
                    throw ClientError(
                        .sourceBehind,
                        "the source's log ends at sequence \(until), but this target already imported through \(start) from it "
                            + "(source id \(sourceID)): the source lost data or was restored from a backup; "
                            + "nothing was copied (docs/operations.md, \"a sync source behind its target\")")
                }
                if let until { state.totalRecords = until - start }
            case .record(let record):
                batch.append(record)
                batchBytes += record.bodyZlib.readableBytes
                state.records += 1
                state.bytes += UInt64(record.bodyZlib.readableBytes)
                if batch.count >= batchRecords || batchBytes >= Self.batchBytes {
                    // Everything of the source up to this record is durable with this batch.
                    try await send(watermark: record.info?.sequence)
                }
                progress?(state)
            case .damaged(let records, let total):
                damaged = records
                damagedCount = total
            case .end(let summary):
                try await send(watermark: summary.lastSequence)
                progress?(state)
                return Result(
                    summary: summary, from: start, imported: imported, skipped: skipped, damaged: damaged, damagedCount: damagedCount)
            }
        }
        throw ClientError(.protocolError, "the export ended early")
    }
}
