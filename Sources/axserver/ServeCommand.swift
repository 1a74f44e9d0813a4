public import ArgumentParser
import AxisCodec
import AxisIndex
import AxisServer
import AxisStore
import CAllocator
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `axserver [serve]`: configuration and lifecycle only; the server itself is `AxisServer`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The Axis server: document snapshots and their entity index, over the Axis protocol.",
        discussion: """
            With no flags it listens on 127.0.0.1:7411 and keeps its data in
            ./axis-data. SIGINT or SIGTERM stop it gracefully: no new connections, every
            open one gets GOAWAY and its requests in flight are finished.

            The entity index uses the bundled gazetteer plus any --gazetteer files (same
            JSON format, docs/entities.md); an entity in a file replaces the bundled one
            with the same id. Changing the gazetteer re-indexes every snapshot in the
            background.

            Access: with no token file in the data folder (axserver token add), anyone who
            can connect may read and write, so the server then listens on loopback only
            and refuses any other address unless --insecure is given. With tokens, every
            connection must present one (docs/operations.md, "Securing a server").

            Examples:
              axserver
              axserver token add alice --role admin
              axserver --listen 0.0.0.0:7411 --data /var/lib/axis
              axserver --gazetteer team-entities.json --gazetteer watchlist.json
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

    @Option(name: .long, help: ArgumentHelp("A gazetteer file that adds entities (repeatable).", valueName: "FILE"))
    var gazetteer: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a client may leave 32 MiB of answers unread before it is dropped with SLOW_CONSUMER.", valueName: "SECONDS"))
    var slowConsumerTimeout: Double = 30

    @Option(name: .long, help: "Connections held at once; more are refused (lowered to fit the descriptor limit).")
    var maxConnections: Int = 1024

    @Option(name: .long, help: "Connections held at once from one client address.")
    var maxConnectionsPerAddress: Int = 256

    @Flag(help: "Stop (as on SIGTERM) when the process that started this one ends: for test harnesses and supervisors.")
    var exitWithParent = false

    @Flag(help: "Listen on a non-loopback address although no token is configured: anyone who can connect may read, write and delete.")
    var insecure = false

    @Option(help: ArgumentHelp("TLS: the server's certificate chain (PEM); with --tls-key.", valueName: "FILE"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("TLS: the certificate's private key (PEM).", valueName: "FILE"))
    var tlsKey: String?

    func validate() throws {
        guard ServerAddress(parsing: self.listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7411 (got '\(self.listen)')")
        }
        guard (0...9).contains(self.compressionLevel) else {
            throw ValidationError("--compression-level must be between 0 and 9")
        }
        guard (self.tlsCert == nil) == (self.tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard self.maxConnections > 0, self.maxConnectionsPerAddress > 0 else {
            throw ValidationError("--max-connections and --max-connections-per-address must be at least 1")
        }
        guard self.slowConsumerTimeout > 0, self.slowConsumerTimeout <= 3600 else {
            throw ValidationError("--slow-consumer-timeout must be between 0 and 3600 seconds")
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
        logger.info("allocator: \(String(cString: axis_allocator_description()))")
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
        if !store.recovery.sealedSegments.isEmpty {
            // Start-up trusted the segment indexes; the records themselves are read in the
            // background while the server already listens.
            Task.detached(priority: .background) { _ = store.verifySealedSegments(logger: logger) }
        }

        if self.exitWithParent { ParentWatch.start(logger: logger) }

        let gazetteer: Gazetteer
        do {
            gazetteer = try self.loadGazetteer()
        } catch {
            logger.critical("cannot load the gazetteer: \(error)")
            store.close()
            throw ExitCode.failure
        }
        logger.info("gazetteer: \(gazetteer.entities.count) entities (bundled\(self.gazetteer.isEmpty ? "" : " + \(self.gazetteer.joined(separator: ", "))"))")
        // The index is empty at first: the indexer restores its checkpoint in the background,
        // so the server listens at once and serves documents while the index catches up.
        let assembly = ServerAssembly(
            store: store, index: EntityIndex(gazetteer: gazetteer), checkpoint: IndexCheckpointFile(dataDirectory: self.data),
            tokens: TokenFile(dataDirectory: self.data), logger: logger)

        let tokenFile = TokenFile(dataDirectory: self.data)
        let startedWithTokens = !((try? tokenFile.load()) ?? []).isEmpty
        // Once tokens (or a network address) are in force, revoking the last token or deleting
        // the file refuses everyone rather than letting everyone in.
        let authenticator = Authenticator(
            file: tokenFile, logger: logger, alwaysRequired: startedWithTokens || (!address.isLoopback && !self.insecure))
        if startedWithTokens {
            logger.info("tokens required: every connection must present one (axserver token list)")
        } else if address.isLoopback {
            logger.notice("no tokens: anyone who can connect to \(address.host) may read and write, so only loopback is served (axserver token add NAME --role admin to require tokens)")
        } else if self.insecure {
            logger.warning("--insecure: serving \(address.host) with no token; anyone who can reach this port may read, write and delete everything")
        } else {
            logger.critical(
                "refusing to listen on \(address.host) with no token: anyone who could reach it could read, overwrite and delete everything. Create a token first (axserver token add NAME --role admin --data \(self.data)), or pass --insecure")
            store.close()
            throw ExitCode.failure
        }
        var configuration = ServerConfiguration(
            host: address.host, port: address.port, dataDirectory: self.data, serverID: store.serverID)
        configuration.authenticator = authenticator
        if let certificate = self.tlsCert, let key = self.tlsKey {
            do {
                configuration.tls = try TLSSetup.serverContext(certificate: certificate, key: key)
            } catch {
                logger.critical("cannot use the TLS certificate \(certificate) and key \(key): \(error)")
                store.close()
                throw ExitCode.failure
            }
            logger.info("TLS: every connection is encrypted (certificate \(certificate))")
        }
        configuration.slowConsumerTimeout = .milliseconds(Int64(self.slowConsumerTimeout * 1000))
        let descriptors = DescriptorLimit.raise()
        configuration.maxConnections = min(self.maxConnections, DescriptorLimit.forConnections(descriptors, refusals: configuration.maxPendingRefusals))
        configuration.maxConnectionsPerAddress = min(self.maxConnectionsPerAddress, configuration.maxConnections)
        logger.info(
            "connection limits: \(configuration.maxConnections) in total, \(configuration.maxConnectionsPerAddress) per address (descriptor limit \(descriptors))")
        let server = AxisServer(configuration: configuration, handler: assembly.router, logger: logger)
        // Shutdown goes in reverse: the server drains first, then the indexer checkpoints.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: assembly.services + [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        // Every connection has drained: finish the writes still queued, then stop.
        store.close()
    }
}

extension ServeCommand {
    /// The bundled gazetteer with the user's files merged in, in order.
    func loadGazetteer() throws -> Gazetteer {
        var gazetteer = try Gazetteer.bundled()
        for path in self.gazetteer {
            gazetteer = try gazetteer.merging(try Gazetteer.load(contentsOf: path))
        }
        return gazetteer
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
