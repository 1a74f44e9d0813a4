import ArgumentParser
import AxisClient
import AxisCodec

/// `axclient`: the command-line client. One file per subcommand under Commands/; shared
/// options, output and exit codes under Support/.
@main
struct AxClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axclient",
        abstract: "Talk to an Axis server: documents, entities, queries, bulk transfer.",
        discussion: """
            The server defaults to 127.0.0.1:7411; set it with --server HOST:PORT, the
            AX_SERVER environment variable, or `server = HOST:PORT` in the config file
            (--config, $AX_CONFIG, else ~/.config/axis/axclient.conf). --json prints one
            JSON value on stdout; --ndjson prints list results one object per line. The
            JSON of every command is in docs/cli.md.

            Exit codes:
              0  success
              1  the server answered with an error (other than the ones below)
              2  usage error (bad arguments)
              3  not found
              4  cannot connect (refused, unreachable, timed out, not an Axis server)
              5  not allowed (authentication or permission)
              6  protocol error or version mismatch
              7  timeout waiting for an answer
              8  batch: one or more of its commands failed
              9  the output could not be written (disk full); a closed pipe (| head)
                 ends the command quietly by SIGPIPE, as for any Unix tool
              10 sync: the source is behind what the target already imported from it
              11 export/sync --skip-damaged: damaged records were passed over (listed)

            Examples:
              axclient ping
              axclient --server 10.0.0.5:7411 ping --count 5 --json
              axclient query 'entity:"North Korea" artillery since:2024-01-01'
              axclient timeline "North Korea" --by month --since 2024
              axclient batch weekly.ax > weekly.ndjson
            """,
        version: AxisVersion.current,
        subcommands: [
            PingCommand.self, PutCommand.self, GetCommand.self, HistoryCommand.self, DiffCommand.self,
            RemoveCommand.self, ListCommand.self, PushCommand.self, ExportCommand.self, ImportCommand.self,
            SyncCommand.self, EntitiesCommand.self, EntityCommand.self, MentionsCommand.self, QueryCommand.self,
            TimelineCommand.self, CooccurCommand.self, FlowsCommand.self, GraphCommand.self, BatchCommand.self, TokenCommand.self,
        ])

    /// Runs the command and maps every failure to the documented exit code.
    static func main() async {
        do {
            try Self.refuseInvalidUTF8Arguments()
            let arguments = GlobalArguments.hoist(Array(CommandLine.arguments.dropFirst()))
            var command = try Self.parseAsRoot(arguments)
            // A batch always reports in JSON.
            FileOutput.errorsAsJSON = command is BatchCommand || ((command as? any TakesGlobalOptions)?.global.machineReadable ?? false)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            failure.report()
            Self.exit(withError: ExitCode(failure.exitCode))
        } catch {
            // Argument errors: ArgumentParser prints them; usage errors exit with 2.
            let code = Self.exitCode(for: error)
            if code == .validationFailure {
                FileOutput.standardError.write(Self.fullMessage(for: error) + "\n")
                Self.exit(withError: ExitCode(ExitStatus.usage))
            }
            Self.exit(withError: error)
        }
    }

    /// Swift repairs invalid UTF-8 in `CommandLine.arguments` with U+FFFD, so a key given as
    /// such bytes would be stored under another name without a word: refuse it (exit 2).
    private static func refuseInvalidUTF8Arguments() throws {
        for position in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[position], String(validatingCString: raw) == nil else { continue }
            throw CommandFailure(
                "argument \(position) is not valid UTF-8 (keys, names and options must be UTF-8 text)",
                exitCode: ExitStatus.usage, json: false)
        }
    }
}
