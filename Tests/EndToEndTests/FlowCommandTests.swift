import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// FLOWS and `axclient flows`/`graph` end to end against the real server binary: rows and
/// groups over TCP, CSV read back by Python's csv module, DOT read back by Graphviz's `dot`,
/// GraphML parsed as XML, and names from documents escaped in each.
@Suite("End to end: flows and graph", .timeLimit(.minutes(3)))
struct FlowCommandTests {
    let axclient = CommandLineTool.axclient

    static let documents: [(key: String, text: String, source: String, published: String)] = [
        ("wire/1", "Pyongyang shipped more than 100 KN-23 missiles to Russia last year.", "wire", "2024-03-01"),
        ("wire/2", "North Korea sent artillery shells to Russia, according to Ukrainian intelligence.", "wire", "2024-05-01"),
        ("desk/3", "North Korea sent artillery shells to Russia by rail.", "desk", "2024-06-01"),
        ("desk/4", "Iran delivered Shahed-136 drones to Russia.", "desk", "2024-08-01"),
    ]

    func withFlows(_ body: (_ address: String, _ directory: String) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory + "/data")
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put(
                Self.documents.map { AxisConnection.Upload(key: $0.key, body: Array($0.text.utf8), source: $0.source, published: $0.published) })
            await connection.close()
            try await body("\(server.address.host):\(server.address.port)", directory)
        }
    }

    @Test("rows and groups over TCP: roll-up, classes, corroboration, paging, errors")
    func overTheWire() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory + "/data")
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put(
                Self.documents.map { AxisConnection.Upload(key: $0.key, body: Array($0.text.utf8), source: $0.source, published: $0.published) })
            var request = FlowsRequest()
            request.supplier = "North Korea"
            request.limit = 2
            let first = try await connection.flows(request)
            #expect(first.total == 3 && first.flows.map { $0.key ?? "" } == ["desk/3", "wire/2"])
            #expect(first.flows.allSatisfy { $0.evidence?.isEmpty == false && $0.supplier == "country:north-korea" })
            request.after = first.next
            let second = try await connection.flows(request)
            #expect(second.flows.map { $0.key ?? "" } == ["wire/1"] && second.next == nil)
            #expect(second.flows.first?.supplierEntity == "place:pyongyang" && second.flows.first?.quantity != nil)
            var grouped = FlowsRequest()
            grouped.supplier = "North Korea"
            grouped.item = "munitions"
            grouped.group = true
            let groups = try await connection.flows(grouped)
            let shells = try #require(groups.groups.first)
            #expect(groups.groups.count == 1 && shells.item == "weapon:artillery-shell" && shells.documents == 2 && shells.sources == 2)
            let entity = try await connection.entity("North Korea", flows: 5)
            #expect(Set(entity.supplies.map(\.item)) == ["weapon:kn-23", "weapon:artillery-shell"] && entity.receives.isEmpty)
            #expect(entity.supplies.allSatisfy { $0.best?.evidence != nil && $0.recipient == "country:russia" })
            let russia = try await connection.entity("Russia", flows: 1)
            #expect(russia.receives.count == 1 && russia.receives.first?.sources == 2 && russia.supplies.isEmpty)
            var unknown = FlowsRequest()
            unknown.supplier = "Atlantis"
            await #expect { _ = try await connection.flows(unknown) } throws: {
                ($0 as? ClientError)?.serverError?.code == .notFound && ($0 as? ClientError)?.serverError?.field == "supplier"
            }
            var badModality = FlowsRequest()
            badModality.modalities = ["rumoured"]
            await #expect { _ = try await connection.flows(badModality) } throws: { ($0 as? ClientError)?.serverError?.field == "modalities" }
            await connection.close()
        }
    }

    @Test("flows --csv reads back with Python's csv module; --group --json has the groups")
    func csvAndJSON() async throws {
        try await self.withFlows { address, directory in
            let csv = try await self.axclient.run(["flows", "--to", "Russia", "--csv"], environment: ["AX_SERVER": address])
            #expect(csv.status == 0, "\(csv.standardError)")
            let path = directory + "/flows.csv"
            try Data(csv.standardOutput.utf8).write(to: URL(fileURLWithPath: path))
            let script = "import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=''))); "
                + "print(len(rows)); print(sorted({r['key'] for r in rows})); print(rows[0]['evidence'])"
            let python = try await CommandLineTool(path: "/usr/bin/env").run(["python3", "-c", script, path])
            #expect(python.status == 0, "\(python.standardError)")
            let lines = python.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "4")
            #expect(lines.dropFirst().first == "['desk/3', 'desk/4', 'wire/1', 'wire/2']")
            #expect(lines.last == "Iran delivered Shahed-136 drones to Russia.")
            let json = try await self.axclient.run(["flows", "--from", "North Korea", "--group", "--json"], environment: ["AX_SERVER": address])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let groups = try #require(object["groups"] as? [[String: Any]])
            #expect(groups.count == 2 && (object["total"] as? Int) == 2)
            #expect((groups.first?["sources"] as? Int) == 2)
        }
    }

    @Test("graph: DOT that Graphviz reads back, valid GraphML, names escaped")
    func graph() async throws {
        try await self.withFlows { address, directory in
            let dot = try await self.axclient.run(["graph", "--to", "Russia"], environment: ["AX_SERVER": address])
            #expect(dot.status == 0 && dot.standardOutput.hasPrefix("digraph flows {"))
            #expect(dot.standardOutput.contains("\"country:north-korea\" -> \"country:russia\""))
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
                let laidOut = try await CommandLineTool(path: "/usr/bin/dot").run(["-Tsvg"], standardInput: dot.standardOutput)
                #expect(laidOut.status == 0 && laidOut.standardOutput.contains("<svg"), "\(laidOut.standardError)")
                let svg = try await self.axclient.run(["graph", "--to", "Russia", "--format", "svg"], environment: ["AX_SERVER": address])
                #expect(svg.status == 0 && svg.standardOutput.contains("<svg") && svg.standardOutput.contains("North Korea"))
            }
            let graphML = try await self.axclient.run(["graph", "--to", "Russia", "--format", "graphml"], environment: ["AX_SERVER": address])
            let path = directory + "/flows.graphml"
            try Data(graphML.standardOutput.utf8).write(to: URL(fileURLWithPath: path))
            let script = """
                import sys, xml.etree.ElementTree as ET
                ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}
                graph = ET.parse(sys.argv[1]).getroot().find('g:graph', ns)
                nodes = {n.get('id') for n in graph.findall('g:node', ns)}
                edges = [(e.get('source'), e.get('target')) for e in graph.findall('g:edge', ns)]
                assert all(s in nodes and t in nodes for s, t in edges)
                print(sorted(nodes)); print(len(edges))
                """
            let python = try await CommandLineTool(path: "/usr/bin/env").run(["python3", "-c", script, path])
            #expect(python.status == 0, "\(python.standardError)")
            #expect(python.standardOutput == "['country:iran', 'country:north-korea', 'country:russia']\n3\n")
        }
    }
}
