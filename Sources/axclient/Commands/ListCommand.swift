import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient ls`: documents by key.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List documents in key order with their latest version.",
        discussion: """
            Examples:
              axclient ls
              axclient ls --prefix reuters/ --limit 20
              axclient ls --all --json | jq -r '.[] | select(.deleted) | .key'
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only keys starting with this.")
    var prefix: String = ""

    @Option(help: "At most this many documents (default: all).")
    var limit: Int?

    @Flag(help: "Include deleted documents.")
    var all = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let wanted = self.limit ?? Int.max
        let documents = try await self.global.withConnection { connection in
            var documents: [DocumentSummaryMessage] = []
            var after: String?
            repeat {
                let pageSize = UInt32(min(1000, wanted - documents.count))
                let page = try await connection.list(prefix: self.prefix, after: after, limit: pageSize, includeDeleted: self.all)
                documents += page.documents
                after = page.nextAfter
            } while after != nil && documents.count < wanted
            return documents
        }
        if self.global.json {
            try JSONOutput.print(documents.map { SummaryJSON($0) })
            return
        }
        var table = TextTable(["KEY", "VERSION", "PUBLISHED", "SIZE", "TITLE"], alignments: [.left, .right, .left, .right, .left])
        for document in documents {
            let info = document.latest
            table.add([
                info.key, "\(info.version)\(info.deleted ? " (deleted)" : "")", info.published,
                info.deleted ? "-" : Formatting.bytes(info.bodySize), info.title,
            ])
        }
        print(table.render())
    }
}

/// `ls --json`: a document's latest snapshot and its number of versions.
struct SummaryJSON: Encodable {
    var latest: SnapshotJSON
    var versions: UInt32

    init(_ summary: DocumentSummaryMessage) {
        self.latest = SnapshotJSON(summary.latest)
        self.versions = summary.versions
    }

    func encode(to encoder: any Encoder) throws {
        try self.latest.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.versions, forKey: .versions)
    }

    enum CodingKeys: String, CodingKey {
        case versions
    }
}
