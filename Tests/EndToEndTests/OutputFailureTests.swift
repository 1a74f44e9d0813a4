import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// Output that cannot be written ends a command the way it ends a Unix tool: a full disk is
/// one line on stderr and exit 9; a reader that has gone (`| head`) ends it quietly by
/// SIGPIPE. Both used to crash inside Foundation (FileHandle.write traps on any error).
@Suite("axclient: output that cannot be written", .timeLimit(.minutes(3)))
struct OutputFailureTests {
    /// `command` run by bash with `$AX` the axclient binary.
    func shell(_ command: String, server: TestServer) async throws -> CommandLineTool.Output {
        try await CommandLineTool.axclientShell.run(
            ["-c", "set -o pipefail; " + command], environment: ["AX_SERVER": "\(server.address.host):\(server.address.port)"])
    }

    @Test("a full disk: 'cannot write standard output' and exit 9, for text, JSON (said in JSON), a body and a pack")
    func fullDisk() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([AxisConnection.Upload(key: "a", body: Array("Russia sent shells.".utf8))])
            await connection.close()
            for command in ["\"$AX\" ping --count 1", "\"$AX\" get a", "\"$AX\" export --out -"] {
                let output = try await self.shell(command + " > /dev/full", server: server)
                #expect(output.status == 9, "\(command): \(output.standardError)")
                #expect(output.standardError == "axclient: cannot write standard output: No space left on device\n", "\(command)")
            }
            for command in ["\"$AX\" ls --json", "\"$AX\" --ndjson ls", "\"$AX\" export --out - --json"] {
                let output = try await self.shell(command + " > /dev/full", server: server)
                #expect(output.status == 9, "\(command): \(output.standardError)")
                let error = try JSONSerialization.jsonObject(with: Data(output.standardError.utf8)) as? [String: Any]
                #expect(error?["error"] as? String == "cannot write standard output: No space left on device", "\(command)")
                #expect(error?["exit_code"] as? Int == 9, "\(command)")
            }
        }
    }

    @Test("a reader that goes away (| head -c 1): quiet, by SIGPIPE (141), for a body and a pack")
    func brokenPipe() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            // Far more than a pipe holds, compressed too (random letters), so that the write
            // meets the closed pipe.
            var random = SplitMix64(seed: 3)
            let body = (0..<3_000_000).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) }
            _ = try await connection.put([AxisConnection.Upload(key: "big", body: body)])
            await connection.close()
            for command in ["\"$AX\" get big", "\"$AX\" export --out -"] {
                let output = try await self.shell(command + " | head -c 1 > /dev/null", server: server)
                #expect(output.status == 141, "\(command): \(output.standardError)")
                #expect(output.standardError.isEmpty, "\(command)")
            }
        }
    }
}
