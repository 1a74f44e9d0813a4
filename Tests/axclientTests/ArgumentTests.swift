import ArgumentParser
@testable import axclient
import AxisClient
import AxisCodec
import NIOCore
import Testing

@Suite("axclient arguments")
struct ArgumentTests {
    @Test(
        "global options before the subcommand move after it",
        arguments: [
            (["--server", "h:1", "ping"], ["ping", "--server", "h:1"]),
            (["--json", "--server=h:1", "ping", "--count", "3"], ["ping", "--json", "--server=h:1", "--count", "3"]),
            (["ping", "--server", "h:1"], ["ping", "--server", "h:1"]),
            (["--help"], ["--help"]),
            (["--server", "h:1"], ["--server", "h:1"]),
            (["--unknown", "ping"], ["--unknown", "ping"]),
        ])
    func hoist(input: [String], expected: [String]) {
        #expect(GlobalArguments.hoist(input) == expected)
    }

    @Test("--timeout bounds the handshake as well as each answer; without it, 5 s and 30 s")
    func timeoutCoversTheHandshake() throws {
        let patient = GlobalOptions.clientConfiguration(.init(address: .default, timeout: 60))
        #expect(patient.connectTimeout == .seconds(60) && patient.requestTimeout == .seconds(60))
        let hasty = GlobalOptions.clientConfiguration(.init(address: .default, timeout: 0.5))
        #expect(hasty.connectTimeout == .milliseconds(500) && hasty.requestTimeout == .milliseconds(500))
        let plain = GlobalOptions.clientConfiguration(.init(address: .default, timeout: nil))
        #expect(plain.connectTimeout == .seconds(5) && plain.requestTimeout == .seconds(30))
    }

    @Test("a query over the server's 4,096 bytes is a usage error before sending, in the user's words")
    func longQuery() throws {
        let long = String(repeating: "drones ", count: 600)
        for arguments in [["query", long], ["timeline", "Iran", "--where", long], ["cooccur", "Iran", "Russia", "--where", long]] {
            #expect { _ = try AxClient.parseAsRoot(arguments) } throws: { error in
                AxClient.fullMessage(for: error).contains("is 4200 bytes; the longest a server takes is 4096")
            }
        }
        #expect(try AxClient.parseAsRoot(["query", String(repeating: "a", count: 4096)]) is QueryCommand)
    }

    @Test("list, remove and delete are the names people type for ls and rm, in a batch too")
    func aliases() throws {
        #expect(try AxClient.parseAsRoot(GlobalArguments.hoist(["--json", "list", "--prefix", "a/"])) is ListCommand)
        #expect(try AxClient.parseAsRoot(["remove", "some/key"]) is RemoveCommand)
        #expect(try AxClient.parseAsRoot(["delete", "some/key"]) is RemoveCommand)
        #expect(try BatchScript.parse(["list", "--limit", "3"]) is ListCommand)
    }

    @Test("ping parses with the server before or after the subcommand")
    func parsePing() throws {
        for arguments in [["--server", "10.0.0.5:7411", "ping", "--count", "3"], ["ping", "--count", "3", "--server", "10.0.0.5:7411"]] {
            let command = try #require(try AxClient.parseAsRoot(GlobalArguments.hoist(arguments)) as? PingCommand)
            #expect(command.count == 3)
            #expect(try command.global.resolvedAddress() == ServerAddress(host: "10.0.0.5", port: 7411))
        }
    }

    @Test("bad values are usage errors", arguments: [["ping", "--count", "0"], ["ping", "--server", "h:99999"], ["ping", "--server", "h:0"], ["ping", "--timeout", "-1"]])
    func usageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try AxClient.parseAsRoot(arguments) }
    }

    @Test("client errors map to the documented exit codes")
    func exitCodes() {
        #expect(ExitStatus.code(for: ClientError(.cannotConnect, "")) == 4)
        #expect(ExitStatus.code(for: ClientError(.notAnAxisServer, "")) == 4)
        #expect(ExitStatus.code(for: ClientError(.versionMismatch, "")) == 6)
        #expect(ExitStatus.code(for: ClientError(.timeout, "")) == 7)
        #expect(ExitStatus.code(for: ClientError(.server, "", serverError: WireError(.notFound, "no"))) == 3)
        #expect(ExitStatus.code(for: ClientError(.server, "", serverError: WireError(.forbidden, "no"))) == 5)
        #expect(ExitStatus.code(for: ClientError(.server, "", serverError: WireError(.invalidArgument, "no"))) == 2)
        #expect(ExitStatus.code(for: ClientError(.server, "", serverError: WireError(.internal, "no"))) == 1)
    }
}
