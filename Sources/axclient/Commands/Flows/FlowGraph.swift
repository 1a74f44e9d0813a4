import AxisCodec

/// Flow groups as a graph: nodes are entities (roll-ups), edges supplier → recipient per item,
/// weighted by distinct sources. Renders DOT (Graphviz), GraphML (Gephi, networkx) and JSON;
/// every string from documents is escaped for the format it goes into.
struct FlowGraph: Encodable {
    struct Node: Encodable {
        var id: String
        var name: String
        var type: String
        /// Documents stating a flow with it, summed over its edges.
        var documents: UInt64
    }

    struct Edge: Encodable {
        var source: String
        var target: String
        var item: String
        var itemName: String
        /// The modality most of its statements have.
        var modality: String
        var documents: UInt64
        /// Distinct sources: the edge's weight.
        var sources: UInt64

        enum CodingKeys: String, CodingKey {
            case source, target, item, modality, documents, sources
            case itemName = "item_name"
        }
    }

    var nodes: [Node] = []
    var edges: [Edge] = []

    init(groups: [FlowGroupMessage]) {
        var positions: [String: Int] = [:]
        func node(_ id: String, _ name: String, documents: UInt64) {
            if let position = positions[id] {
                self.nodes[position].documents += documents
            } else {
                positions[id] = self.nodes.count
                self.nodes.append(Node(id: id, name: name, type: String(id.prefix { $0 != ":" }), documents: documents))
            }
        }
        for group in groups {
            node(group.supplier, group.name(0, or: group.supplier), documents: group.documents)
            node(group.recipient, group.name(1, or: group.recipient), documents: group.documents)
            let counts = [("asserted", group.asserted), ("reported", group.reported), ("possible", group.possible), ("denied", group.denied)]
            let modality = counts.max { $0.1 < $1.1 }?.0 ?? "asserted"
            self.edges.append(
                Edge(
                    source: group.supplier, target: group.recipient, item: group.item, itemName: group.name(2, or: group.item),
                    modality: modality, documents: group.documents, sources: group.sources))
        }
    }

    // MARK: - DOT

    var dot: String {
        var text = "digraph flows {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        text += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for node in self.nodes {
            text += "  \(Self.dotString(node.id)) [label=\(Self.dotString("\(node.name)\n\(node.type), \(node.documents) docs"))];\n"
        }
        for edge in self.edges {
            let style = edge.modality == "denied" ? "dotted" : edge.modality == "possible" ? "dashed" : "solid"
            let label = "\(edge.itemName) (\(edge.modality))\n\(edge.sources) sources"
            text += "  \(Self.dotString(edge.source)) -> \(Self.dotString(edge.target)) "
            text += "[label=\(Self.dotString(label)), weight=\(max(1, edge.sources)), penwidth=\(Self.penWidth(edge.sources)), style=\(style)];\n"
        }
        return text + "}\n"
    }

    /// A DOT double-quoted string: backslashes and quotes escaped, newlines as \n.
    static func dotString(_ text: String) -> String {
        var escaped = "\""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": break
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func penWidth(_ sources: UInt64) -> String {
        String(format1(1 + min(6, Double(sources).squareRoot())))
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    // MARK: - GraphML

    var graphML: String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="name" for="node" attr.name="name" attr.type="string"/>
              <key id="type" for="node" attr.name="type" attr.type="string"/>
              <key id="ndocuments" for="node" attr.name="documents" attr.type="long"/>
              <key id="item" for="edge" attr.name="item" attr.type="string"/>
              <key id="item_name" for="edge" attr.name="item_name" attr.type="string"/>
              <key id="modality" for="edge" attr.name="modality" attr.type="string"/>
              <key id="edocuments" for="edge" attr.name="documents" attr.type="long"/>
              <key id="weight" for="edge" attr.name="weight" attr.type="long"/>
              <graph id="flows" edgedefault="directed">

            """
        for node in self.nodes {
            text += "    <node id=\"\(Self.xml(node.id))\">"
            text += "<data key=\"name\">\(Self.xml(node.name))</data><data key=\"type\">\(Self.xml(node.type))</data>"
            text += "<data key=\"ndocuments\">\(node.documents)</data></node>\n"
        }
        for (index, edge) in self.edges.enumerated() {
            text += "    <edge id=\"e\(index)\" source=\"\(Self.xml(edge.source))\" target=\"\(Self.xml(edge.target))\">"
            text += "<data key=\"item\">\(Self.xml(edge.item))</data><data key=\"item_name\">\(Self.xml(edge.itemName))</data>"
            text += "<data key=\"modality\">\(Self.xml(edge.modality))</data><data key=\"edocuments\">\(edge.documents)</data>"
            text += "<data key=\"weight\">\(edge.sources)</data></edge>\n"
        }
        return text + "  </graph>\n</graphml>\n"
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry are dropped.
    static func xml(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default:
                let value = scalar.value
                let allowed = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
                if allowed { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
