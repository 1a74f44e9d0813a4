import AxisTestSupport
import Testing

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
}
