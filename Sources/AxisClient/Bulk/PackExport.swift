public import AxisCodec
import NIOCore
import Foundation

/// `export`: streams a server's records into a pack, at the pace the sink takes them.
public enum PackExport {
    /// - Returns: the summary, checked against the server's.
    public static func run(
        from connection: AxisConnection, since: UInt64, to sink: FilePackSink, progress: ProgressHandler? = nil
    ) async throws -> TransferSummary {
        var writer = PackWriter()
        var state = TransferProgress()
        var startedHeader = false
        for try await event in connection.export(since: since) {
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
            case .end(let summary):
                guard startedHeader else { throw ClientError(.protocolError, "the export did not name its source") }
                try sink.write(writer.trailer(lastSequence: summary.lastSequence))
                try sink.close()
                return summary
            }
        }
        throw ClientError(.protocolError, "the export ended early")
    }
}
