import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient query`: documents that match a query, ranked, with snippets and facets.
struct QueryCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Find documents by words, phrases, entities, types, dates, sources and tags (ranked, with snippets).",
        discussion: """
            The language is in docs/query-language.md: bare words and "quoted phrases";
            entity:ID or entity:"Name"; type:weapon; since:DATE and until:DATE
            (published date, else the day stored); source:NAME; tag:T; key:PREFIX*; AND
            (the default), OR, NOT or -, and parentheses.

            Examples:
              axclient query 'entity:"North Korea" artillery since:2024-01-01'
              axclient query '"drone factory" (entity:Iran OR entity:Russia) -source:blog' --limit 20
              axclient query 'type:person entity:weapon:kn-23' --json | jq '.hits[].key'
              axclient query 'shells' --after TOKEN          # the next page
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The query (quote it for the shell).")
    var query: String

    @Option(help: "Hits per page (at most 1000).")
    var limit: UInt64 = QueryRequest.defaultLimit

    @Option(help: ArgumentHelp("The next page: the token the previous page printed.", valueName: "TOKEN"))
    var after: String?

    @Option(help: ArgumentHelp("Query the documents as they stood then.", valueName: "TIME"))
    var asOf: String?

    @Option(help: "Entities per type in the facets (0: none).")
    var facets: UInt64 = QueryRequest.defaultFacets

    @Option(help: "Sentences per snippet (0: none).")
    var sentences: UInt64 = QueryRequest.defaultSnippetSentences

    func validate() throws {
        try QueryArgument.validate(self.query, name: "the query")
        try TimeArgument.validateAsOf(self.asOf)
    }

    func ask(_ connection: AxisConnection) async throws -> QueryPage {
        try await connection.query(
            self.query, limit: self.limit, after: self.after, asOf: self.asOf.flatMap(TimeArgument.milliseconds), facets: self.facets,
            snippetSentences: self.sentences)
    }

    func json(_ page: QueryPage) -> QueryJSON { QueryJSON(query: self.query, page: page) }

    /// One line per hit; the totals, facets and next token are in --json only.
    func items(_ page: QueryPage) -> [any Encodable]? { self.json(page).hits }

    func printText(_ page: QueryPage) {
        QueryOutput.print(page, colored: Terminal.standardOutputIsTerminal)
        if let next = page.next {
            FileOutput.standardError.write("next page: axclient query \(Terminal.shellQuoted(self.query)) --after \(next)\n")
        }
    }

    /// A syntax error, drawn: the query with a caret under the spot.
    func explained(_ failure: CommandFailure) -> CommandFailure {
        failure.pointing(into: self.query, field: "query")
    }
}
