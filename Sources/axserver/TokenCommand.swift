import ArgumentParser
import AxisCodec
import AxisServer
import Foundation

/// `axserver token add|list|revoke`: the data folder's tokens. They act on the token file; a
/// running server reads it again when it changes, so no restart is needed.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the tokens clients must present (roles read, write, admin).",
        discussion: """
            Tokens are stored as SHA-256 hashes in DATA/tokens (mode 0600); a new token is
            printed once and cannot be shown again. A running server picks changes up for
            its next connection; connections already open keep their role.

            Examples:
              axserver token add alice --role admin
              axserver token add desk-laptop --role read --data /var/lib/axis
              axserver token list
              axserver token revoke desk-laptop
            """,
        subcommands: [Add.self, List.self, Revoke.self])

    struct DataOption: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The server's data folder.", valueName: "DIR"))
        var data: String = "./axis-data"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (once).")

        @Argument(help: "A name for the token (who or what uses it).")
        var name: String

        @Option(help: "read, write or admin.")
        var role: String

        @OptionGroup var options: DataOption

        func run() throws {
            guard let role = AccessRole(rawValue: self.role) else {
                throw ValidationError("--role must be read, write or admin (got '\(self.role)')")
            }
            try FileManager.default.createDirectory(atPath: self.options.data, withIntermediateDirectories: true)
            let token = try TokenFile(dataDirectory: self.options.data).add(name: self.name, role: role)
            print(token)
            FileHandle.standardError.write(
                Data("token '\(self.name)' (\(role)) created; it is shown only now: give it to its user (axclient --token, AX_TOKEN)\n".utf8))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens: name, role, created (never the tokens).")

        @OptionGroup var options: DataOption

        func run() throws {
            for entry in try TokenFile(dataDirectory: self.options.data).load() {
                print("\(entry.name)\t\(entry.role)\t\(entry.created)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: new connections with it are refused.")

        @Argument(help: "The token's name.")
        var name: String

        @OptionGroup var options: DataOption

        func run() throws {
            guard try TokenFile(dataDirectory: self.options.data).revoke(name: self.name) else {
                throw ValidationError("no token is named '\(self.name)'")
            }
            FileHandle.standardError.write(Data("token '\(self.name)' revoked\n".utf8))
        }
    }
}
