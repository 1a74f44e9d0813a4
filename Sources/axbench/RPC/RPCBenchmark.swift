import ArgumentParser
import AxisClient
import AxisCodec
import AxisServer
import AxisTerminal
import Foundation
import NIOCore

/// `axbench rpc`: PING throughput and latency through the real server and client, next to a
/// minimal TCP echo of the same frame size measured in the same run.
struct RPCBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Pipelined PING throughput and latency over loopback, next to a TCP echo baseline.")

    @Option(help: "Seconds per measurement.")
    var seconds: Double = 3

    @Option(help: "Requests kept in flight per connection in the pipelined runs.")
    var depth: Int = 16

    @Option(help: "Connections in the multi-connection runs.")
    var connections: Int = 16

    struct Scenario: Sendable {
        var name: String
        var connections: Int
        var depth: Int
        /// Requests go out as batches of `depth` (one write, wait for all), as redis-benchmark
        /// -P does; otherwise `depth` independent callers per connection.
        var batched: Bool = false
    }

    @Option(help: .hidden)
    var only: Int?

    /// What to measure; all by default. For profiling one of them alone.
    enum Subject: String, ExpressibleByArgument, CaseIterable, Sendable {
        case echo, nioEcho = "nio-echo", nioPair = "nio-pair", axis
    }

    @Option(help: .hidden)
    var measure: [Subject] = Subject.allCases

    @Flag(help: "Also measure Axis over TLS (a certificate made with openssl for the run), next to plaintext.")
    var tls = false

    /// Servers Axis can be measured beside.
    enum Engine: String, ExpressibleByArgument, Sendable {
        case redis
    }

    @Option(help: "Measure Axis beside another server with the same request shapes, in the same run (redis).")
    var compare: Engine?

    func run() async throws {
        Allocator.printLine()
        if self.compare == .redis {
            try await RedisComparison(seconds: self.seconds, depth: self.depth, connections: self.connections).run()
            return
        }
        var scenarios = [
            Scenario(name: "1 conn, unpipelined", connections: 1, depth: 1),
            Scenario(name: "1 conn, \(self.depth) callers", connections: 1, depth: self.depth),
            Scenario(name: "1 conn, batches of \(self.depth)", connections: 1, depth: self.depth, batched: true),
            Scenario(name: "\(self.connections) conns, unpipelined", connections: self.connections, depth: 1),
            Scenario(
                name: "\(self.connections) conns, batches of \(self.depth)", connections: self.connections,
                depth: self.depth, batched: true),
        ]
        if let only = self.only { scenarios = [scenarios[only]] }
        let chosen = scenarios
        let measured = Set(self.measure)
        let none = LatencySummary(latencies: [1], seconds: 1)
        let frameSize = FrameHeader.size + Ping().encoded().readableBytes
        print("axbench rpc: \(self.seconds) s per run, PING frames of \(frameSize) bytes; the echo baselines use the same size")
        print("")

        let header = [
            "scenario", "echo req/s", "nio-echo req/s", "nio-pair req/s", "axis req/s", "axis/echo", "nio-pair/echo",
            "axis/nio-pair", "echo p50 us", "axis p50 us", "echo p99 us", "axis p99 us",
        ]
        let seconds = self.seconds
        if self.tls {
            try await self.runTLS(scenarios: chosen)
            return
        }
        let table = try await withInProcessServer(handler: ConnectionOnlyHandler()) { address in
            var table = TextTable(header)
            for scenario in chosen {
                let echo = !measured.contains(.echo) ? none : try EchoBaseline.run(
                    connections: scenario.connections, depth: scenario.depth, batched: scenario.batched,
                    frameSize: frameSize, seconds: seconds)
                let nioEcho = !measured.contains(.nioEcho) ? none : try await NIOEchoBaseline.run(
                    connections: scenario.connections, depth: scenario.depth, batched: scenario.batched,
                    frameSize: frameSize, seconds: seconds)
                let nioPair = !measured.contains(.nioPair) ? none : try await NIOPairBaseline.run(
                    connections: scenario.connections, depth: scenario.depth, batched: scenario.batched,
                    frameSize: frameSize, seconds: seconds)
                let axis = !measured.contains(.axis) ? none : try await Self.measureAxis(
                    address: address, scenario: scenario, seconds: seconds)
                table.add([
                    scenario.name,
                    Formatting.fixed(echo.perSecond, decimals: 0), Formatting.fixed(nioEcho.perSecond, decimals: 0),
                    Formatting.fixed(nioPair.perSecond, decimals: 0), Formatting.fixed(axis.perSecond, decimals: 0),
                    Formatting.fixed(axis.perSecond / echo.perSecond, decimals: 2),
                    Formatting.fixed(nioPair.perSecond / echo.perSecond, decimals: 2),
                    Formatting.fixed(axis.perSecond / nioPair.perSecond, decimals: 2),
                    Formatting.fixed(echo.p50Microseconds), Formatting.fixed(axis.p50Microseconds),
                    Formatting.fixed(echo.p99Microseconds), Formatting.fixed(axis.p99Microseconds),
                ])
            }
            return table
        }
        print(table.render())
        print("")
        print("echo: blocking-socket TCP echo (the transport's limit); nio-echo: a bare SwiftNIO echo server with the")
        print("same blocking client; nio-pair: a bare SwiftNIO client against that server (the floor of any design with")
        print("event loops at both ends); axis: the real Axis client and server, PING/PONG.")
    }

    /// Axis over TLS next to Axis in plaintext, each scenario in the same run.
    private func runTLS(scenarios: [Scenario]) async throws {
        let tls = try BenchmarkTLS.make()
        defer { tls.remove() }
        var serverConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0)
        serverConfiguration.tls = tls.serverContext
        var clientConfiguration = ClientConfiguration()
        clientConfiguration.tls = tls.client
        let secure = serverConfiguration
        let client = clientConfiguration
        let seconds = self.seconds
        let table = try await withInProcessServer(handler: ConnectionOnlyHandler()) { plainAddress in
            try await withInProcessServer(configuration: secure, handler: ConnectionOnlyHandler()) { tlsAddress in
                var table = TextTable(["scenario", "plain req/s", "tls req/s", "tls/plain", "plain p50 us", "tls p50 us", "plain p99 us", "tls p99 us"])
                for scenario in scenarios {
                    let plain = try await Self.measureAxis(address: plainAddress, scenario: scenario, seconds: seconds)
                    let secured = try await Self.measureAxis(
                        address: tlsAddress, scenario: scenario, seconds: seconds, configuration: client)
                    table.add([
                        scenario.name, Formatting.fixed(plain.perSecond, decimals: 0), Formatting.fixed(secured.perSecond, decimals: 0),
                        Formatting.fixed(secured.perSecond / plain.perSecond, decimals: 2),
                        Formatting.fixed(plain.p50Microseconds), Formatting.fixed(secured.p50Microseconds),
                        Formatting.fixed(plain.p99Microseconds), Formatting.fixed(secured.p99Microseconds),
                    ])
                }
                return table
            }
        }
        print(table.render())
        print("")
        print("plain and tls: the real Axis client and server, PING/PONG, over loopback without and with TLS (TLS 1.3).")
    }

    /// `connections` connections; on each, `depth` callers in a loop, or one caller sending
    /// batches of `depth`. Callers prefer the connection's event loop (no thread hops).
    static func measureAxis(
        address: ServerAddress, scenario: Scenario, seconds: Double, configuration: ClientConfiguration = ClientConfiguration()
    ) async throws -> LatencySummary {
        var pool: [AxisConnection] = []
        for _ in 0..<scenario.connections {
            pool.append(try await AxisConnection.connect(to: address, configuration: configuration))
        }
        for connection in pool { _ = try await connection.call(Ping()) }

        let start = Stopwatch.now()
        let stopAt = start + UInt64(seconds * 1e9)
        let callersPerConnection = scenario.batched ? 1 : scenario.depth
        let batch = Array(repeating: Ping(), count: scenario.depth)
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for connection in pool {
                for _ in 0..<callersPerConnection {
                    group.addTask(executorPreference: connection.executor) {
                        var local: [UInt64] = []
                        local.reserveCapacity(1 << 18)
                        while true {
                            let sent = Stopwatch.now()
                            if scenario.batched {
                                for result in await connection.callBatch(batch) { _ = try result.get() }
                            } else {
                                _ = try await connection.call(Ping())
                            }
                            let now = Stopwatch.now()
                            local.append(contentsOf: repeatElement(now - sent, count: scenario.batched ? batch.count : 1))
                            if now >= stopAt { return local }
                        }
                    }
                }
            }
            var all: [UInt64] = []
            for try await part in group { all.append(contentsOf: part) }
            return all
        }
        let elapsed = Double(Stopwatch.now() - start) / 1e9
        for connection in pool { await connection.close() }
        return LatencySummary(latencies: latencies, seconds: elapsed)
    }
}
