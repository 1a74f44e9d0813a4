import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal

/// `axclient mentions`: what the extractor found in one document.
struct MentionsCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "Show a document's entity mentions (with offsets and sentences), quantities and supply flows.",
        discussion: """
            Offsets are UTF-8 byte offsets into the body as `axclient get` prints it.

            Examples:
              axclient mentions reuters/2024-10-03-shells
              axclient mentions reuters/2024-10-03-shells --version 1 --json | jq '.quantities'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    @Option(help: "A version (default: the latest).")
    var version: UInt32?

    struct MentionJSON: Encodable {
        var entity: String
        var type: String
        var name: String
        var text: String
        var start: UInt64
        var end: UInt64
        var sentence: UInt64
        var discovered: Bool
    }

    struct SentenceJSON: Encodable {
        var index: UInt64
        var start: UInt64
        var end: UInt64
        var text: String
    }

    struct ReplyJSON: Encodable {
        var snapshot: SnapshotJSON?
        var mentions: [MentionJSON]
        var sentences: [SentenceJSON]
        var quantities: [QuantityJSON]
        var flows: [FlowJSON]
        var sentenceCount: UInt64

        enum CodingKeys: String, CodingKey {
            case snapshot, mentions, sentences, quantities, flows
            case sentenceCount = "sentence_count"
        }
    }

    func ask(_ connection: AxisConnection) async throws -> MentionPage {
        try await connection.mentions(self.key, version: self.version)
    }

    func json(_ page: MentionPage) -> ReplyJSON {
                ReplyJSON(
                    snapshot: page.info.map(SnapshotJSON.init),
                    mentions: page.mentions.map {
                        MentionJSON(
                            entity: $0.entityID, type: $0.type, name: $0.name, text: $0.text, start: $0.start, end: $0.end, sentence: $0.sentence,
                            discovered: $0.discovered)
                    },
                    sentences: page.sentences.map { SentenceJSON(index: $0.index, start: $0.start, end: $0.end, text: $0.text) },
                    quantities: page.quantities.map(QuantityJSON.init), flows: page.flows.map(FlowJSON.init), sentenceCount: page.sentenceCount ?? 0)
    }

    /// One line per mention, then per quantity and per flow, each tagged with its kind.
    func items(_ page: MentionPage) -> [any Encodable]? {
        let reply = self.json(page)
        return reply.mentions.map { Tagged(kind: "mention", value: $0) } + reply.quantities.map { Tagged(kind: "quantity", value: $0) }
            + reply.flows.map { Tagged(kind: "flow", value: $0) }
    }

    func printText(_ page: MentionPage) {
        if let info = page.info { FileOutput.line(Terminal.colored("\(info.key) v\(info.version)", "1") + (info.title.isEmpty ? "" : "  \(info.title)")) }
        var table = TextTable(["SENT", "OFFSETS", "TYPE", "TEXT", "ENTITY"], alignments: [.right, .left, .left, .left, .left])
        for mention in page.mentions {
            let entity = mention.entityID + (mention.name != mention.text ? "  (\(mention.name))" : "")
            table.add(["\(mention.sentence)", "\(mention.start)-\(mention.end)", mention.type, mention.text, entity])
        }
        FileOutput.line(table.render())
        if !page.quantities.isEmpty {
            FileOutput.line()
            FileOutput.line(Terminal.colored("quantities", "1"))
            for quantity in page.quantities {
                FileOutput.line("  [\(quantity.sentence)] \(QuantityJSON.text(quantity))" + (quantity.unitEntityID.map { "  → \($0)" } ?? ""))
            }
        }
        if !page.flows.isEmpty {
            FileOutput.line()
            FileOutput.line(Terminal.colored("flows", "1"))
            for flow in page.flows {
                FileOutput.line("  [\(flow.sentence)] \(flow.supplier) → \(flow.recipient): \(flow.item) (\(flow.modality))")
            }
        }
        FileOutput.standardError.write(
            "\(page.mentions.count) mentions in \(page.sentenceCount ?? 0) sentences, \(page.quantities.count) quantities, \(page.flows.count) flows\n")
    }
}
