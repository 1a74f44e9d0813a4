public import AxisCodec
import NIOCore
import Foundation

/// `export`: streams a server's records into a pack, at the pace the sink takes them.
public enum PackExport {
    public struct Result: Sendable {
        /// Checked against the server's.
        public var summary: TransferSummary
        /// With `skipDamaged`: the records passed over (at most 1000 listed) and how many in all.
        public var damaged: [DamagedRecord] = []
        public var damagedCount: UInt64 = 0
    }

    public static func run(
        from connection: AxisConnection, since: UInt64, to sink: FilePackSink, skipDamaged: Bool = false,
        progress: ProgressHandler? = nil
    ) async throws -> Result {
        var writer = PackWriter()
        var damaged: [DamagedRecord] = []
        var damagedCount: UInt64 = 0
        var state = TransferProgress()
        var startedHeader = false
        for try await event in connection.export(since: since, skipDamaged: skipDamaged) {
            switch event {
            case .start(let source, let until):
                if let until, until >= since { state.totalRecords = until - since }
                try sink.write(
                    writer.header(
                        PackHeader(
                            sourceServerID: source, sinceSequence: since,
                            createdMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
                            serverName: connection.server.serverName, serverVersion: connection.server.serverVersion)))
                startedHeader = true
            case .record(let record):
                try sink.write(writer.record(record))
                state.records += 1
                state.bytes += UInt64(record.bodyZlib.readableBytes)
                progress?(state)
            case .damaged(let records, let total):
                damaged = records
                damagedCount = total
            case .end(let summary):
                guard startedHeader else { throw ClientError(.protocolError, "the export did not name its source") }
                try sink.write(writer.trailer(lastSequence: summary.lastSequence))
                try sink.close()
                return Result(summary: summary, damaged: damaged, damagedCount: damagedCount)
            }
        }
        throw ClientError(.protocolError, "the export ended early")
    }
}
