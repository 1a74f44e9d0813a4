import ArgumentParser
import AxisClient
import AxisCodec

/// `axclient diff`: what changed between two versions.
struct DiffCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions of a document: the text (unified diff), then entities, quantities and flows.",
        discussion: """
            Examples:
              axclient diff reuters/2024-10-03-shells 1 2
              axclient diff reuters/2024-10-03-shells 1 3 --context 0 --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    @Argument(help: "The older version.")
    var from: UInt32

    @Argument(help: "The newer version.")
    var to: UInt32

    @Option(help: "Unchanged lines shown around each change.")
    var context: UInt32 = 3

    func ask(_ connection: AxisConnection) async throws -> DiffPart {
        try await connection.diff(self.key, from: self.from, to: self.to, contextLines: self.context)
    }

    func json(_ diff: DiffPart) -> DiffJSON { DiffJSON(diff) }

    func printText(_ diff: DiffPart) {
        if let from = diff.from, let to = diff.to {
            FileOutput.line(Terminal.colored("--- \(from.key) v\(from.version) (\(TimeArgument.format(milliseconds: from.ingestTimeMilliseconds)))", "1"))
            FileOutput.line(Terminal.colored("+++ \(to.key) v\(to.version) (\(TimeArgument.format(milliseconds: to.ingestTimeMilliseconds)))", "1"))
        }
        for hunk in diff.hunks {
            FileOutput.line(Terminal.colored("@@ -\(hunk.fromStart),\(hunk.fromCount) +\(hunk.toStart),\(hunk.toCount) @@", "36"))
            for line in hunk.lines {
                switch line.kind {
                case .context: FileOutput.line(" " + line.text)
                case .added: FileOutput.line(Terminal.colored("+" + line.text, "32"))
                case .removed: FileOutput.line(Terminal.colored("-" + line.text, "31"))
                }
            }
        }
        Self.printEntityChanges(diff)
    }

    /// Entities, quantities and flows that differ between the versions, after the text.
    static func printEntityChanges(_ diff: DiffPart) {
        guard !diff.entityChanges.isEmpty || !diff.quantitiesAdded.isEmpty || !diff.quantitiesRemoved.isEmpty
            || !diff.flowsAdded.isEmpty || !diff.flowsRemoved.isEmpty || !diff.flowsChanged.isEmpty
        else { return }
        FileOutput.line()
        FileOutput.line(Terminal.colored("entities", "1"))
        for change in diff.entityChanges {
            let label = "\(change.entity.name) (\(change.entity.id))"
            if change.fromCount == 0 {
                FileOutput.line(Terminal.colored("+ \(label): \(change.toCount) mentions", "32"))
            } else if change.toCount == 0 {
                FileOutput.line(Terminal.colored("- \(label): \(change.fromCount) mentions", "31"))
            } else {
                FileOutput.line("~ \(label): \(change.fromCount) → \(change.toCount) mentions")
            }
        }
        for quantity in diff.quantitiesAdded { FileOutput.line(Terminal.colored("+ quantity: \(QuantityJSON.text(quantity))", "32")) }
        for quantity in diff.quantitiesRemoved { FileOutput.line(Terminal.colored("- quantity: \(QuantityJSON.text(quantity))", "31")) }
        for flow in diff.flowsAdded { FileOutput.line(Terminal.colored("+ flow: \(flow.supplier) → \(flow.recipient): \(flow.item) (\(flow.modality))", "32")) }
        for flow in diff.flowsRemoved { FileOutput.line(Terminal.colored("- flow: \(flow.supplier) → \(flow.recipient): \(flow.item) (\(flow.modality))", "31")) }
        for change in diff.flowsChanged {
            let before = change.from.quantity.map(FlowTables.amount) ?? "no quantity"
            let after = change.to.quantity.map(FlowTables.amount) ?? "no quantity"
            FileOutput.line(
                Terminal.colored("~ flow: \(change.to.supplier) → \(change.to.recipient): \(change.to.item) (\(change.to.modality)) \(before) → \(after)", "33"))
        }
    }
}

/// `diff --json`.
struct DiffJSON: Encodable {
    struct Hunk: Encodable {
        var fromStart: UInt32
        var fromCount: UInt32
        var toStart: UInt32
        var toCount: UInt32
        var lines: [Line]

        enum CodingKeys: String, CodingKey {
            case lines
            case fromStart = "from_start"
            case fromCount = "from_count"
            case toStart = "to_start"
            case toCount = "to_count"
        }
    }

    struct Line: Encodable {
        var kind: String
        var text: String
    }

    struct EntityChange: Encodable {
        var id: String
        var name: String
        var type: String
        var from: UInt64
        var to: UInt64
    }

    var from: SnapshotJSON?
    var to: SnapshotJSON?
    var linesAdded: UInt64
    var linesRemoved: UInt64
    var hunks: [Hunk]
    var entities: [EntityChange]
    var quantitiesAdded: [QuantityJSON]
    var quantitiesRemoved: [QuantityJSON]
    var flowsAdded: [FlowJSON]
    var flowsRemoved: [FlowJSON]
    var flowsChanged: [FlowChangeJSON]

    struct FlowChangeJSON: Encodable {
        var from: FlowJSON
        var to: FlowJSON
    }

    init(_ diff: DiffPart) {
        self.from = diff.from.map(SnapshotJSON.init)
        self.to = diff.to.map(SnapshotJSON.init)
        self.linesAdded = diff.linesAdded ?? 0
        self.linesRemoved = diff.linesRemoved ?? 0
        self.hunks = diff.hunks.map { hunk in
            Hunk(
                fromStart: hunk.fromStart, fromCount: hunk.fromCount, toStart: hunk.toStart, toCount: hunk.toCount,
                lines: hunk.lines.map { line in
                    Line(kind: line.kind == .added ? "added" : line.kind == .removed ? "removed" : "context", text: line.text)
                })
        }
        self.entities = diff.entityChanges.map {
            EntityChange(id: $0.entity.id, name: $0.entity.name, type: $0.entity.type, from: $0.fromCount, to: $0.toCount)
        }
        self.quantitiesAdded = diff.quantitiesAdded.map(QuantityJSON.init)
        self.quantitiesRemoved = diff.quantitiesRemoved.map(QuantityJSON.init)
        self.flowsAdded = diff.flowsAdded.map(FlowJSON.init)
        self.flowsRemoved = diff.flowsRemoved.map(FlowJSON.init)
        self.flowsChanged = diff.flowsChanged.map { FlowChangeJSON(from: FlowJSON($0.from), to: FlowJSON($0.to)) }
    }

    enum CodingKeys: String, CodingKey {
        case from, to, hunks, entities
        case linesAdded = "lines_added"
        case linesRemoved = "lines_removed"
        case quantitiesAdded = "quantities_added"
        case quantitiesRemoved = "quantities_removed"
        case flowsAdded = "flows_added"
        case flowsRemoved = "flows_removed"
        case flowsChanged = "flows_changed"
    }
}
