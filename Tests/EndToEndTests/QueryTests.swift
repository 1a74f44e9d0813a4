import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

@Suite("End to end: query", .timeLimit(.minutes(2)))
struct QueryEndToEndTests {
    let axclient = CommandLineTool.axclient

    @Test("ranked hits with snippets, highlights and facets; paging with tokens; syntax errors with their position")
    func query() async throws {
        try await withIndexedServer { server, _, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([
                IndexFixtures.upload("a", IndexFixtures.shells, title: "Shells", published: "2024-10-03"),
                IndexFixtures.upload("b", IndexFixtures.drones, title: "Drones", published: "2024-11-01"),
                IndexFixtures.upload("c", IndexFixtures.troops, title: "Troops", published: "2024-12-05"),
            ])
            let page = try await connection.query("entity:\"North Korea\" artillery since:2024-01-01")
            #expect(page.total == 1 && page.hits.first?.key == "a" && page.hits.first?.title == "Shells")
            let hit = try #require(page.hits.first)
            #expect(hit.published == "2024-10-03" && hit.snippet.contains("North Korea shipped"))
            let snippet = Array(hit.snippet.utf8)
            let marked = hit.highlights.map { String(decoding: snippet[Int($0.start)..<Int($0.end)], as: UTF8.self) }
            #expect(marked.contains("North Korea") && marked.contains("artillery"))
            #expect(hit.highlights.contains { $0.kind == "entity" && $0.entityID == "country:north-korea" })
            #expect(page.facets.contains { $0.type == "weapon" && $0.entities.contains { $0.id == "weapon:artillery-shell" } })

            var seen: [String] = []
            var after: String?
            repeat {
                let next = try await connection.query("entity:country:russia", limit: 1, after: after)
                seen += next.hits.map(\.key)
                after = next.next
            } while after != nil
            #expect(seen.count == 3 && Set(seen) == ["a", "b", "c"])

            let broken = "entity:\"North Korea\" (artillery OR"
            await #expect { _ = try await connection.query(broken) } throws: { error in
                let serverError = (error as? ClientError)?.serverError
                // At the end: the position is in characters.
                return serverError?.code == .invalidArgument && serverError?.offset == UInt64(broken.count) && serverError?.field == "query"
            }
            await #expect { _ = try await connection.query("drones", after: "not-a-token") } throws: {
                ($0 as? ClientError)?.serverError?.field == "after"
            }
            await connection.close()
        }
    }

    @Test("the CLI draws a caret under a syntax error and exits 2; --json gives the hits")
    func commandLine() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory)
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells, title: "Shells")])
            await connection.close()
            let address = "\(server.address.host):\(server.address.port)"
            let bad = try await self.axclient.run(["--server", address, "query", "shells (Russia"])
            #expect(bad.status == 2)
            #expect(bad.standardError.contains("shells (Russia\n") && bad.standardError.contains("               ^"), "\(bad.standardError)")
            let json = try await self.axclient.run(["--server", address, "query", "shells Russia", "--json"])
            #expect(json.status == 0)
            let hits = json.json?["hits"] as? [[String: Any]]
            #expect(hits?.first?["key"] as? String == "a" && json.json?["total"] as? Int == 1)
        }
    }
}
