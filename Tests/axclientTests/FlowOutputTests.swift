@testable import axclient
import AxisCodec
import Testing

/// Names and sentences come from documents: every output format escapes them.
@Suite("Flow output")
struct FlowOutputTests {
    @Test("DOT, GraphML and CSV escape what documents put in names")
    func escaping() {
        var group = FlowGroupMessage(supplier: "org:a\"b", recipient: "country:x<y>&'z", item: "weapon:q\\r")
        group.names = ["A \"quoted\" \\ name\nnext", "X <y> & 'z'", "item, \"with\" comma"]
        group.documents = 1
        group.sources = 1
        group.asserted = 1
        let graph = FlowGraph(groups: [group])
        #expect(graph.dot.contains(#""org:a\"b""#) && graph.dot.contains(#"A \"quoted\" \\ name\nnext"#))
        #expect(graph.graphML.contains("X &lt;y&gt; &amp; &apos;z&apos;") && !graph.graphML.contains("<y>"))
        #expect(FlowGraph.xml("a\u{1}b") == "ab")
        let csv = FlowTables.groupsCSV([group])
        #expect(csv.contains(#""item, ""with"" comma""#))
        #expect(csv.contains("\"A \"\"quoted\"\" \\ name\nnext\""))
        #expect(CSVWriter.line(["plain", "a,b", "x\r\ny"]) == "plain,\"a,b\",\"x\r\ny\"\r\n")
    }

    @Test("a graph's nodes sum their edges' documents; the edge's modality is its statements' most common")
    func graphShape() {
        var first = FlowGroupMessage(supplier: "country:iran", recipient: "country:russia", item: "weapon:drone")
        first.documents = 3
        first.sources = 2
        first.reported = 2
        first.asserted = 1
        var second = FlowGroupMessage(supplier: "country:north-korea", recipient: "country:russia", item: "weapon:artillery-shell")
        second.documents = 2
        second.sources = 1
        second.denied = 2
        let graph = FlowGraph(groups: [first, second])
        #expect(graph.nodes.map(\.id) == ["country:iran", "country:russia", "country:north-korea"])
        #expect(graph.nodes[1].documents == 5)
        #expect(graph.edges.map(\.modality) == ["reported", "denied"])
        #expect(graph.dot.contains("style=dotted"))
    }
}
