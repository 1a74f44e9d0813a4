import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient token add|list|revoke`: the server's tokens, for an admin (TOKENS, §6.5).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the server's tokens with an admin token: add (prints the new token once), list, revoke.",
        discussion: """
            The same tokens `axserver token` manages on the server's machine; the server
            uses a change from its next connection on.

            Examples:
              axclient --token "$ADMIN" token add bob --role read
              axclient --token "$ADMIN" token list --json
              axclient --token "$ADMIN" token revoke bob
            """,
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand, TakesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (once).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name for the token.") var name: String
        @Option(help: "read, write or admin.") var role: String

        func run() async throws {
            let reply = try await self.global.withConnection { connection in
                try await connection.call(TokensRequest(action: .add, name: self.name, role: self.role))
            }
            if self.global.json {
                try JSONOutput.print(["name": self.name, "role": self.role, "token": reply.token ?? ""])
            } else {
                print(reply.token ?? "")
            }
        }
    }

    struct List: AsyncParsableCommand, TakesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never the tokens themselves).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let reply = try await self.global.withConnection { connection in
                try await connection.call(TokensRequest(action: .list))
            }
            if self.global.json {
                try JSONOutput.print(["tokens": reply.tokens.map { ["name": $0.name, "role": $0.role, "created": $0.created] }])
            } else {
                for token in reply.tokens { print("\(token.name)\t\(token.role)\t\(token.created)") }
            }
        }
    }

    struct Revoke: AsyncParsableCommand, TakesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Revoke a token.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's name.") var name: String

        func run() async throws {
            _ = try await self.global.withConnection { connection in
                try await connection.call(TokensRequest(action: .revoke, name: self.name))
            }
            FileOutput.standardError.write("token '\(self.name)' revoked\n")
        }
    }
}
