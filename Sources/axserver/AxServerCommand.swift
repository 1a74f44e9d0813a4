public import ArgumentParser
import AxisCodec
import AxisServer
import AxisStore
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

    @Option(name: .long, help: "zlib level (0-9) for bodies the server compresses itself.")
    var compressionLevel: Int = 6

    func validate() throws {
        guard ServerAddress(parsing: self.listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7411 (got '\(self.listen)')")
        }
        guard (0...9).contains(self.compressionLevel) else {
            throw ValidationError("--compression-level must be between 0 and 9")
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

        logger.info("data folder: \(self.data)")
        let store: SnapshotStore
        do {
            store = try SnapshotStore.open(
                configuration: StoreConfiguration(directory: self.data, compressionLevel: self.compressionLevel),
                logger: logger)
        } catch {
            logger.critical("cannot open the data folder \(self.data): \(error)")
            throw ExitCode.failure
        }
        if !store.recovery.isClean {
            logger.warning("recovery repaired or skipped damaged data; see the lines above")
        }

        let configuration = ServerConfiguration(
            host: address.host, port: address.port, dataDirectory: self.data, serverID: store.serverID)
        let server = AxisServer(configuration: configuration, handler: AxisRequestRouter(store: store), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        // Every connection has drained: finish the writes still queued, then stop.
        store.close()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
