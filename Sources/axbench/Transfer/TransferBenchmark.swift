import ArgumentParser
import AxisClient
import AxisCodec
import AxisStore
import AxisTerminal
import AxisZlib
import Foundation
import Logging
import NIOCore

/// `axbench transfer`: bulk transfer between real `axserver` processes over loopback.
///
/// Fills a data folder with a generated corpus (through the store, to keep the set-up short),
/// starts `axserver` on it, and measures, next to the raw loopback TCP throughput of the same
/// run: an export streamed and discarded (the wire path), an export into a pack file, an
/// import of that pack into a second, empty `axserver`, and a sync into a third. The servers'
/// resident memory before each step and their peak during it (VmHWM, reset before the step)
/// are read from /proc.
struct TransferBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Export, import and sync between axserver processes, next to raw loopback TCP throughput.",
        discussion: """
            Needs the axserver built next to axbench:
              swift build -c release && .build/release/axbench transfer
            """)

    @Option(help: "Raw text to generate, in MiB.")
    var megabytes: Int = 1024

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 5000

    @Option(help: "Working folder (default: a temporary folder, removed afterwards). A folder from an earlier run is reused: its source data is not generated again.")
    var work: String?

    enum Step: String, CaseIterable, ExpressibleByArgument {
        case stream, pack, `import`, sync
    }

    @Option(name: .customLong("step"), help: "Steps to run (repeatable): stream, pack, import, sync. Default: all. import needs pack.")
    var steps: [Step] = Step.allCases

    @Option(help: "Run the export steps (stream, pack) this many times each, one row a time: for profiles and for the spread.")
    var repeats: Int = 1

    @Flag(help: "Stream the export in stored form only (not also as PackRecords): for profiles.")
    var storedOnly = false

    @Flag(help: "Also stream the export over TLS (the source restarted with a certificate made for the run), next to plaintext.")
    var tls = false

    func run() async throws {
        Allocator.printLine()
        let work = self.work ?? NSTemporaryDirectory() + "axbench-transfer-\(getpid())"
        defer { if self.work == nil { try? FileManager.default.removeItem(atPath: work) } }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        let fill =
            FileManager.default.fileExists(atPath: work + "/source/server-id")
            ? try Self.measureExisting(directory: work + "/source")
            : try await Self.fill(directory: work + "/source", megabytes: self.megabytes, averageBytes: self.averageBytes)
        print("corpus: \(Formatting.thousands(fill.documents)) snapshots, \(Formatting.bytes(fill.rawBytes)) raw, \(Formatting.bytes(fill.storedBytes)) stored (zlib)")

        print("measuring raw loopback TCP throughput...")
        // At least 512 MiB, so that a small corpus still gives the baseline time to settle.
        let baselineBytes = Int(max(fill.storedBytes, 512 << 20))
        let loopback = try LoopbackThroughput.measure(bytes: baselineBytes)
        let checksums = try ChecksumSpeed.measure()
        print(
            "CRC-32 of 4 KiB pieces: \(Formatting.fixed(checksums.accelerated / 1e9)) GB/s"
                + (CRC32.isAccelerated ? " (carry-less multiply)" : " (zlib's, no carry-less multiply on this CPU)")
                + ", zlib's crc32 \(Formatting.fixed(checksums.zlib / 1e9)) GB/s: \(Formatting.fixed(checksums.accelerated / checksums.zlib))×")

        let source = try await ServerChild.start(data: work + "/source")
        try await Self.waitForIndex(of: source, through: fill.lastSequence)
        let pack = work + "/corpus.axpack"
        var rows: [Row] = []
        do {
            for step in Step.allCases where self.steps.contains(step) {
                switch step {
                case .stream:
                    // Each export beside a loopback measure taken just before it: on a shared
                    // host the baseline moves within a minute. The plain form (PackRecords, as
                    // before v1.2) beside the stored form, alternating.
                    for _ in 0..<max(1, self.repeats) {
                        for storedForm in self.storedOnly ? [true] : [true, false] {
                            let baseline = try LoopbackThroughput.measure(bytes: baselineBytes)
                            var row = try await Self.stream(
                                from: source, storedForm: storedForm,
                                name: storedForm ? "export (stream, discarded)" : "export as PackRecords (discarded)")
                            row.loopback = baseline
                            rows.append(row)
                        }
                    }
                case .pack:
                    for _ in 0..<max(1, self.repeats) {
                        let baseline = try LoopbackThroughput.measure(bytes: baselineBytes)
                        var row = try await Self.exportPack(from: source, to: pack)
                        row.loopback = baseline
                        rows.append(row)
                    }
                case .import: rows.append(try await Self.importPack(pack, work: work))
                case .sync: rows.append(try await Self.sync(from: source, work: work))
                }
            }
        } catch {
            source.stop()
            throw error
        }
        source.stop()
        if self.tls {
            // The same data served with TLS: the export streamed again, encrypted.
            let tls = try BenchmarkTLS.make()
            defer { tls.remove() }
            let secure = try await ServerChild.start(data: work + "/source", extraArguments: ["--tls-cert", tls.certificate, "--tls-key", tls.key])
            defer { secure.stop() }
            var configuration = ClientConfiguration()
            configuration.tls = tls.client
            try await Self.waitForIndex(of: secure, through: fill.lastSequence, configuration: configuration)
            rows.append(try await Self.stream(from: secure, configuration: configuration, name: "export over TLS (stream, discarded)"))
        }

        var table = TextTable([
            "step", "snapshots/s", "MiB/s (zlib)", "MiB/s (raw text)", "loopback MiB/s", "vs loopback", "CPU µs/record (client, server)",
            "server RSS before → peak",
        ])
        table.add(["raw loopback TCP, 1 connection", "", Formatting.fixed(loopback / 1_048_576), "", "", "1.00", "", ""])
        for row in rows {
            let baseline = row.loopback ?? loopback
            table.add([
                row.name, Formatting.fixed(Double(row.records) / row.seconds, decimals: 0),
                Formatting.fixed(Double(row.bytes) / 1_048_576 / row.seconds), Formatting.fixed(Double(fill.rawBytes) / 1_048_576 / row.seconds),
                Formatting.fixed(baseline / 1_048_576), Formatting.fixed(Double(row.bytes) / row.seconds / baseline, decimals: 2), row.cpu, row.memory,
            ])
        }
        print("")
        print(table.render())
        print("")
        print("MiB/s (zlib): stored bytes moved per second (what crosses the wire); MiB/s (raw text): the text they hold.")
        print("CPU: user + system time per record of this process (the client) and of the server(s) (for sync: target / source),")
        print("less noisy than rates on a shared machine. server RSS: VmRSS of the server process before the step → its")
        print("VmHWM during it (for sync: target / source).")
    }

    static func stream(
        from source: ServerChild, configuration: ClientConfiguration = ClientConfiguration(), storedForm: Bool = true,
        name: String = "export (stream, discarded)"
    ) async throws -> Row {
        print("\(name)...")
        return try await Self.measure(name, server: source) {
            let connection = try await AxisConnection.connect(to: source.address, configuration: configuration)
            defer { connection.abort() }
            var bytes: UInt64 = 0
            var records: UInt64 = 0
            for try await event in connection.export(storedForm: storedForm) {
                if case .record(let record) = event {
                    bytes += UInt64(record.bodyZlib.readableBytes)
                    records += 1
                }
            }
            return (records, bytes)
        }
    }

    static func exportPack(from source: ServerChild, to pack: String) async throws -> Row {
        print("export into a pack file...")
        return try await Self.measure("export to a pack file", server: source) {
            let connection = try await AxisConnection.connect(to: source.address)
            defer { connection.abort() }
            let summary = try await PackExport.run(from: connection, since: 0, to: try FilePackSink(path: pack)).summary
            return (summary.count, summary.bodyBytes)
        }
    }

    static func importPack(_ pack: String, work: String) async throws -> Row {
        print("import the pack into an empty server...")
        guard FileManager.default.fileExists(atPath: pack) else { throw BenchmarkError("no pack at \(pack): run the pack step first") }
        try? FileManager.default.removeItem(atPath: work + "/imported")
        let imported = try await ServerChild.start(data: work + "/imported")
        defer { imported.stop() }
        return try await Self.measure("import a pack (verify, fsync)", server: imported) {
            let connection = try await AxisConnection.connect(to: imported.address)
            defer { connection.abort() }
            let result = try await PackImport.run({ try FilePackSource(path: pack) }, into: connection)
            return (result.imported, result.summary.bodyBytes)
        }
    }

    static func sync(from source: ServerChild, work: String) async throws -> Row {
        print("sync into an empty server...")
        try? FileManager.default.removeItem(atPath: work + "/synced")
        let synced = try await ServerChild.start(data: work + "/synced")
        defer { synced.stop() }
        return try await Self.measure("sync server to server", server: synced, also: source) {
            let from = try await AxisConnection.connect(to: source.address)
            let to = try await AxisConnection.connect(to: synced.address)
            defer {
                from.abort()
                to.abort()
            }
            let result = try await Sync.run(from: from, to: to)
            return (result.imported, result.summary.bodyBytes)
        }
    }

    struct Row {
        var name: String
        var records: UInt64
        var bytes: UInt64
        var seconds: Double
        var cpu: String
        var memory: String
        /// Loopback throughput measured just before this step (bytes/s); nil: the run's first.
        var loopback: Double? = nil
    }

    /// Times `body`, which returns (records, zlib bytes), and reads the servers' resident
    /// memory before it and their peak during it: what the step itself costs is the growth,
    /// since a server already holds its catalog and entity index when the step begins.
    static func measure(
        _ name: String, server: ServerChild, also other: ServerChild? = nil,
        _ body: () async throws -> (UInt64, UInt64)
    ) async throws -> Row {
        let servers = [server] + (other.map { [$0] } ?? [])
        let before = servers.map { child in
            child.resetPeakMemory()
            return child.memoryBytes
        }
        let serverCPU = servers.map(\.cpuSeconds)
        let clientCPU = ProcessCPU.seconds()
        let start = Stopwatch.now()
        let (records, bytes) = try await body()
        let seconds = Double(Stopwatch.now() - start) / 1e9
        let perRecord = { (cpu: Double) in Formatting.fixed(cpu * 1e6 / Double(max(records, 1)), decimals: 2) }
        let cpu = ([perRecord(ProcessCPU.seconds() - clientCPU)] + zip(servers, serverCPU).map { perRecord($0.cpuSeconds - $1) })
            .joined(separator: ", ")
        let memory = zip(servers, before).map { child, before in
            "\(Formatting.bytes(before)) → \(Formatting.bytes(child.peakMemoryBytes))"
        }.joined(separator: " / ")
        print("  \(name): \(Formatting.thousands(Int(records))) records, \(Formatting.bytes(bytes)) in \(Formatting.fixed(seconds)) s")
        return Row(name: name, records: records, bytes: bytes, seconds: seconds, cpu: cpu, memory: memory)
    }

    /// The fill writes the store directly, so a fresh source server indexes the whole corpus
    /// in the background (about a minute of one core per GiB). Measuring before it is done
    /// would time the export against that extraction on a two-core machine, not the export.
    static func waitForIndex(
        of server: ServerChild, through sequence: UInt64, configuration: ClientConfiguration = ClientConfiguration()
    ) async throws {
        print("waiting for the source server's index to catch up with sequence \(sequence)...")
        let connection = try await AxisConnection.connect(to: server.address, configuration: configuration)
        defer { connection.abort() }
        // Each ENTITIES request waits up to 10 s for the index to cover the log (§12).
        while try await connection.entities(limit: 1).indexedSequence < sequence {}
    }

    struct Filled {
        var documents: Int
        var lastSequence: UInt64
        var rawBytes: UInt64
        var storedBytes: UInt64
    }

    /// The figures of a source folder from an earlier run.
    static func measureExisting(directory: String) throws -> Filled {
        var logger = Logger(label: "axbench.store")
        logger.logLevel = .warning
        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory), logger: logger)
        defer { store.close() }
        let infos = store.snapshots(fromSequence: 1, limit: .max)
        return Filled(
            documents: infos.count, lastSequence: infos.last?.sequence ?? 0, rawBytes: infos.reduce(0) { $0 + $1.bodySize },
            storedBytes: infos.reduce(0) { $0 + UInt64($1.compressedSize) })
    }

    /// Writes about `megabytes` MiB of generated text into a store, with two writers so
    /// both cores compress. Bodies are a base corpus with a unique first line each.
    static func fill(directory: String, megabytes: Int, averageBytes: Int) async throws -> Filled {
        print("generating and storing \(megabytes) MiB of text...")
        let base = Corpus.generate(count: 4000, averageBytes: averageBytes)
        var logger = Logger(label: "axbench.store")
        logger.logLevel = .warning
        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory), logger: logger)
        defer { store.close() }
        let target = UInt64(megabytes) << 20
        let perBatch = 200
        let averageDocument = UInt64(base.totalBytes / base.documents.count)
        let documents = Int(target / averageDocument) + 1
        let raw = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    var raw: UInt64 = 0
                    for start in stride(from: writer * perBatch, to: documents, by: 2 * perBatch) {
                        let inputs = (start..<min(start + perBatch, documents)).map { index -> DocumentInput in
                            let source = base.documents[index % base.documents.count]
                            let body = Array("Dispatch \(index) from the \(source.source) desk.\n".utf8) + source.body
                            raw += UInt64(body.count)
                            return DocumentInput(
                                key: "transfer/\(index)",
                                metadata: DocumentMetadata(title: source.title, source: source.source, tags: ["benchmark"]),
                                body: .raw(body))
                        }
                        for result in await store.put(batch: inputs) { _ = try result.get() }
                    }
                    return raw
                }
            }
            return try await group.reduce(0, +)
        }
        let infos = store.snapshots(fromSequence: 1, limit: .max)
        let stored = infos.reduce(UInt64(0)) { $0 + UInt64($1.compressedSize) }
        return Filled(
            documents: store.snapshotCount, lastSequence: infos.last?.sequence ?? 0, rawBytes: raw, storedBytes: stored)
    }
}
