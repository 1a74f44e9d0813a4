import ArgumentParser
import AxisClient
import AxisCodec

/// `axclient rm`: delete a document (its history stays).
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a document: adds a tombstone; every earlier version stays readable.",
        discussion: """
            Examples:
              axclient rm reuters/2024-10-03-shells
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document key.")
    var key: String

    struct RemoveJSON: Encodable {
        var key: String
        var version: UInt32
        var sequence: UInt64
    }

    func run() async throws {
        let reply = try await self.global.withConnection { try await $0.delete(self.key) }
        if self.global.json {
            try JSONOutput.print(RemoveJSON(key: self.key, version: reply.version, sequence: reply.sequence))
        } else {
            print("deleted \(self.key) (tombstone v\(reply.version), seq \(reply.sequence))")
        }
    }
}
