import ArgumentParser
import AxisClient
import AxisCodec

/// `axclient rm`: delete a document (its history stays).
struct RemoveCommand: RemoteCommand {
    static let changesServer = true

    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a document: adds a tombstone; every earlier version stays readable.",
        discussion: """
            Examples:
              axclient rm reuters/2024-10-03-shells
            """,
        aliases: ["remove", "delete"])

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    struct RemoveJSON: Encodable {
        var key: String
        var version: UInt32
        var sequence: UInt64
    }

    func ask(_ connection: AxisConnection) async throws -> DocDeleteReply {
        try await connection.delete(self.key)
    }

    func json(_ reply: DocDeleteReply) -> RemoveJSON { RemoveJSON(key: self.key, version: reply.version, sequence: reply.sequence) }

    func printText(_ reply: DocDeleteReply) {
        FileOutput.line("deleted \(self.key) (tombstone v\(reply.version), seq \(reply.sequence))")
    }
}
