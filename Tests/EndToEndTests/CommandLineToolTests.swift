import Foundation
import AxisTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Test support: child processes and their pipes", .timeLimit(.minutes(3)))
struct CommandLineToolTests {
    @Test("megabytes through stdin, stdout and stderr at once: nothing blocks, nothing is lost")
    func pipesAreServedTogether() async throws {
        // Far over a pipe's 64 KiB: writing all of stdin before reading would deadlock with a
        // child that writes as it reads.
        let line = String(repeating: "axis ", count: 20) + "\n"
        let input = String(repeating: line, count: 40_000)
        let output = try await CommandLineTool(path: "/bin/sh").run(["-c", "tee /dev/stderr; printf 'no newline'"], standardInput: input)
        #expect(output.status == 0)
        #expect(output.standardOutput == input + "no newline")
        #expect(output.standardError == input)
    }

    @Test("the exit status and a working directory come through")
    func statusAndDirectory() async throws {
        let output = try await CommandLineTool(path: "/bin/sh").run(["-c", "pwd; exit 3"], workingDirectory: "/tmp")
        #expect(output.status == 3)
        #expect(output.standardOutput == "/tmp\n")
    }

    @Test("axserver --exit-with-parent stops when the process that started it ends (no server outlives a dead test run)")
    func exitWithParent() async throws {
        try await withTemporaryDirectory { folder in
            let shell = CommandLineTool(path: "/bin/sh")
            let started = try await shell.run([
                "-c", "\"$0\" --listen 127.0.0.1:0 --data \"$1\" --exit-with-parent >/dev/null 2>&1 & echo $!; sleep 1",
                ServerProcess.binaryPath, folder + "/data",
            ])
            let pid = try #require(Int32(started.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
            func running() -> Bool {
                guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
                return !status.contains("State:\tZ")
            }
            var stopped = false
            for _ in 0..<50 where !stopped {
                try await Task.sleep(for: .milliseconds(100))
                stopped = !running()
            }
            if !stopped { kill(pid, SIGKILL) }
            #expect(stopped, "the server outlived its parent")
        }
    }
}
