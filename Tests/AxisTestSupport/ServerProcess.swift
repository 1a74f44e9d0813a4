public import AxisCodec
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `axserver` binary as a child process, for tests that must kill it (SIGKILL) and
/// start it again on the same data folder. Listens on 127.0.0.1 with an ephemeral port.
public final class ServerProcess: @unchecked Sendable {
    // @unchecked: `process` and `stderrPipe` are set once in `start` and then only read;
    // `logLines` is guarded by `lock`.
    private let process = Process()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var logLines: [String] = []
    public let dataDirectory: String
    public private(set) var address = ServerAddress(host: "127.0.0.1", port: 0)

    /// The `axserver` built next to this test bundle.
    public static var binaryPath: String {
        let directory = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        return directory + "/axserver"
    }

    private init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// However a test ends, its server does not outlive it (a test that throws before its
    /// `defer`, or forgets to stop it); `--exit-with-parent` covers a test run that dies.
    deinit {
        if self.process.isRunning {
            self.process.terminate()
            self.process.waitUntilExit()
        }
    }

    /// Starts the server and waits until it logs the address it listens on.
    /// - Parameter descriptorLimit: run it under `ulimit -n` this (the shell execs the server,
    ///   so the process id is the server's).
    public static func start(dataDirectory: String, extraArguments: [String] = [], descriptorLimit: Int? = nil) async throws
        -> ServerProcess
    {
        let server = ServerProcess(dataDirectory: dataDirectory)
        try await server.launch(extraArguments: extraArguments, descriptorLimit: descriptorLimit)
        return server
    }

    private func launch(extraArguments: [String], descriptorLimit: Int?) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaryPath) else {
            throw TestSupportError("no axserver binary at \(Self.binaryPath)")
        }
        // A test process that dies (a crash, a timeout) takes its servers with it.
        let arguments = ["--listen", "127.0.0.1:0", "--data", self.dataDirectory, "--exit-with-parent"] + extraArguments
        if let descriptorLimit {
            self.process.executableURL = URL(fileURLWithPath: "/bin/sh")
            self.process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", Self.binaryPath] + arguments
        } else {
            self.process.executableURL = URL(fileURLWithPath: Self.binaryPath)
            self.process.arguments = arguments
        }
        self.process.standardError = self.stderrPipe
        self.process.standardOutput = FileHandle.nullDevice
        let (lines, continuation) = AsyncStream<String>.makeStream()
        try self.process.run()
        PipeIO.readLines(
            from: self.stderrPipe.fileHandleForReading,
            line: { [weak self] line in
                self?.lock.withLock { self?.logLines.append(line) }
                continuation.yield(line)
            },
            end: { continuation.finish() })
        for await line in lines {
            if let range = line.range(of: "listening on ") {
                let text = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard let address = ServerAddress(parsing: text) else { throw TestSupportError("bad address in '\(line)'") }
                self.address = address
                return
            }
        }
        throw TestSupportError("axserver exited before listening: \(self.log.joined(separator: "\n"))")
    }

    /// Everything the server logged so far.
    public var log: [String] {
        self.lock.withLock { self.logLines }
    }

    /// The server's resident memory now, in bytes (Linux: /proc/PID/status, VmRSS).
    public var residentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
        return kilobytes.map { $0 * 1024 }
    }

    /// The files mapped into the server's memory (Linux: /proc/PID/maps): its executable and
    /// the shared libraries it runs on.
    public var mappedFiles: Set<String> {
        guard let maps = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/maps", encoding: .utf8) else { return [] }
        // address perms offset device inode path: the path is the sixth field, when there is one.
        return Set(maps.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            return fields.count == 6 ? fields[5].trimmingCharacters(in: .whitespaces) : nil
        })
    }

    /// CPU time the server has used, in clock ticks (Linux: /proc/PID/stat, utime + stime).
    public var cpuTicks: Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// SIGKILL: no shutdown, no flush; what was not fsynced is lost.
    public func kill() {
        Glibc.kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    /// SIGTERM, and waits for a graceful exit.
    public func terminate() {
        self.process.terminate()
        self.process.waitUntilExit()
    }
}
