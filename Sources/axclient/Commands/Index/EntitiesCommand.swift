import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient entities`: the most mentioned entities.
struct EntitiesCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List entities by the number of documents that mention them.",
        discussion: """
            Counts each document's latest version (or, with --as-of, the version current
            then). Types: country, person, org, place, weapon, event, item.

            Examples:
              axclient entities --top 20
              axclient entities --type weapon --top 50 --json
              axclient entities --type person --as-of 2024-10-01
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only entities of this type.")
    var type: String?

    @Option(help: "How many entities.")
    var top: UInt64 = 20

    @Option(help: ArgumentHelp("Count documents as they stood then (YYYY-MM-DD, RFC 3339, or ms since 1970).", valueName: "TIME"))
    var asOf: String?

    struct EntitiesJSON: Encodable {
        var entities: [EntityJSON]
        var total: UInt64
        var indexedSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case entities, total
            case indexedSequence = "indexed_sequence"
        }
    }

    func validate() throws {
        try TimeArgument.validateAsOf(self.asOf)
    }

    typealias Answer = (entities: [EntitySummaryMessage], total: UInt64, indexedSequence: UInt64)

    func ask(_ connection: AxisConnection) async throws -> Answer {
        try await connection.entities(type: self.type, limit: self.top, asOf: self.asOf.flatMap(TimeArgument.milliseconds))
    }

    func json(_ result: Answer) -> EntitiesJSON {
        EntitiesJSON(entities: result.entities.map(EntityJSON.init), total: result.total, indexedSequence: result.indexedSequence)
    }

    func items(_ result: Answer) -> [any Encodable]? { result.entities.map(EntityJSON.init) }

    func printText(_ result: Answer) {
        var table = TextTable(["#", "ENTITY", "TYPE", "DOCUMENTS", "MENTIONS", "ID"], alignments: [.right, .left, .left, .right, .right, .left])
        for (rank, entity) in result.entities.enumerated() {
            table.add([
                "\(rank + 1)", entity.name + (entity.discovered ? " *" : ""), entity.type, Formatting.thousands(Int(entity.documents)),
                Formatting.thousands(Int(entity.mentions)), entity.id,
            ])
        }
        FileOutput.line(table.render())
        let discovered = result.entities.contains(where: \.discovered) ? "; * found in the text, not in the gazetteer" : ""
        FileOutput.standardError.write("\(result.entities.count) of \(Formatting.thousands(Int(result.total))) entities\(discovered)\n")
    }
}
