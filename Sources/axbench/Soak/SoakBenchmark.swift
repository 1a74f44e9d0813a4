import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal
import AxisZlib
import Foundation
import NIOCore
import NIOPosix

/// `axbench soak`: a thousand hostile connections against a real axserver for minutes, while a
/// normal client pings it (issue 19's "done when"): the server's memory must stay under its
/// documented ceiling and the normal client's p99 under 50 ms.
struct SoakBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Hostile connections (slow readers, body bombs, unfinished fragments) next to a normal client's pings.")

    @Option(help: "Hostile connections, split evenly between the three kinds.")
    var connections = 1000

    @Option(help: "How long to run, in seconds.")
    var seconds = 300

    @Option(help: "The server's memory ceiling to check, in MiB.")
    var ceilingMiB = 1536

    func run() async throws {
        Allocator.printLine()
        let folder = NSTemporaryDirectory() + "axbench-soak-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try await ServerChild.start(
            data: folder,
            extraArguments: ["--max-connections", "\(self.connections + 100)", "--max-connections-per-address", "\(self.connections + 100)"])
        defer { server.stop() }
        print("axserver on \(server.address.host):\(server.address.port); \(self.connections) hostile connections for \(self.seconds) s")

        // The document the slow readers ask for: 4 MiB of letters (stored about 2.4 MB).
        let normal = try await AxisConnection.connect(to: server.address)
        var random = SplitMix64(seed: 5)
        let big = (0..<(4 << 20)).map { index in index % 80 == 79 ? UInt8(0x0A) : UInt8(97 + random.next() % 26) }
        _ = try await normal.put([AxisConnection.Upload(key: "soak/big", body: big)])
        let bombBody = [UInt8](repeating: 0x20, count: 64 << 20)
        let bomb = try Deflater(level: 9).compress(bombBody)
        let idle = server.memoryBytes
        server.resetPeakMemory()

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        let traffic = HostileTraffic(
            address: try SocketAddress(ipAddress: server.address.host, port: server.address.port), group: group,
            bigKey: "soak/big", bomb: ByteBuffer(bytes: bomb), bombSize: UInt64(bombBody.count))
        let deadline = ContinuousClock.now + .seconds(self.seconds)
        let kinds = HostileKind.allCases

        async let hostile: [HostileKind: Int] = withTaskGroup(of: (HostileKind, Int).self) { tasks in
            for index in 0..<self.connections {
                let kind = kinds[index % kinds.count]
                tasks.addTask { (kind, await traffic.run(kind, until: deadline)) }
            }
            var counts: [HostileKind: Int] = [:]
            for await (kind, count) in tasks { counts[kind, default: 0] += count }
            return counts
        }
        // The normal client: a ping every 20 ms, timed; memory sampled every second.
        var latencies: [UInt64] = []
        var failures = 0
        var peak = idle
        var nextSample = ContinuousClock.now
        let started = Stopwatch.now()
        while ContinuousClock.now < deadline {
            let sent = Stopwatch.now()
            do {
                _ = try await normal.call(Ping(data: [1, 2, 3, 4]), timeout: .seconds(5))
                latencies.append(Stopwatch.now() - sent)
            } catch {
                failures += 1
            }
            if ContinuousClock.now >= nextSample {
                peak = max(peak, server.memoryBytes)
                nextSample = ContinuousClock.now + .seconds(1)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let counts = await hostile
        peak = max(peak, server.peakMemoryBytes)
        await normal.close()
        let pings = LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - started) / 1e9)
        var table = TextTable(["measure", "value"])
        for kind in kinds { table.add([kind.rawValue + " connections made", Formatting.thousands(counts[kind] ?? 0)]) }
        table.add(["server memory idle", Formatting.bytes(idle)])
        table.add(["server memory peak", Formatting.bytes(peak)])
        table.add(["ceiling", "\(self.ceilingMiB) MiB: " + (peak <= UInt64(self.ceilingMiB) << 20 ? "held" : "EXCEEDED")])
        table.add(["normal pings", "\(pings.operations), \(failures) failed"])
        table.add(["ping p50 / p99", "\(Formatting.fixed(pings.p50Microseconds / 1000)) ms / \(Formatting.fixed(pings.p99Microseconds / 1000)) ms"])
        table.add(["p99 under 50 ms", pings.p99Microseconds < 50_000 ? "yes" : "NO"])
        print(table.render())
    }
}
