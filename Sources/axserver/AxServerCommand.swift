public import ArgumentParser
import AxisCodec
import AxisServer
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `axserver`: configuration and lifecycle only; the server itself is `AxisServer`.
@main
struct AxServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axserver",
        abstract: "The Axis server: document snapshots and their entity index, over the Axis protocol.",
        discussion: """
            With no flags it listens on 127.0.0.1:7411 and keeps its data in ./axis-data.
            SIGINT or SIGTERM stop it gracefully: no new connections, every open one gets GOAWAY
            and its requests in flight are finished.

            Examples:
              axserver
              axserver --listen 0.0.0.0:7411 --data /var/lib/axis
            """,
        version: AxisVersion.current)

    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "HOST:PORT"))
    var listen: String = "127.0.0.1:\(ServerAddress.defaultPort)"

    @Option(name: .long, help: ArgumentHelp("Folder of the durable data (created if missing).", valueName: "DIR"))
    var data: String = "./axis-data"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard ServerAddress(parsing: self.listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7411 (got '\(self.listen)')")
        }
    }

    func run() async throws {
        let level = self.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "axserver")
        guard let address = ServerAddress(parsing: self.listen) else { throw ExitCode.validationFailure }

        try FileManager.default.createDirectory(atPath: self.data, withIntermediateDirectories: true)
        logger.info("data folder: \(self.data)")

        let configuration = ServerConfiguration(host: address.host, port: address.port, dataDirectory: self.data)
        let server = AxisServer(configuration: configuration, handler: ConnectionOnlyHandler(), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
