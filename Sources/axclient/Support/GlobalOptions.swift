import ArgumentParser
import AxisClient
import AxisCodec
import Foundation
import NIOCore

/// Options every command takes: where the server is, output format, timeout.
struct GlobalOptions: ParsableArguments {
    init() {}

    /// Options for a second server (sync's --from and --to).
    init(server: String, json: Bool, timeout: Double?) {
        // Every property wrapper must be set here: a custom init does not decode any.
        self.server = server
        self.json = json
        self.ndjson = false
        self.timeout = timeout
        self.config = nil
    }

    @Option(
        name: .long,
        help: ArgumentHelp("Server address (default: $AX_SERVER, else the config file, else 127.0.0.1:7411).", valueName: "HOST:PORT"))
    var server: String?

    @Flag(name: .long, help: "Print one JSON value on stdout (errors as JSON on stderr).")
    var json = false

    @Flag(name: .long, help: "Print list results as one JSON object per line (others as one JSON line).")
    var ndjson = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each answer (default: $AX_TIMEOUT, else 30).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp("Settings file (default: $AX_CONFIG, else ~/.config/axis/axclient.conf).", valueName: "FILE"))
    var config: String?

    /// How results are printed.
    enum Format {
        case text, json, ndjson
    }

    var format: Format { self.ndjson ? .ndjson : self.json ? .json : .text }

    /// Whether output (and errors) are JSON.
    var machineReadable: Bool { self.json || self.ndjson }

    func validate() throws {
        if self.json && self.ndjson { throw ValidationError("--json and --ndjson exclude each other") }
        if let timeout, !(timeout > 0) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        _ = try self.resolvedAddress()
        _ = try self.resolvedTimeout()
    }

    /// The settings file in effect (none when there is no file).
    func configFile() throws -> ConfigFile {
        do {
            return try ConfigFile.load(explicitPath: self.config)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// `--server`, else `AX_SERVER`, else the settings file, else the default.
    func resolvedAddress() throws -> ServerAddress {
        let environment = ProcessInfo.processInfo.environment["AX_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
        let file = try self.configFile()
        let (text, source): (String?, String) =
            if let server = self.server { (server, "--server") }
            else if let environment { (environment, "AX_SERVER") }
            else { (file.server, "server in \(file.path ?? "the config file")") }
        guard let text, !text.isEmpty else { return .default }
        guard let address = ServerAddress(parsing: text), address.port != 0 else {
            throw ValidationError("\(source) must be HOST:PORT (got '\(text)')")
        }
        return address
    }

    /// `--timeout`, else `AX_TIMEOUT`, else the settings file; nil for the default.
    func resolvedTimeout() throws -> Double? {
        if let timeout = self.timeout { return timeout }
        if let text = ProcessInfo.processInfo.environment["AX_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw ValidationError("AX_TIMEOUT must be a positive number of seconds (got '\(text)')")
            }
            return seconds
        }
        return try self.configFile().timeout
    }

    func clientConfiguration() throws -> ClientConfiguration {
        var configuration = ClientConfiguration(clientName: "axclient")
        if let timeout = try self.resolvedTimeout() {
            configuration.requestTimeout = .nanoseconds(Int64(min(timeout, 1e9) * 1_000_000_000))
        }
        return configuration
    }

    /// Connects, turning failures into the command's documented exit.
    func connect() async throws -> AxisConnection {
        do {
            return try await AxisConnection.connect(to: try self.resolvedAddress(), configuration: try self.clientConfiguration())
        } catch let error as ClientError {
            throw CommandFailure(error, json: self.machineReadable)
        }
    }
}
