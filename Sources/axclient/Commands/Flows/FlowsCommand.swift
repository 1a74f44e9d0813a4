import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient flows`: who is said to supply what to whom, as statements or grouped.
struct FlowsCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "List supply flows (who supplies what to whom), one per statement or grouped.",
        discussion: """
            Every flow the current documents state (or as they stood at --as-of), newest
            first, each with its evidence sentence, modality, quantity, attribution and
            document. --group sums them per supplier -> recipient : item, with the number
            of documents and of distinct sources (corroboration), the first and last date,
            the modalities, the quantities and the best evidence.

            A country includes what acts for it: --from "North Korea" also finds Pyongyang,
            the Korean People's Army and Kim Jong Un. An item class includes its members:
            --item missile also finds KN-23 and Fath-360.

            Pages: --limit N (default 20, at most 1000); the last line (or "next" in JSON)
            gives the token for --after.

            Examples:
              axclient flows --from "North Korea" --to Russia --group
              axclient flows --item drone --since 2024-01 --modality asserted --modality reported
              axclient flows --to Russia --csv > flows.csv
              axclient flows --from Iran --ndjson | jq -r '.evidence'
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: FlowFilterOptions

    @Flag(help: "Group by supplier -> recipient : item.")
    var group = false

    @Option(help: "Rows (or groups) per page, at most 1000.")
    var limit: UInt64 = 20

    @Option(help: ArgumentHelp("The token a previous page gave.", valueName: "TOKEN"))
    var after: String?

    @Flag(help: "Comma-separated values, with a header line (for spreadsheets and pandas).")
    var csv = false

    struct PageJSON: Encodable {
        var flows: [FlowJSON]?
        var groups: [FlowGroupJSON]?
        var total: UInt64
        var next: String?
        var indexedSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case flows, groups, total, next
            case indexedSequence = "indexed_sequence"
        }
    }

    func validate() throws {
        guard (1...FlowsRequest.maxLimit).contains(self.limit) else { throw ValidationError("--limit must be 1 to \(FlowsRequest.maxLimit)") }
        guard !(self.csv && self.global.machineReadable) else { throw ValidationError("--csv cannot be combined with --json or --ndjson") }
    }

    func ask(_ connection: AxisConnection) async throws -> FlowPage {
        var request = self.filter.request()
        request.group = self.group
        request.limit = self.limit
        request.after = self.after
        return try await connection.flows(request)
    }

    func json(_ page: FlowPage) -> PageJSON {
        PageJSON(
            flows: self.group ? nil : page.flows.map(FlowJSON.init), groups: self.group ? page.groups.map(FlowGroupJSON.init) : nil,
            total: page.total ?? 0, next: page.next, indexedSequence: page.indexedSequence ?? 0)
    }

    func items(_ page: FlowPage) -> [any Encodable]? {
        self.group ? page.groups.map(FlowGroupJSON.init) : page.flows.map(FlowJSON.init)
    }

    func explained(_ failure: CommandFailure) -> CommandFailure {
        failure.pointing(into: self.filter.restriction ?? "", field: "where")
    }

    func printText(_ page: FlowPage) throws {
        if self.csv {
            FileOutput.standardOutput.write(self.group ? FlowTables.groupsCSV(page.groups) : FlowTables.rowsCSV(page.flows))
            return
        }
        FileOutput.standardOutput.write(self.group ? FlowTables.groupsText(page.groups) : FlowTables.rowsText(page.flows))
        let shown = self.group ? page.groups.count : page.flows.count
        let noun = self.group ? "groups" : "flows"
        var summary = "\(Formatting.thousands(shown)) of \(Formatting.thousands(Int(page.total ?? 0))) \(noun)"
        if let next = page.next { summary += "; next page: --after \(next)" }
        FileOutput.line(Terminal.colored(summary, "2"))
    }

}
