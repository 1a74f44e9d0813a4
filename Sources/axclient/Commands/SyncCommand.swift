import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient sync`: copy what one server lacks from another.
struct SyncCommand: AsyncParsableCommand, TakesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy to --to every snapshot of --from it does not have yet (incremental, resumable).",
        discussion: """
            The target remembers, per source server, the last sequence it imported
            (durably, with the data). A sync exports from there and streams straight
            into the target, with no temporary file; an interrupted sync resumes where
            it stopped.

            Examples:
              axclient sync --from team.example.org:7411 --to 127.0.0.1:7411
            """)

    @Option(help: ArgumentHelp("The source server.", valueName: "HOST:PORT"))
    var from: String

    @Option(help: ArgumentHelp("The target server.", valueName: "HOST:PORT"))
    var to: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Option(help: ArgumentHelp("The source's token (default: $AX_TOKEN).", valueName: "TOKEN"))
    var fromToken: String?

    @Option(help: ArgumentHelp("The target's token, which needs the write role (default: $AX_TOKEN).", valueName: "TOKEN"))
    var toToken: String?

    @Flag(help: "Pass over the source's records that fail their checks, list them, and exit 11 (they are not copied).")
    var skipDamaged = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each answer (default 30).", valueName: "SECONDS"))
    var timeout: Double?

    /// The target's options: where it writes, how it reports.
    var global: GlobalOptions { GlobalOptions(server: self.to, json: self.json, timeout: self.timeout, token: self.toToken) }

    struct SyncJSON: Encodable {
        var source: String
        var fromSequence: UInt64
        var lastSequence: UInt64
        var records: UInt64
        var imported: UInt64
        var skipped: UInt64
        var seconds: Double
        var damaged: [DamagedRecordsReport.Entry]?
        var damagedCount: UInt64?

        enum CodingKeys: String, CodingKey {
            case source, records, imported, skipped, seconds, damaged
            case damagedCount = "damaged_count"
            case fromSequence = "from_sequence"
            case lastSequence = "last_sequence"
        }
    }

    func validate() throws {
        for (name, value) in [("--from", self.from), ("--to", self.to)] {
            guard let address = ServerAddress(parsing: value), address.port != 0 else {
                throw ValidationError("\(name) must be HOST:PORT (got '\(value)')")
            }
        }
    }

    func run() async throws {
        let source = GlobalOptions(server: self.from, json: self.json, timeout: self.timeout, token: self.fromToken)
        let target = self.global
        let bar = ProgressBar(label: "sync", unit: "records")
        let result = try await source.withConnection { from in
            try await target.withConnection { to in
                try await Sync.run(from: from, to: to, skipDamaged: self.skipDamaged) { progress in
                    bar.update(count: progress.records, bytes: progress.bytes, totalCount: progress.totalRecords)
                }
            }
        }
        bar.finish()
        let seconds = bar.elapsedSeconds
        let damaged = DamagedRecordsReport(result.damaged, total: result.damagedCount)
        if self.json {
            try JSONOutput.print(
                SyncJSON(
                    source: self.from, fromSequence: result.from, lastSequence: result.summary.lastSequence,
                    records: result.summary.count, imported: result.imported, skipped: result.skipped, seconds: seconds,
                    damaged: self.skipDamaged ? damaged.entries : nil, damagedCount: self.skipDamaged ? damaged.total : nil))
        } else {
            FileOutput.standardError.write(
                "synced \(Formatting.thousands(Int(result.summary.count))) records after sequence \(result.from) through \(result.summary.lastSequence): "
                    + "\(result.imported) imported, \(result.skipped) already present, in \(Formatting.fixed(seconds)) s\n")
            damaged.printLines()
        }
        try damaged.exitIfAny()
    }
}
