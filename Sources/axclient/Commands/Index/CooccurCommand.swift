import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient cooccur`: how many documents mention each pair of entities.
struct CooccurCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooccur",
        abstract: "Count the documents that mention each pair of the entities given, with example keys.",
        discussion: """
            Each document counts once, in its current version (or as it stood at
            --as-of). --where takes a query (docs/query-language.md) the documents must
            also match.

            Examples:
              axclient cooccur "North Korea" Russia Iran
              axclient cooccur weapon:kn-23 Ukraine --where 'since:2024-01-01'
              axclient cooccur Iran Russia "Shahed-136" --json | jq '.pairs[] | select(.documents > 0)'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Two to 32 entity ids or names.")
    var entities: [String]

    @Option(name: .customLong("where"), help: ArgumentHelp("Only documents matching this query.", valueName: "QUERY"))
    var restriction: String?

    @Option(help: "Example document keys per pair (at most 20).")
    var examples: UInt64 = 3

    @Option(help: ArgumentHelp("As the documents stood then.", valueName: "TIME"))
    var asOf: String?

    struct PairJSON: Encodable {
        var first: String
        var second: String
        var documents: UInt64
        var examples: [String]
    }

    struct CooccurJSON: Encodable {
        var entities: [EntityJSON]
        var pairs: [PairJSON]
        var documents: UInt64
        var indexedSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case entities, pairs, documents
            case indexedSequence = "indexed_sequence"
        }
    }

    func validate() throws {
        guard (2...CooccurRequest.maxEntities).contains(self.entities.count) else {
            throw ValidationError("give 2 to \(CooccurRequest.maxEntities) entities (got \(self.entities.count))")
        }
        guard self.examples <= CooccurRequest.maxExamples else { throw ValidationError("--examples is at most \(CooccurRequest.maxExamples)") }
        try QueryArgument.validate(self.restriction, name: "--where")
        try TimeArgument.validateAsOf(self.asOf)
    }

    func ask(_ connection: AxisConnection) async throws -> CooccurPage {
        try await connection.cooccurrence(
            self.entities, where: self.restriction, examples: self.examples, asOf: self.asOf.flatMap(TimeArgument.milliseconds))
    }

    func json(_ page: CooccurPage) -> CooccurJSON {
        CooccurJSON(
            entities: page.entities.map(EntityJSON.init),
            pairs: page.pairs.map { PairJSON(first: $0.first, second: $0.second, documents: $0.documents, examples: $0.examples) },
            documents: page.documents ?? 0, indexedSequence: page.indexedSequence ?? 0)
    }

    func items(_ page: CooccurPage) -> [any Encodable]? { self.json(page).pairs }

    func explained(_ failure: CommandFailure) -> CommandFailure {
        failure.pointing(into: self.restriction ?? "", field: "where")
    }

    func printText(_ page: CooccurPage) {
        let names = Dictionary(page.entities.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var entities = TextTable(["ENTITY", "ID", "DOCUMENTS"], alignments: [.left, .left, .right])
        for entity in page.entities { entities.add([entity.name, entity.id, Formatting.thousands(Int(entity.documents))]) }
        FileOutput.line(entities.render())
        FileOutput.line()
        var pairs = TextTable(["PAIR", "DOCUMENTS", "EXAMPLES"], alignments: [.left, .right, .left])
        for pair in page.pairs {
            pairs.add([
                "\(names[pair.first] ?? pair.first) + \(names[pair.second] ?? pair.second)", Formatting.thousands(Int(pair.documents)),
                pair.examples.joined(separator: ", "),
            ])
        }
        FileOutput.line(pairs.render())
        FileOutput.standardError.write("of \(Formatting.thousands(Int(page.documents ?? 0))) documents\(self.restriction == nil ? "" : " matching --where")\n")
    }
}
