import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient history`: every version of a document.
struct HistoryCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every version of a document, oldest first (deletions included).",
        discussion: """
            Examples:
              axclient history reuters/2024-10-03-shells
              axclient history reuters/2024-10-03-shells --json | jq '.[].sha256'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    func ask(_ connection: AxisConnection) async throws -> [SnapshotInfoMessage] {
        try await connection.history(self.key)
    }

    func json(_ versions: [SnapshotInfoMessage]) -> [SnapshotJSON] { versions.map(SnapshotJSON.init) }

    func items(_ versions: [SnapshotInfoMessage]) -> [any Encodable]? { versions.map(SnapshotJSON.init) }

    func printText(_ versions: [SnapshotInfoMessage]) {
        var table = TextTable(["VERSION", "SEQUENCE", "INGESTED", "SIZE", "SHA-256", "TITLE"], alignments: [.right, .right, .left, .right, .left, .left])
        for info in versions {
            let json = SnapshotJSON(info)
            table.add([
                "\(info.version)", "\(info.sequence)", json.ingested,
                info.deleted ? "-" : Formatting.bytes(info.bodySize),
                info.deleted ? "(deleted)" : String((json.sha256 ?? "").prefix(12)), info.title,
            ])
        }
        FileOutput.line(table.render())
    }
}
