public import AxisCodec
import NIOCore

/// `import`: loads a pack into a server.
///
/// Two passes. The first reads the whole pack and checks its structure: every record's CRC,
/// the order, the trailer's counts and whole-file checksum. A truncated or damaged pack is
/// refused before anything is sent, so nothing of it becomes visible. The second pass sends
/// the records in batches, in order; the server inflates every body and checks it against its
/// SHA-256 (a batch with a record that fails is refused whole), and each batch is durable,
/// together with the pack source's watermark (the last sequence it carries), when its reply
/// arrives. Rerunning an interrupted import resumes: records at or below the target's
/// watermark for the pack's source are not sent again (and the server skips any that are).
///
/// The bodies' hashes are checked once, by the server, not twice: the CRCs already prove the
/// pack is as the exporter wrote it, and inflating and hashing every body is most of the cost
/// of an import.
public enum PackImport {
    public struct Result: Sendable {
        public var summary: TransferSummary
        public var imported: UInt64
        public var skipped: UInt64
    }

    /// Records per IMPORT request, and the most zlib bytes per request.
    public static let batchRecords = 2000
    static let batchBytes = 4 * 1024 * 1024

    /// Checks a whole pack's structure without sending anything. Returns its header and
    /// trailer summary.
    public static func validate(_ makeSource: () throws -> some PackSource) throws -> (PackHeader, TransferSummary) {
        var reader = try PackReader(source: try makeSource())
        while try reader.next() != nil {}
        guard let trailer = reader.trailer else { throw PackError("the pack has no trailer") }
        return (reader.header, trailer.summary)
    }

    /// Validates, then imports. `makeSource` opens the pack afresh for each pass.
    /// - Parameter batchRecords: records per IMPORT request (smaller batches: finer resumption).
    public static func run(
        _ makeSource: () throws -> some PackSource, into connection: AxisConnection, batchRecords: Int = PackImport.batchRecords,
        progress: ProgressHandler? = nil
    ) async throws -> Result {
        let (header, summary) = try Self.validate(makeSource)
        let source = header.sourceServerID.isEmpty ? nil : header.sourceServerID
        var resumeAfter: UInt64 = 0
        if let source { resumeAfter = try await connection.syncState(source: source).watermark }

        var reader = try PackReader(source: try makeSource())
        var state = TransferProgress()
        state.totalRecords = summary.count
        state.totalBytes = summary.bodyBytes
        var batch: [PackRecord] = []
        var batchBytes = 0
        var imported: UInt64 = 0
        var skipped: UInt64 = 0

        func send(_ records: [PackRecord], watermark: UInt64?) async throws {
            guard !records.isEmpty || watermark != nil else { return }
            let reply = try await connection.importRecords(records, source: source, watermark: watermark)
            imported += reply.imported
            skipped += reply.skipped
            state.skipped = skipped
        }

        while let record = try reader.next() {
            guard let info = record.info else { continue }
            state.records += 1
            state.bytes += UInt64(record.bodyZlib.readableBytes)
            if info.sequence <= resumeAfter {
                skipped += 1
                state.skipped = skipped
                progress?(state)
                continue
            }
            batch.append(record)
            batchBytes += record.bodyZlib.readableBytes
            if batch.count >= batchRecords || batchBytes >= Self.batchBytes {
                // Everything of the pack up to this record is durable with this batch.
                try await send(batch, watermark: source == nil ? nil : info.sequence)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
            progress?(state)
        }
        // The last batch carries the pack's last sequence as the watermark (it may cover
        // sequences the pack's range had but no record, e.g. an export of an idle range).
        try await send(batch, watermark: source == nil ? nil : max(summary.lastSequence, resumeAfter))
        progress?(state)
        return Result(summary: summary, imported: imported, skipped: skipped)
    }
}
