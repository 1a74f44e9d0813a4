import AxisCodec
import AxisServer
import AxisTerminal
import Foundation

/// `axbench rpc --compare redis`: small requests in Axis (PING through the real client and
/// server) and in Redis (PING through `redis-server` and `redis-benchmark`, both from Debian's
/// redis packages), the same shapes in the same run: one connection unpipelined and with
/// batches of `depth`, `connections` connections unpipelined and with batches of `depth`
/// (redis-benchmark's -P sends a batch and waits for all of it, as the Axis runs do).
struct RedisComparison {
    var seconds: Double
    var depth: Int
    var connections: Int

    /// Why Redis cannot be measured here, when it cannot.
    static func unavailable() -> String? {
        for tool in ["redis-server", "redis-benchmark"] where Self.which(tool) == nil {
            return "no \(tool) on the PATH (Debian: apt-get install redis-server redis-tools)"
        }
        return nil
    }

    func run() async throws {
        if let reason = Self.unavailable() {
            print("redis comparison skipped: \(reason)")
            return
        }
        let port = try Self.freeLoopbackPort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "redis-server", "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning",
            "--io-threads", "1",
        ]
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            // SIGKILL: a child of this process starts with SIGTERM blocked (the signal mask is
            // inherited), so terminate() would wait for ever; Redis keeps nothing here to save.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        try await Self.waitUntilListening(port: port)

        let scenarios = [
            RPCBenchmark.Scenario(name: "1 conn, unpipelined", connections: 1, depth: 1),
            RPCBenchmark.Scenario(name: "1 conn, batches of \(self.depth)", connections: 1, depth: self.depth, batched: true),
            RPCBenchmark.Scenario(name: "\(self.connections) conns, unpipelined", connections: self.connections, depth: 1),
            RPCBenchmark.Scenario(
                name: "\(self.connections) conns, batches of \(self.depth)", connections: self.connections, depth: self.depth, batched: true),
        ]
        print("axbench rpc --compare redis: \(self.seconds) s per run; Redis: redis-server (one I/O thread) and redis-benchmark -t ping_mbulk -P")
        print("")
        let seconds = self.seconds
        var table = TextTable(
            [
                "scenario", "redis req/s", "axis req/s", "axis/redis", "server alone req/s", "alone/redis", "redis p50 us", "axis p50 us",
                "alone p50 us", "redis p99 us", "axis p99 us", "alone p99 us",
            ],
            alignments: [.left] + Array(repeating: .right, count: 11))
        let measured = try await withInProcessServer(handler: ConnectionOnlyHandler()) { address in
            var results: [(axis: LatencySummary, alone: LatencySummary)] = []
            for scenario in scenarios {
                let axis = try await RPCBenchmark.measureAxis(address: address, scenario: scenario, seconds: seconds)
                let alone = try await BareClientBaseline.run(
                    address: address, connections: scenario.connections, depth: scenario.depth, batched: scenario.batched,
                    seconds: seconds)
                results.append((axis, alone))
            }
            return results
        }
        for (scenario, (axis, alone)) in zip(scenarios, measured) {
            let redis = try self.redisBenchmark(port: port, scenario: scenario)
            table.add([
                scenario.name, Formatting.fixed(redis.perSecond, decimals: 0), Formatting.fixed(axis.perSecond, decimals: 0),
                Formatting.fixed(axis.perSecond / redis.perSecond, decimals: 2), Formatting.fixed(alone.perSecond, decimals: 0),
                Formatting.fixed(alone.perSecond / redis.perSecond, decimals: 2),
                Formatting.fixed(redis.p50Microseconds, decimals: 0), Formatting.fixed(axis.p50Microseconds, decimals: 0),
                Formatting.fixed(alone.p50Microseconds, decimals: 0),
                Formatting.fixed(redis.p99Microseconds, decimals: 0), Formatting.fixed(axis.p99Microseconds, decimals: 0),
                Formatting.fixed(alone.p99Microseconds, decimals: 0),
            ])
        }
        print(table.render())
        print("")
        print("redis: redis-benchmark's own figures (latency of each request = its batch's round trip); axis: the real Axis")
        print("client and server in one process, PING/PONG, each batch one write and a wait for all its answers; server")
        print("alone: the same Axis server answering a bare client (one NIO handler writing ready-made PING frames and")
        print("counting the answers: a client as lean as redis-benchmark), in the same process.")
    }

    struct RedisFigures {
        var perSecond: Double
        var p50Microseconds: Double
        var p99Microseconds: Double
    }

    /// Runs redis-benchmark for about `seconds`: a short run to learn the rate, then one sized by it.
    private func redisBenchmark(port: Int, scenario: RPCBenchmark.Scenario) throws -> RedisFigures {
        let probe = try Self.redisBenchmark(port: port, scenario: scenario, requests: 20_000)
        let requests = max(20_000, Int(probe.perSecond * self.seconds))
        return try Self.redisBenchmark(port: port, scenario: scenario, requests: requests)
    }

    private static func redisBenchmark(port: Int, scenario: RPCBenchmark.Scenario, requests: Int) throws -> RedisFigures {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = [
            "redis-benchmark", "-h", "127.0.0.1", "-p", "\(port)", "-t", "ping_mbulk", "-n", "\(requests)", "-c", "\(scenario.connections)",
            "-P", "\(scenario.depth)", "--threads", "1", "--csv",
        ]
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        let text = String(decoding: data, as: UTF8.self)
        guard child.terminationStatus == 0,
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("\"PING_MBULK\"") })
        else { throw BenchmarkError("redis-benchmark failed (exit \(child.terminationStatus)): \(text)") }
        let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        guard fields.count >= 7, let rate = fields[1], let p50 = fields[4], let p99 = fields[6] else {
            throw BenchmarkError("redis-benchmark printed what axbench cannot read: \(line)")
        }
        return RedisFigures(perSecond: rate, p50Microseconds: p50 * 1000, p99Microseconds: p99 * 1000)
    }

    private static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A port the kernel just gave out on 127.0.0.1 (bound and released; Redis cannot be told
    /// to take an ephemeral port and say which).
    private static func freeLoopbackPort() throws -> Int {
        let socket = try Socket.listenLoopback()
        defer { socket.close() }
        return Int(try socket.port())
    }

    /// Polls the port until Redis accepts (at most 10 s).
    private static func waitUntilListening(port: Int) async throws {
        for _ in 0..<200 {
            if let socket = try? Socket.connectLoopback(port: UInt16(port)) {
                socket.close()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchmarkError("redis-server did not listen on 127.0.0.1:\(port) within 10 s")
    }
}
