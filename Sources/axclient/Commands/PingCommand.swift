import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient ping`: round trip to the server, and who it is.
struct PingCommand: AsyncParsableCommand {
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

    func run() async throws {
        let connection = try await self.global.connect()
        var roundTrips: [Double] = []
        do {
            for sequence in 1...self.count {
                let start = ContinuousClock.now
                _ = try await connection.call(Ping(data: Array("axclient-\(sequence)".utf8)))
                let elapsed = ContinuousClock.now - start
                let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
                roundTrips.append(milliseconds)
                if !self.global.json {
                    print(self.line(connection: connection, sequence: sequence, milliseconds: milliseconds))
                }
            }
        } catch {
            await connection.close()
            throw CommandFailure(error, json: self.global.json)
        }
        await connection.close()

        if self.global.json {
            try JSONOutput.print(PingResult(connection: connection, roundTrips: roundTrips))
        } else if self.count > 1 {
            let sorted = roundTrips.sorted()
            let average = roundTrips.reduce(0, +) / Double(roundTrips.count)
            print(String(format: "%d pings: min %.3f ms, avg %.3f ms, max %.3f ms", self.count, sorted[0], average, sorted[sorted.count - 1]))
        }
    }

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
