import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient get`: one version of a document.
struct GetCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a document: its body exactly as stored, or its metadata.",
        discussion: """
            Without options, the latest version's body goes to stdout byte for byte.
            --as-of takes 2024-10-01 (end of that day, UTC), 2024-10-01T12:00:00Z, or ms
            since 1970.

            Examples:
              axclient get reuters/2024-10-03-shells
              axclient get reuters/2024-10-03-shells --version 1 > v1.txt
              axclient get reuters/2024-10-03-shells --as-of 2024-10-05 --meta
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    @Option(help: "A specific version.")
    var version: UInt32?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The version latest at this time.", valueName: "TIME"))
    var asOf: String?

    @Flag(help: "Print the metadata instead of the body.")
    var meta = false

    func validate() throws {
        if self.version != nil && self.asOf != nil { throw ValidationError("--version and --as-of exclude each other") }
        try TimeArgument.validateAsOf(self.asOf)
    }

    func ask(_ connection: AxisConnection) async throws -> AxisConnection.Document {
        let asOf = self.asOf.flatMap(TimeArgument.milliseconds)
        return try await connection.get(
            self.key, version: self.version, asOfMilliseconds: asOf, metadataOnly: self.meta)
    }

    /// With --meta, the metadata alone; else the metadata and the body.
    func json(_ document: AxisConnection.Document) -> DocumentJSON { DocumentJSON(document, withBody: !self.meta) }

    func printText(_ document: AxisConnection.Document) {
        if self.meta {
            let json = SnapshotJSON(document.info)
            for (label, value) in [
                ("key", json.key), ("version", "\(json.version)"), ("sequence", "\(json.sequence)"),
                ("ingested", json.ingested), ("title", json.title), ("source", json.source), ("url", json.url),
                ("published", json.published ?? ""), ("tags", json.tags.joined(separator: ", ")),
                ("size", "\(json.size) bytes (\(json.compressedSize) compressed)"), ("sha256", json.sha256 ?? ""),
            ] where !value.isEmpty {
                FileOutput.line("\(label):".padding(toLength: 11, withPad: " ", startingAt: 0) + value)
            }
        } else {
            FileOutput.standardOutput.write(document.body)
        }
    }
}

/// `get --json`: the metadata and the body as a string.
struct DocumentJSON: Encodable {
    var snapshot: SnapshotJSON
    var body: String?

    init(_ document: AxisConnection.Document, withBody: Bool = true) {
        self.snapshot = SnapshotJSON(document.info)
        self.body = withBody ? String(decoding: document.body, as: UTF8.self) : nil
    }

    func encode(to encoder: any Encoder) throws {
        try self.snapshot.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.body, forKey: .body)
    }

    enum CodingKeys: String, CodingKey {
        case body
    }
}
