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
        self.server = server
        self.json = json
        self.timeout = timeout
    }

    @Option(
        name: .long,
        help: ArgumentHelp("Server address (default: $AX_SERVER, else 127.0.0.1:7411).", valueName: "HOST:PORT"))
    var server: String?

    @Flag(name: .long, help: "Print one JSON value on stdout (errors as JSON on stderr).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each answer (default 30).", valueName: "SECONDS"))
    var timeout: Double?

    func validate() throws {
        if let timeout, !(timeout > 0) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        _ = try self.resolvedAddress()
    }

    /// `--server`, else `AX_SERVER`, else the default.
    func resolvedAddress() throws -> ServerAddress {
        let text = self.server ?? ProcessInfo.processInfo.environment["AX_SERVER"]
        guard let text, !text.isEmpty else { return .default }
        guard let address = ServerAddress(parsing: text), address.port != 0 else {
            let source = self.server == nil ? "AX_SERVER" : "--server"
            throw ValidationError("\(source) must be HOST:PORT (got '\(text)')")
        }
        return address
    }

    var clientConfiguration: ClientConfiguration {
        var configuration = ClientConfiguration(clientName: "axclient")
        if let timeout {
            configuration.requestTimeout = .nanoseconds(Int64(timeout * 1_000_000_000))
        }
        return configuration
    }

    /// Connects, turning failures into the command's documented exit.
    func connect() async throws -> AxisConnection {
        do {
            return try await AxisConnection.connect(to: try self.resolvedAddress(), configuration: self.clientConfiguration)
        } catch let error as ClientError {
            throw CommandFailure(error, json: self.json)
        }
    }
}
