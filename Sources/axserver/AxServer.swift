import ArgumentParser
import AxisCodec

/// `axserver`: runs the server (`serve`, the default) or manages its tokens (`token`).
@main
struct AxServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axserver",
        abstract: "The Axis server: document snapshots and their entity index, over the Axis protocol.",
        version: AxisVersion.current,
        subcommands: [ServeCommand.self, TokenCommand.self],
        defaultSubcommand: ServeCommand.self)
}
