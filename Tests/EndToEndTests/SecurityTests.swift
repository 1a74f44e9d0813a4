import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// Tokens with roles, end to end with the real binaries (docs/operations.md, "Securing a
/// server").
@Suite("Security: tokens and roles", .timeLimit(.minutes(3)))
struct SecurityTests {
    let axclient = CommandLineTool.axclient
    let axserver = CommandLineTool(path: ServerProcess.binaryPath)

    func addToken(_ name: String, role: String, data: String) async throws -> String {
        let made = try await self.axserver.run(["token", "add", name, "--role", role, "--data", data])
        #expect(made.status == 0, "\(made.standardError)")
        return made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("no token or a wrong one is refused (exit 5); read cannot put, rm or import; write can; a revoked token stops working; the audit log names the token")
    func rolesEndToEnd() async throws {
        try await withTemporaryDirectory { folder in
            let data = folder + "/data"
            let admin = try await self.addToken("chief", role: "admin", data: data)
            let reader = try await self.addToken("analyst", role: "read", data: data)
            let writer = try await self.addToken("desk", role: "write", data: data)
            #expect(admin.hasPrefix("axt_") && admin.count == 68)
            let mode = try FileManager.default.attributesOfItem(atPath: data + "/tokens")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let stored = try String(contentsOfFile: data + "/tokens", encoding: .utf8)
            #expect(!stored.contains(admin) && !stored.contains(reader), "only hashes are stored")

            let server = try await ServerProcess.start(dataDirectory: data)
            defer { server.terminate() }
            let address = "\(server.address.host):\(server.address.port)"

            let anonymous = try await self.axclient.run(["--server", address, "ping"])
            #expect(anonymous.status == 5 && anonymous.standardError.contains("requires a token"), "\(anonymous.standardError)")
            let wrong = try await self.axclient.run(["--server", address, "--token", "axt_" + String(repeating: "0", count: 64), "ping"])
            #expect(wrong.status == 5 && wrong.standardError.contains("not valid"), "\(wrong.standardError)")

            let put = try await self.axclient.run(
                ["--server", address, "put", "-", "--key", "desk/1"], environment: ["AX_TOKEN": writer], standardInput: "Iran sent drones.")
            #expect(put.status == 0, "\(put.standardError)")
            let read = try await self.axclient.run(["--server", address, "--token", reader, "get", "desk/1"])
            #expect(read.status == 0 && read.standardOutput == "Iran sent drones.")
            for arguments in [["put", "-", "--key", "desk/2"], ["rm", "desk/1"]] {
                let refused = try await self.axclient.run(["--server", address, "--token", reader] + arguments, standardInput: "text")
                #expect(refused.status == 5, "\(arguments): \(refused.standardError)")
                #expect(refused.standardError.contains("needs the write role") && refused.standardError.contains("'analyst' has read"), "\(refused.standardError)")
            }
            let pack = folder + "/all.axpack"
            #expect(try await self.axclient.run(["--server", address, "--token", reader, "export", "--out", pack]).status == 0)
            let imported = try await self.axclient.run(["--server", address, "--token", reader, "import", pack])
            #expect(imported.status == 5, "\(imported.standardError)")

            // Revoked while the server runs: the next connection is refused.
            #expect(try await self.axserver.run(["token", "revoke", "desk", "--data", data]).status == 0)
            let revoked = try await self.axclient.run(["--server", address, "--token", writer, "ping"])
            #expect(revoked.status == 5, "\(revoked.standardError)")
            #expect(try await self.axclient.run(["--server", address, "--token", admin, "rm", "desk/1"]).status == 0)

            let log = server.log
            #expect(log.contains { $0.contains("audit: put") && $0.contains("key=desk/1") && $0.contains("token=desk") && $0.contains("sequence=1") }, "\(log.suffix(8))")
            #expect(log.contains { $0.contains("audit: delete") && $0.contains("token=chief") && $0.contains("peer=127.0.0.1") })
            #expect(log.contains { $0.contains("tokens reloaded") && $0.contains("revoked: desk") })
        }
    }

    @Test("wrong tokens are slow to retry: each failure from one address waits longer")
    func slowRetries() async throws {
        try await withTemporaryDirectory { folder in
            let data = folder + "/data"
            _ = try await self.addToken("chief", role: "admin", data: data)
            let server = try await ServerProcess.start(dataDirectory: data)
            defer { server.terminate() }
            var times: [Duration] = []
            for _ in 0..<4 {
                let began = ContinuousClock.now
                let wrong = try await self.axclient.run(
                    ["--server", "\(server.address.host):\(server.address.port)", "--token", "axt_guess", "ping"])
                #expect(wrong.status == 5)
                times.append(ContinuousClock.now - began)
            }
            // 250 ms, 500 ms, 1 s, 2 s: the server says which delay it chose (a comparison of
            // wall times failed on a loaded machine, where starting axclient took 2.6 s), and
            // each answer took at least its delay.
            func chosenDelays() -> [Int] {
                server.log.compactMap { line -> Int? in
                    guard line.contains("authentication failed"), let range = line.range(of: "answering in ") else { return nil }
                    return Int(line[range.upperBound...].prefix { $0.isNumber })
                }
            }
            // The log pipe is read in the background: give its last line a moment to arrive.
            var delays = chosenDelays()
            for _ in 0..<50 where delays.count < 4 {
                try await Task.sleep(for: .milliseconds(100))
                delays = chosenDelays()
            }
            #expect(delays == [250, 500, 1000, 2000], "\(server.log.suffix(8))")
            #expect(times[0] >= .milliseconds(250) && times[3] >= .seconds(2), "\(times)")
        }
    }

    @Test("with no token, axserver refuses a non-loopback address unless --insecure, and says why")
    func safeDefault() async throws {
        try await withTemporaryDirectory { folder in
            // Under `timeout`: were the refusal ever lost, the server must not stay up listening.
            let refused = try await CommandLineTool(path: "/usr/bin/timeout").run(
                ["10", ServerProcess.binaryPath, "--listen", "0.0.0.0:0", "--data", folder + "/data"])
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("refusing to listen on 0.0.0.0 with no token"), "\(refused.standardError)")
        }
    }

