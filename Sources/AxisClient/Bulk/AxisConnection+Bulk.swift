public import AxisCodec
import NIOCore

/// Bulk transfer, typed (Protocol/PROTOCOL.md §11).
extension AxisConnection {
    /// Every record with sequence in (since, until], in order, as it is stored on the server.
    /// - Parameters:
    ///   - skipDamaged: pass over records that fail their checks (listed at the end)
    ///     instead of ending with CORRUPT_DATA.
    ///   - storedForm: ask for the records as the server stores them (§11.6), checked here
    ///     record by record (CRC-32, shape, limits): the faster form, and the default. A server
    ///     that does not know it sends PackRecords, which arrive the same.
    public func export(since: UInt64 = 0, until: UInt64? = nil, skipDamaged: Bool = false, storedForm: Bool = true) -> ExportStream {
        ExportStream(
            parts: self.stream(Export(sinceSequence: since, untilSequence: until, skipDamaged: skipDamaged, storedForm: storedForm)))
    }

    /// Imports complete records (in source sequence order); durable when this returns.
    /// With a source id, the server records how far it has imported from that source.
    public func importRecords(_ records: [PackRecord], source: String? = nil, watermark: UInt64? = nil) async throws(ClientError) -> ImportReply {
        try await self.call(Import(sourceServerID: source, records: records, watermark: watermark), timeout: .minutes(10))
    }

    /// How far this server has imported from `source`.
    public func syncState(source: String) async throws(ClientError) -> SyncStateReply {
        try await self.call(SyncState(sourceServerID: source))
    }

    /// The latest snapshot info of each key that exists.
    public func stat(_ keys: [String]) async throws(ClientError) -> [SnapshotInfoMessage] {
        let page = try await self.callMerged(DocStat(keys: keys))
        let snapshots = page.snapshots
        guard let total = page.total, total == UInt64(snapshots.count) else {
            throw ClientError(.protocolError, "the stat stream ended with \(snapshots.count) snapshots, without a matching total")
        }
        return snapshots
    }
}
