import Foundation

/// Runs a built executable (`axclient`) next to the test bundle and captures what it prints,
/// as a user's script would.
public struct CommandLineTool: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String

        /// Standard output parsed as one JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(self.standardOutput.utf8))) as? [String: Any]
        }
    }

    public let path: String
    /// Set for every run, under what a run itself sets.
    public let environment: [String: String]

    /// `axclient` built next to this test bundle, patient (AX_TIMEOUT 120 s): tests run it
    /// against servers inside the test process, which wait for the few threads of Swift's
    /// cooperative pool while other tests keep them busy, at times for over 10 s under load.
    /// No test of these asserts anything about time; the time limits have tests of their own.
    public static let axclient = CommandLineTool("axclient", environment: ["AX_TIMEOUT": "120"])

    /// bash, for scripts that run axclient as `"$AX"` (with its environment, pipes and
    /// redirections a test needs: `| head`, `> /dev/full`, `<(...)`).
    public static let axclientShell = CommandLineTool(
        path: "/bin/bash", environment: axclient.environment.merging(["AX": axclient.path]) { $1 })

    /// The tool named `name` built next to this test bundle.
    public init(_ name: String, environment: [String: String] = [:]) {
        self.path = ((CommandLine.arguments[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        self.environment = environment
    }

    /// Any executable, by its path (`/bin/bash`).
    public init(path: String, environment: [String: String] = [:]) {
        self.path = path
        self.environment = environment
    }

    /// Runs the tool to completion on a thread of its own, so that the waiting never holds
    /// one of the few threads of Swift's cooperative pool: two tests blocked there at once
    /// starved an in-process server of threads, and its answers waited for the client's timeout.
    public func run(
        _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil, workingDirectory: String? = nil
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try self.runBlocking(
                            arguments, environment: environment, standardInput: standardInput, workingDirectory: workingDirectory)
                    })
            }.start()
        }
    }

    /// Runs the tool to completion, blocking the calling thread.
    private func runBlocking(
        _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil, workingDirectory: String? = nil
    ) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: self.path) else { throw TestSupportError("no executable at \(self.path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.path)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.environment = ProcessInfo.processInfo.environment.merging(self.environment) { _, new in new }
            .merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = standardInput.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        // Every pipe is served by its own thread so that neither side ever blocks on a full one.
        let finished = DispatchGroup()
        if let input, let standardInput {
            onNewThread(in: finished) {
                PipeIO.writeAll(Array(standardInput.utf8), to: input.fileHandleForWriting)
                try? input.fileHandleForWriting.close()
            }
        }
        let errorBytes = Locked<[UInt8]>([])
        onNewThread(in: finished) { errorBytes.set(PipeIO.readAll(from: errors.fileHandleForReading)) }
        let outputBytes = PipeIO.readAll(from: output.fileHandleForReading)
        finished.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outputBytes, as: UTF8.self),
            standardError: String(decoding: errorBytes.value, as: UTF8.self))
    }
}

/// Runs `body` on a new thread; `group` waits for it.
private func onNewThread(in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
        body()
        group.leave()
    }.start()
}

/// A value handed over from another thread.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        self.stored = value
    }

    func set(_ value: Value) {
        self.lock.withLock { self.stored = value }
    }

    var value: Value { self.lock.withLock { self.stored } }
}
