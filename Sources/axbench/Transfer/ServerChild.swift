import AxisClient
import AxisCodec
import Foundation

/// The real `axserver` as a child process, so that its memory is its own and can be read
/// from /proc. Listens on 127.0.0.1 with an ephemeral port.
final class ServerChild: @unchecked Sendable {
    // @unchecked: `process` is configured before `run` and then only read; the log is
    // guarded by `lock`.
    private let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []
    private(set) var address = ServerAddress(host: "127.0.0.1", port: 0)

    /// The `axserver` built next to this `axbench`.
    static var binaryPath: String {
        ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("axserver")
    }

    /// Starts `axserver --data directory` and waits until it says where it listens.
    static func start(data directory: String, extraArguments: [String] = []) async throws -> ServerChild {
        let child = ServerChild()
        try await child.launch(data: directory, extraArguments: extraArguments)
        return child
    }

    private func launch(data directory: String, extraArguments: [String]) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaryPath) else {
            throw BenchmarkError("no axserver at \(Self.binaryPath): build it first (swift build -c release)")
        }
        self.process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        self.process.arguments = ["--listen", "127.0.0.1:0", "--data", directory, "--exit-with-parent"] + extraArguments
        self.process.standardError = self.errors
        self.process.standardOutput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream<String>.makeStream()
        try self.process.run()
        // A thread with blocking reads, not FileHandle.readabilityHandler: on Linux the teardown
        // of its dispatch source races with the pipe's close (a test run crashed in
        // _dispatch_event_loop_drain). The thread holds the handle, so its descriptor stays open.
        let handle = self.errors.fileHandleForReading
        Thread { [weak self] in
            var pending: [UInt8] = []
            while case .success(let chunk) = Descriptor.read(handle.fileDescriptor, upTo: 16 * 1024), !chunk.isEmpty {
                pending.append(contentsOf: chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    self?.lock.withLock { self?.lines.append(line) }
                    continuation.yield(line)
                }
            }
            continuation.finish()
        }.start()
        for await line in stream {
            if let range = line.range(of: "listening on ") {
                let text = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard let address = ServerAddress(parsing: text) else { throw BenchmarkError("bad address in '\(line)'") }
                self.address = address
                return
            }
        }
        throw BenchmarkError("axserver exited: \(self.lock.withLock { self.lines }.joined(separator: "\n"))")
    }

    var pid: Int32 { self.process.processIdentifier }

    /// Resets the peak resident size (VmHWM) to the current one (Linux ≥ 4.0).
    func resetPeakMemory() {
        try? "5".write(toFile: "/proc/\(self.pid)/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The peak resident size since start or the last reset, in bytes.
    var peakMemoryBytes: UInt64 { self.status("VmHWM") }

    /// The resident size now, in bytes.
    var memoryBytes: UInt64 { self.status("VmRSS") }

    private func status(_ field: String) -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/\(self.pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { UInt64($0) }
            return (kilobytes ?? 0) * 1024
        }
        return 0
    }

    /// CPU time the process has used so far, user and system, in seconds.
    var cpuSeconds: Double { ProcessCPU.seconds(of: "\(self.pid)") }

    /// SIGTERM, and waits for the graceful exit.
    func stop() {
        self.process.terminate()
        self.process.waitUntilExit()
    }
}
