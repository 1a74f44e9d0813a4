import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient ping`: round trip to the server, and who it is.
struct PingCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Measure the round trip to the server and show its name and version.",
        discussion: """
            Examples:
              axclient ping
              axclient ping --count 10
              AX_SERVER=10.0.0.5:7411 axclient ping --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Number of pings to send (one at a time).")
    var count: Int = 1

    func validate() throws {
        guard (1...1_000_000).contains(self.count) else {
            throw ValidationError("--count must be between 1 and 1000000")
        }
    }

    /// Prints each round trip as it happens (the parts below serve `batch` and --json).
    func run() async throws {
        guard self.global.format == .text else { return try await self.runRemote() }
        let roundTrips = try await self.global.withConnection { connection in
            try await self.pings(connection) { sequence, milliseconds in
                FileOutput.line(self.line(connection: connection, sequence: sequence, milliseconds: milliseconds))
            }
        }
        if let fastest = roundTrips.min(), let slowest = roundTrips.max(), roundTrips.count > 1 {
            let average = roundTrips.reduce(0, +) / Double(roundTrips.count)
            FileOutput.line(String(format: "%d pings: min %.3f ms, avg %.3f ms, max %.3f ms", self.count, fastest, average, slowest))
        }
    }

    func ask(_ connection: AxisConnection) async throws -> PingResult {
        PingResult(connection: connection, roundTrips: try await self.pings(connection) { _, _ in })
    }

    /// Sends the pings one at a time; returns the round trips in milliseconds.
    private func pings(_ connection: AxisConnection, each: (Int, Double) -> Void) async throws -> [Double] {
        var roundTrips: [Double] = []
        for sequence in 1...self.count {
            let start = ContinuousClock.now
            _ = try await connection.call(Ping(data: Array("axclient-\(sequence)".utf8)))
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            roundTrips.append(milliseconds)
            each(sequence, milliseconds)
        }
        return roundTrips
    }

    func json(_ result: PingResult) -> PingResult { result }

    func printText(_ result: PingResult) {}

    private func line(connection: AxisConnection, sequence: Int, milliseconds: Double) -> String {
        let server = connection.server
        let prefix = self.count > 1 ? "\(sequence): " : ""
        return prefix
            + String(format: "pong from %@ %@ (protocol %d) at %@: %.3f ms", server.serverName, server.serverVersion,
                Int(server.version), connection.address.description, milliseconds)
    }
}

/// The `--json` output of `ping` (docs/cli.md).
struct PingResult: Encodable {
    var server: String
    var serverName: String
    var serverVersion: String
    var protocolVersion: Int
    var connectionId: UInt64
    var roundTripMs: Double
    var roundTripsMs: [Double]

    init(connection: AxisConnection, roundTrips: [Double]) {
        self.server = connection.address.description
        self.serverName = connection.server.serverName
        self.serverVersion = connection.server.serverVersion
        self.protocolVersion = Int(connection.server.version)
        self.connectionId = connection.server.connectionID
        self.roundTripMs = roundTrips.reduce(0, +) / Double(max(roundTrips.count, 1))
        self.roundTripsMs = roundTrips
    }

    enum CodingKeys: String, CodingKey {
        case server
        case serverName = "server_name"
        case serverVersion = "server_version"
        case protocolVersion = "protocol_version"
        case connectionId = "connection_id"
        case roundTripMs = "round_trip_ms"
        case roundTripsMs = "round_trips_ms"
    }
}
