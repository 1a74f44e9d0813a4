import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient ls`: documents by key.
struct ListCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List documents in key order with their latest version.",
        discussion: """
            Examples:
              axclient ls
              axclient ls --prefix reuters/ --limit 20
              axclient ls --all --json | jq -r '.[] | select(.deleted) | .key'
            """,
        aliases: ["list"])

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

    /// NDJSON streams: each page is printed as it arrives.
    func run() async throws {
        guard self.global.format == .ndjson else { return try await self.runRemote() }
        _ = try await self.global.withConnection { connection in
            try await self.pages(connection) { page in
                for document in page { try JSONOutput.print(SummaryJSON(document)) }
            }
        }
    }

    func ask(_ connection: AxisConnection) async throws -> [DocumentSummaryMessage] {
        try await self.pages(connection) { _ in }
    }

    /// Every page up to the limit; `each` sees every page as it arrives.
    private func pages(_ connection: AxisConnection, each: ([DocumentSummaryMessage]) throws -> Void) async throws -> [DocumentSummaryMessage] {
        let wanted = self.limit ?? Int.max
        var documents: [DocumentSummaryMessage] = []
        var after: String?
        repeat {
            let pageSize = UInt32(min(1000, wanted - documents.count))
            let page = try await connection.list(prefix: self.prefix, after: after, limit: pageSize, includeDeleted: self.all)
            try each(page.documents)
            documents += page.documents
            after = page.nextAfter
        } while after != nil && documents.count < wanted
        return documents
    }

    func json(_ documents: [DocumentSummaryMessage]) -> [SummaryJSON] { documents.map(SummaryJSON.init) }

    func items(_ documents: [DocumentSummaryMessage]) -> [any Encodable]? { documents.map(SummaryJSON.init) }

    func printText(_ documents: [DocumentSummaryMessage]) {
        var table = TextTable(["KEY", "VERSION", "PUBLISHED", "SIZE", "TITLE"], alignments: [.left, .right, .left, .right, .left])
        for document in documents {
            let info = document.latest
            table.add([
                info.key, "\(info.version)\(info.deleted ? " (deleted)" : "")", info.published,
                info.deleted ? "-" : Formatting.bytes(info.bodySize), info.title,
            ])
        }
        FileOutput.line(table.render())
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
