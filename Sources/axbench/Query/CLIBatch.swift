import AxisCodec
import Foundation

/// `axclient batch` as a user runs it: the real binary, built next to this `axbench`, as a
/// child process, with a file of query lines, its NDJSON thrown away. What it measures beside
/// the same queries asked through the client library with as many in flight: what the CLI's
/// own work (parsing each line, the JSON it prints) costs a script.
enum CLIBatch {
    /// The `axclient` built next to this `axbench`.
    static var binaryPath: String {
        ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("axclient")
    }

    /// Lines per second of `axclient batch` over `lines` query lines cycling through `queries`
    /// (each with the CLI's defaults: snippets and facets), or why it could not run.
    static func rate(server: ServerAddress, queries: [String], lines: Int) async throws -> Result<Double, BenchmarkError> {
        guard FileManager.default.isExecutableFile(atPath: Self.binaryPath) else {
            return .failure(BenchmarkError("no axclient at \(Self.binaryPath): build it first (swift build -c release)"))
        }
        // The generated queries hold double quotes, never single ones.
        let script = (0..<lines).map { "query '\(queries[$0 % queries.count])'" }.joined(separator: "\n") + "\n"
        let path = NSTemporaryDirectory() + "axbench-batch-\(getpid()).ax"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["--server", "\(server.host):\(server.port)", "batch", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Stopwatch.now()
        // Waited for without holding a thread: the server under test runs in this process.
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let seconds = Double(Stopwatch.now() - start) / 1e9
        guard status == 0 else { return .failure(BenchmarkError("axclient batch exited with status \(status)")) }
        return .success(Double(lines) / seconds)
    }
}
