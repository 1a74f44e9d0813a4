import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient export`: every snapshot (all versions, tombstones too) into a pack.
struct ExportCommand: AsyncParsableCommand, TakesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every snapshot and tombstone, in sequence order, to a pack (Protocol/pack.md).",
        discussion: """
            Bodies are written as the server stores them (zlib) with their SHA-256; the
            pack ends with counts, the last sequence number and a checksum. --since
            exports only what came after a sequence number (incremental backups).

            Examples:
              axclient export --out team-2024-10-03.axpack
              axclient export --since 120000 --out delta.axpack
              axclient export --out - | ssh laptop axclient import -
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Export only records with a sequence number above this.")
    var since: UInt64 = 0

    @Option(help: ArgumentHelp("The pack file, or - for standard output.", valueName: "FILE|-"))
    var out: String

    @Flag(help: "Pass over records that fail their checks on the server, list them, and exit 11 (instead of stopping at the first).")
    var skipDamaged = false

    struct ExportJSON: Encodable {
        var file: String
        var records: UInt64
        var snapshots: UInt64
        var tombstones: UInt64
        var lastSequence: UInt64
        var bodyBytes: UInt64
        var seconds: Double
        var damaged: [DamagedRecordsReport.Entry]?
        var damagedCount: UInt64?

        enum CodingKeys: String, CodingKey {
            case file, records, snapshots, tombstones, seconds, damaged
            case lastSequence = "last_sequence"
            case bodyBytes = "body_bytes"
            case damagedCount = "damaged_count"
        }
    }

    func validate() throws {
        if self.out == "-" && Terminal.standardOutputIsTerminal {
            throw ValidationError("refusing to write a binary pack to a terminal; use --out FILE or a pipe")
        }
        if self.out != "-", let problem = FilePackSink.problem(withDestination: self.out) {
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        let bar = ProgressBar(label: "export", unit: "records")
        let result: PackExport.Result
        let sink: FilePackSink
        do {
            sink = try FilePackSink(path: self.out == "-" ? nil : self.out)
        } catch {
            throw self.failure(error)
        }
        do {
            result = try await self.global.withConnection { connection in
                try await PackExport.run(from: connection, since: self.since, to: sink, skipDamaged: self.skipDamaged) { progress in
                    bar.update(count: progress.records, bytes: progress.bytes, totalCount: progress.totalRecords)
                }
            }
        } catch {
            bar.finish()
            sink.discard()
            throw self.failure(error)
        }
        bar.finish()
        let seconds = bar.elapsedSeconds
        let summary = result.summary
        let damaged = DamagedRecordsReport(result.damaged, total: result.damagedCount)
        if self.global.json && self.out != "-" {
            try JSONOutput.print(
                ExportJSON(
                    file: self.out, records: summary.count, snapshots: summary.snapshots, tombstones: summary.tombstones,
                    lastSequence: summary.lastSequence, bodyBytes: summary.bodyBytes, seconds: seconds,
                    damaged: self.skipDamaged ? damaged.entries : nil, damagedCount: self.skipDamaged ? damaged.total : nil))
        } else {
            FileOutput.standardError.write(
                "exported \(Formatting.thousands(Int(summary.count))) records (snapshots \(summary.snapshots), tombstones \(summary.tombstones)) "
                    + "through sequence \(summary.lastSequence): \(Formatting.bytes(summary.bodyBytes)) in \(Formatting.fixed(seconds)) s\n")
            damaged.printLines()
        }
        try damaged.exitIfAny()
    }

    /// A pack that cannot be written is exit 9 with its reason; a reader of `--out -` that
    /// has gone ends the command quietly, as for every command's output.
    private func failure(_ error: any Error) -> any Error {
        guard let fileError = error as? PackFileError else { return error }
        if fileError.isBrokenPipe && self.out == "-" { FileOutput.endForBrokenPipe() }
        return CommandFailure(outputFailed: fileError, json: self.global.machineReadable)
    }
}
