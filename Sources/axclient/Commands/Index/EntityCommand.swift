import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient entity`: one entity in depth.
struct EntityCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity",
        abstract: "Show one entity: its names, how many documents mention it, what it appears with, and its latest documents.",
        discussion: """
            NAME can be an id (country:north-korea), a name, an alias, an abbreviation
            or a demonym ("DPRK", "North Korean", "Kim Jong-un"), or the name of a
            person found in the text. When a name fits several entities, the one in most
            documents is shown and the others are listed.

            Examples:
              axclient entity "North Korea"
              axclient entity weapon:artillery-shell --related 20 --documents 5
              axclient entity Shoigu --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "An entity id or name.")
    var name: String

    @Option(help: "How many co-occurring entities.")
    var related: UInt64 = 10

    @Option(help: "How many of the latest documents.")
    var documents: UInt64 = 10

    @Option(help: "How many of its flows as supplier and as recipient (grouped by counterpart and item).")
    var flows: UInt64 = 10

    @Option(help: ArgumentHelp("As the documents stood then.", valueName: "TIME"))
    var asOf: String?

    struct DocumentJSON: Encodable {
        var key: String
        var version: UInt32
        var sequence: UInt64
        var mentions: UInt64
        var day: String
        var title: String
        var source: String
    }

    struct ReplyJSON: Encodable {
        var entity: EntityJSON
        var aliases: [String]
        var demonyms: [String]
        var description: String
        var country: String?
        var kind: String?
        var related: [EntityJSON]
        var documents: [DocumentJSON]
        var alternatives: [EntityJSON]
        var supplies: [FlowGroupJSON]
        var receives: [FlowGroupJSON]
        var indexedSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case entity, aliases, demonyms, description, country, kind, related, documents, alternatives, supplies, receives
            case indexedSequence = "indexed_sequence"
        }
    }

    func validate() throws {
        try TimeArgument.validateAsOf(self.asOf)
    }

    func ask(_ connection: AxisConnection) async throws -> EntityReply {
        try await connection.entity(
            self.name, related: self.related, documents: self.documents, flows: self.flows, asOf: self.asOf.flatMap(TimeArgument.milliseconds))
    }

    func json(_ reply: EntityReply) -> ReplyJSON {
                ReplyJSON(
                    entity: EntityJSON(reply.entity), aliases: reply.aliases, demonyms: reply.demonyms, description: reply.description,
                    country: reply.country.isEmpty ? nil : reply.country, kind: reply.kind.isEmpty ? nil : reply.kind,
                    related: reply.related.map(EntityJSON.init),
                    documents: reply.documents.map {
                        DocumentJSON(key: $0.key, version: $0.version, sequence: $0.sequence, mentions: $0.mentions, day: $0.day, title: $0.title, source: $0.source)
                    },
                    alternatives: reply.alternatives.map(EntityJSON.init), supplies: reply.supplies.map(FlowGroupJSON.init),
                    receives: reply.receives.map(FlowGroupJSON.init), indexedSequence: reply.indexedSequence)
    }

    func printText(_ reply: EntityReply) {
        let entity = reply.entity
        FileOutput.line(Terminal.colored("\(entity.name)", "1") + "  \(entity.id)  (\(entity.type)\(reply.kind.isEmpty ? "" : ", \(reply.kind)"))")
        if entity.discovered { FileOutput.line("found in the text (introduced by a title or quoted); not in the gazetteer") }
        if !reply.description.isEmpty { FileOutput.line(reply.description) }
        if !reply.aliases.isEmpty { FileOutput.line("also: " + reply.aliases.joined(separator: ", ")) }
        if !reply.demonyms.isEmpty { FileOutput.line("demonyms: " + reply.demonyms.joined(separator: ", ")) }
        if !reply.country.isEmpty { FileOutput.line("country: " + reply.country) }
        FileOutput.line("\(Formatting.thousands(Int(entity.documents))) documents, \(Formatting.thousands(Int(entity.mentions))) mentions")
        if !reply.related.isEmpty {
            FileOutput.line()
            var table = TextTable(["MENTIONED WITH", "TYPE", "SHARED DOCUMENTS"], alignments: [.left, .left, .right])
            for other in reply.related { table.add([other.name, other.type, Formatting.thousands(Int(other.documents))]) }
            FileOutput.line(table.render())
        }
        for (title, groups, outgoing) in [("SUPPLIES", reply.supplies, true), ("RECEIVES", reply.receives, false)] where !groups.isEmpty {
            FileOutput.line()
            var table = TextTable([title, "ITEM", "DOCS", "SOURCES", "LAST"], alignments: [.left, .left, .right, .right, .left])
            for group in groups {
                let counterpart = outgoing ? "→ " + group.name(1, or: group.recipient) : "← " + group.name(0, or: group.supplier)
                table.add([counterpart, group.name(2, or: group.item), "\(group.documents)", "\(group.sources)", group.lastDay])
            }
            FileOutput.line(table.render())
        }
        if !reply.documents.isEmpty {
            FileOutput.line()
            var table = TextTable(["DATE", "MENTIONS", "KEY", "VERSION", "TITLE"], alignments: [.left, .right, .left, .right, .left])
            for document in reply.documents {
                table.add([document.day, "\(document.mentions)", document.key, "\(document.version)", document.title])
            }
            FileOutput.line(table.render())
        }
        if !reply.alternatives.isEmpty {
            FileOutput.line()
            FileOutput.line("'\(self.name)' may also mean: " + reply.alternatives.map { "\($0.name) (\($0.id), \($0.documents) documents)" }.joined(separator: "; "))
        }
    }
}
