import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// Scripted remote analysis end to end: aggregates from the server, batches over one
/// connection, NDJSON and the config file, through the real `axclient`.
@Suite("End to end: scripting", .timeLimit(.minutes(2)))
struct ScriptingEndToEndTests {
    let axclient = CommandLineTool.axclient

    static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("TIMELINE and COOCCUR answer from the server; unknown names and bad queries are clear errors")
    func aggregates() async throws {
        try await withIndexedServer { server, _, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([
                IndexFixtures.upload("a", IndexFixtures.shells, published: "2024-10-03"),
                IndexFixtures.upload("b", IndexFixtures.drones, published: "2024-11-01"),
                IndexFixtures.upload("c", IndexFixtures.troops, published: "2024-12-05"),
            ])
            let timeline = try await connection.timeline("Russia", interval: "month")
            #expect(timeline.periods.map(\.start) == ["2024-10-01", "2024-11-01", "2024-12-01"])
            #expect(timeline.periods.map(\.documents) == [1, 1, 1] && timeline.entity?.id == "country:russia" && timeline.indexedSequence == 3)
            let korea = try await connection.timeline("North Korean", interval: "week", where: "troops")
            #expect(korea.periods.count == 1 && korea.periods.first?.start == "2024-12-02")
            let pairs = try await connection.cooccurrence(["North Korea", "Russia", "Iran"], examples: 5)
            #expect(pairs.pairs.map(\.documents) == [2, 0, 1] && Set(pairs.pairs[0].examples) == ["a", "c"] && pairs.documents == 3)
            await #expect { _ = try await connection.timeline("Atlantis") } throws: { ($0 as? ClientError)?.serverError?.code == .notFound }
            await #expect { _ = try await connection.timeline("Russia", interval: "year") } throws: { ($0 as? ClientError)?.serverError?.field == "interval" }
            await #expect { _ = try await connection.cooccurrence(["Russia", "Iran"], where: "drones (") } throws: {
                ($0 as? ClientError)?.serverError?.field == "where" && ($0 as? ClientError)?.serverError?.offset == 8
            }
            await connection.close()
        }
    }

    @Test("a batch of a hundred commands runs over one connection; results in input order; failures do not stop it")
    func hundredCommands() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory)
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells, published: "2024-10-03")])
            await connection.close()
            var script = "# a hundred commands\n"
            for index in 0..<100 {
                switch index % 5 {
                case 0: script += "ping\n"
                case 1: script += "entities --top 3\n"
                case 2: script += "query 'entity:\"North Korea\" shells'\n"
                case 3: script += "timeline Russia --by month\n"
                default: script += index == 4 ? "get missing-key\n" : "cooccur 'North Korea' Russia\n"
                }
            }
            let output = try await self.axclient.run(["--server", "\(server.address.host):\(server.address.port)", "batch", "-"], standardInput: script)
            #expect(output.status == 8, "\(output.standardError)")
            let results = try Self.lines(output.standardOutput)
            #expect(results.count == 100)
            #expect(results.compactMap { $0["line"] as? Int } == Array(2...101))
            #expect(results.filter { ($0["ok"] as? Bool) == false }.count == 1)
            #expect((results[4]["exit_code"] as? Int) == 3)
            // Every ping reports the connection it came over: one connection for all.
            let connections = Set(results.compactMap { ($0["result"] as? [String: Any])?["connection_id"] as? Int })
            #expect(connections.count == 1)
            let hits = (results[2]["result"] as? [String: Any])?["total"] as? Int
            #expect(hits == 1)
        }
    }

    @Test("a write in a batch is a barrier; --stop-on-error runs nothing after the first failure")
    func barriersAndStopping() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory + "/data")
            defer { server.terminate() }
            let note = directory + "/note.txt"
            try Data("Iran sent drones to Russia.".utf8).write(to: URL(fileURLWithPath: note))
            let address = "\(server.address.host):\(server.address.port)"
            let script = "put \(note) --key k\nget k --meta\nhistory k\nget missing\nping\n"
            let all = try await self.axclient.run(["batch", "-"], environment: ["AX_SERVER": address], standardInput: script)
            let results = try Self.lines(all.standardOutput)
            #expect(all.status == 8 && results.count == 5)
            #expect(results.map { $0["ok"] as? Bool } == [true, true, true, false, true])
            let stopped = try await self.axclient.run(["batch", "-", "--stop-on-error"], environment: ["AX_SERVER": address], standardInput: "get missing\nping\n")
            let stoppedResults = try Self.lines(stopped.standardOutput)
            #expect(stopped.status == 8 && stoppedResults.count == 1)
            let clean = try await self.axclient.run(["batch", "-"], environment: ["AX_SERVER": address], standardInput: "ping\n\n# done\n")
            let cleanResults = try Self.lines(clean.standardOutput)
            #expect(clean.status == 0 && cleanResults.count == 1)
        }
    }

    @Test("--ndjson prints one object per item; the config file names the server; options win over it")
    func ndjsonAndConfig() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory + "/data")
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells), IndexFixtures.upload("b", IndexFixtures.drones)])
            await connection.close()
            let config = directory + "/axclient.conf"
            try Data("# test\nserver = \(server.address.host):\(server.address.port)\ntimeout = 5\n".utf8).write(to: URL(fileURLWithPath: config))
            let environment = ["AX_SERVER": "", "XDG_CONFIG_HOME": directory + "/empty"]
            let listed = try await self.axclient.run(["--config", config, "ls", "--ndjson"], environment: environment)
            let keys = try Self.lines(listed.standardOutput).compactMap { $0["key"] as? String }
            #expect(listed.status == 0 && keys == ["a", "b"])
            let viaVariable = try await self.axclient.run(["entities", "--ndjson", "--top", "2"], environment: environment.merging(["AX_CONFIG": config]) { $1 })
            let entities = try Self.lines(viaVariable.standardOutput)
            #expect(viaVariable.status == 0 && entities.count == 2)
            // The option wins over the file: a closed port gives "cannot connect".
            let overridden = try await self.axclient.run(["--config", config, "--server", "127.0.0.1:1", "ping", "--json"], environment: environment)
            #expect(overridden.status == 4 && overridden.standardError.contains("\"exit_code\":4"))
            let broken = directory + "/broken.conf"
            try Data("colour = red\n".utf8).write(to: URL(fileURLWithPath: broken))
            let refused = try await self.axclient.run(["--config", broken, "ping"], environment: environment)
            #expect(refused.status == 2 && refused.standardError.contains("broken.conf:1"))
        }
    }
}
