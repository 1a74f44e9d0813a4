import ArgumentParser
import AxisClient
import AxisCodec
import Foundation
import NIOCore

/// Options every command takes: where the server is, output format, timeout.
struct GlobalOptions: ParsableArguments {
    init() {}

    /// Options for a second server (sync's --from and --to).
    init(server: String, json: Bool, timeout: Double?, token: String? = nil) {
        // Every property wrapper must be set here: a custom init does not decode any.
        self.server = server
        self.json = json
        self.ndjson = false
        self.timeout = timeout
        self.config = nil
        self.token = token
        self.tls = false
        self.ca = nil
        self.tlsInsecureSkipVerify = false
    }

    @Option(
        name: .long,
        help: ArgumentHelp("Server address (default: $AX_SERVER, else the config file, else 127.0.0.1:7411).", valueName: "HOST:PORT"))
    var server: String?

    @Flag(name: .long, help: "Print one JSON value on stdout (errors as JSON on stderr).")
    var json = false

    @Flag(name: .long, help: "Print list results as one JSON object per line (others as one JSON line).")
    var ndjson = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each answer, the handshake's included (default: $AX_TIMEOUT, else 30; 5 for the handshake).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp("Settings file (default: $AX_CONFIG, else ~/.config/axis/axclient.conf).", valueName: "FILE"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The token the server requires (default: $AX_TOKEN, else the config file's token).", valueName: "TOKEN"))
    var token: String?

    @Flag(name: .long, help: "Connect with TLS (the server was started with --tls-cert); the certificate is verified.")
    var tls = false

    @Option(name: .long, help: ArgumentHelp("TLS: trust the certificates in this PEM file (default: the system's roots).", valueName: "FILE"))
    var ca: String?

    @Flag(name: .long, help: "TLS without checking the server's certificate: for tests only; anyone in the middle could read and change everything.")
    var tlsInsecureSkipVerify = false

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
        _ = try self.settings()
    }

    /// Where to connect and how long to wait: the options, else the environment, else the
    /// settings file (read once, and only when an option or variable leaves something open).
    struct Settings {
        var address: ServerAddress
        /// Nil: the client's default.
        var timeout: Double?
        /// Nil: none (a server that requires one refuses the connection).
        var token: String?
        /// Nil: plaintext.
        var tls: ClientTLS?
    }

    func settings() throws -> Settings {
        let environment = ProcessInfo.processInfo.environment
        let serverVariable = environment["AX_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
        let timeoutVariable = environment["AX_TIMEOUT"].flatMap { $0.isEmpty ? nil : $0 }
        let tokenVariable = environment["AX_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        // An explicit --config is always read, so that a broken one is reported.
        let needsFile = self.config != nil || (self.server == nil && serverVariable == nil) || (self.timeout == nil && timeoutVariable == nil)
            || (self.token == nil && tokenVariable == nil) || !self.tls
        let file: ConfigFile
        do {
            file = needsFile ? try ConfigFile.load(explicitPath: self.config, environment: environment) : .none
        } catch {
            throw ValidationError(error.message)
        }

        let (text, source): (String?, String) =
            if let server = self.server { (server, "--server") }
            else if let serverVariable { (serverVariable, "AX_SERVER") }
            else { (file.server, "server in \(file.path ?? "the config file")") }
        var address = ServerAddress.default
        if let text, !text.isEmpty {
            guard let parsed = ServerAddress(parsing: text), parsed.port != 0 else {
                throw ValidationError("\(source) must be HOST:PORT (got '\(text)')")
            }
            address = parsed
        }

        var timeout = self.timeout ?? file.timeout
        if self.timeout == nil, let timeoutVariable {
            guard let seconds = Double(timeoutVariable), seconds > 0, seconds.isFinite else {
                throw ValidationError("AX_TIMEOUT must be a positive number of seconds (got '\(timeoutVariable)')")
            }
            timeout = seconds
        }
        let useTLS = self.tls || self.ca != nil || self.tlsInsecureSkipVerify || file.tls
        let tls = useTLS ? ClientTLS(caFile: self.ca ?? file.ca, verify: !self.tlsInsecureSkipVerify) : nil
        return Settings(address: address, timeout: timeout, token: self.token ?? tokenVariable ?? file.token, tls: tls)
    }

    /// `--server`, else `AX_SERVER`, else the settings file, else the default.
    func resolvedAddress() throws -> ServerAddress {
        try self.settings().address
    }

    /// The client's configuration for these settings.
    static func clientConfiguration(_ settings: Settings) -> ClientConfiguration {
        var configuration = ClientConfiguration(clientName: "axclient")
        configuration.token = settings.token
        configuration.tls = settings.tls
        if let timeout = settings.timeout {
            // The handshake is an answer too: a patient --timeout waits for a busy server's
            // HELLO as long as for its replies, and a short one fails fast there as well.
            configuration.requestTimeout = .nanoseconds(Int64(min(timeout, 1e9) * 1_000_000_000))
            configuration.connectTimeout = configuration.requestTimeout
        }
        return configuration
    }

    /// Connects, turning failures into the command's documented exit.
    func connect() async throws -> AxisConnection {
        do {
            let settings = try self.settings()
            return try await AxisConnection.connect(to: settings.address, configuration: Self.clientConfiguration(settings))
        } catch let error as ClientError {
            throw CommandFailure(error, json: self.machineReadable)
        }
    }
}

/// A command with the global options (`sync`, which names two servers, gives its target's).
protocol TakesGlobalOptions {
    var global: GlobalOptions { get }
}