    @Test("tokens over the protocol (TOKENS): an admin adds and revokes them; a write token cannot add one (exit 5, naming the admin role)")
    func tokensOverTheProtocol() async throws {
        try await withTemporaryDirectory { folder in
            let data = folder + "/data"
            let admin = try await self.addToken("chief", role: "admin", data: data)
            let writer = try await self.addToken("desk", role: "write", data: data)
            let server = try await ServerProcess.start(dataDirectory: data)
            defer { server.terminate() }
            let address = "\(server.address.host):\(server.address.port)"

            let denied = try await self.axclient.run(["--server", address, "--token", writer, "token", "add", "intruder", "--role", "admin"])
            #expect(denied.status == 5 && denied.standardError.contains("needs the admin role"), "\(denied.standardError)")

            let added = try await self.axclient.run(["--server", address, "--token", admin, "token", "add", "bob", "--role", "read", "--json"])
            #expect(added.status == 0, "\(added.standardError)")
            let token = try #require(added.json?["token"] as? String)
            #expect(token.hasPrefix("axt_"))
            let asBob = try await self.axclient.run(["--server", address, "--token", token, "ls"])
            #expect(asBob.status == 0, "\(asBob.standardError)")
            let listed = try await self.axclient.run(["--server", address, "--token", admin, "token", "list"])
            #expect(listed.standardOutput.contains("bob\tread") && !listed.standardOutput.contains(token))
            let revoked = try await self.axclient.run(["--server", address, "--token", admin, "token", "revoke", "bob"])
            #expect(revoked.status == 0)
            #expect(try await self.axclient.run(["--server", address, "--token", token, "ls"]).status == 5)
            #expect(server.log.contains { $0.contains("audit: token add") && $0.contains("name=bob") && $0.contains("token=chief") })
        }
    }
}
