import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient timeline`: one entity's documents and mentions per day, week or month.
struct TimelineCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Count an entity's documents and mentions per period (by published date), drawn as bars.",
        discussion: """
            Documents count by their published date, else the day they were stored; each
            document counts once, in its current version (or as it stood at --as-of).
            Every period from the first to the last is listed, empty ones included.
            Weeks start on Monday. --since and --until take YYYY, YYYY-MM or YYYY-MM-DD;
            --where takes a query (docs/query-language.md) the documents must also
            match.

            Examples:
              axclient timeline "North Korea" --by month --since 2024
              axclient timeline weapon:kn-23 --by week --where 'entity:Ukraine'
              axclient timeline Shahed-136 --json | jq '.periods[] | [.start, .documents]'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An entity id or name.")
    var entity: String

    @Option(name: .customLong("by"), help: "Period: day, week or month.")
    var interval: String = "month"

    @Option(help: ArgumentHelp("Documents dated on or after this.", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("Documents dated on or before this.", valueName: "DATE"))
    var until: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Only documents matching this query.", valueName: "QUERY"))
    var restriction: String?

    @Option(help: ArgumentHelp("As the documents stood then.", valueName: "TIME"))
    var asOf: String?

    struct PeriodJSON: Encodable {
        var start: String
        var documents: UInt64
        var mentions: UInt64
    }

    struct TimelineJSON: Encodable {
        var entity: EntityJSON?
        var interval: String
        var periods: [PeriodJSON]
        var documents: UInt64
        var mentions: UInt64
        var indexedSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case entity, interval, periods, documents, mentions
            case indexedSequence = "indexed_sequence"
        }
    }

    func validate() throws {
        guard TimelineRequest.intervals.contains(self.interval) else {
            let names = TimelineRequest.intervals.dropLast().joined(separator: ", ") + " or " + (TimelineRequest.intervals.last ?? "")
            throw ValidationError("--by must be \(names) (got '\(self.interval)')")
        }
        try QueryArgument.validate(self.restriction, name: "--where")
        try TimeArgument.validateAsOf(self.asOf)
    }

    func ask(_ connection: AxisConnection) async throws -> TimelinePage {
        try await connection.timeline(
            self.entity, interval: self.interval, since: self.since, until: self.until, where: self.restriction,
            asOf: self.asOf.flatMap(TimeArgument.milliseconds))
    }

    func json(_ page: TimelinePage) -> TimelineJSON {
        TimelineJSON(
            entity: page.entity.map(EntityJSON.init), interval: page.interval ?? self.interval,
            periods: page.periods.map { PeriodJSON(start: $0.start, documents: $0.documents, mentions: $0.mentions) },
            documents: page.entity?.documents ?? 0, mentions: page.entity?.mentions ?? 0, indexedSequence: page.indexedSequence ?? 0)
    }

    func items(_ page: TimelinePage) -> [any Encodable]? { self.json(page).periods }

    func explained(_ failure: CommandFailure) -> CommandFailure {
        failure.pointing(into: self.restriction ?? "", field: "where")
    }

    func printText(_ page: TimelinePage) {
        if let entity = page.entity {
            FileOutput.line(Terminal.colored(entity.name, "1") + "  \(entity.id): \(Formatting.thousands(Int(entity.documents))) documents, "
                + "\(Formatting.thousands(Int(entity.mentions))) mentions, by \(page.interval ?? self.interval)")
        }
        let label = self.interval == "month" ? 7 : 10
        let widest = page.periods.map(\.documents).max() ?? 0
        let countWidth = String(widest).count
        for period in page.periods {
            let count = String(period.documents)
            let bar = Self.bar(period.documents, of: widest, width: 50)
            FileOutput.line("\(period.start.prefix(label))  \(String(repeating: " ", count: countWidth - count.count))\(count)  \(Terminal.colored(bar, "36"))")
        }
    }

    /// A bar of eighth-blocks, `width` characters for `maximum`.
    static func bar(_ value: UInt64, of maximum: UInt64, width: Int) -> String {
        guard maximum > 0, value > 0 else { return "" }
        let eighths = max(1, Int((Double(value) / Double(maximum) * Double(width * 8)).rounded()))
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    }
}
