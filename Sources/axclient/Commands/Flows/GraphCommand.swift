import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient graph`: the flows as a graph, for Graphviz, Gephi or networkx.
struct GraphCommand: RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw supply flows as a graph: DOT, GraphML, JSON or SVG (through Graphviz).",
        discussion: """
            Nodes are entities (countries, and parties that act for no state), with their
            type and the documents stating a flow with them; edges go supplier -> recipient,
            one per item, weighted by the number of distinct sources, labelled with the item
            and the modality most statements have (dashed: possible, dotted: denied).
            Takes the same filters as `axclient flows`.

            --format svg runs Graphviz's `dot` (Debian: apt-get install graphviz); GraphML
            opens in Gephi, yEd and networkx (networkx.read_graphml).

            Examples:
              axclient graph --to Russia --format svg > russia.svg
              axclient graph --from Iran --format graphml > iran.graphml
              axclient graph --item drone --format dot | dot -Tpng > drones.png
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, graphml, json, svg
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: FlowFilterOptions

    @Option(help: "dot, graphml, json or svg.")
    var format: Format = .dot

    @Option(help: "The most edges (supplier -> recipient : item), most corroborated first.")
    var limit: UInt64 = 200

    func validate() throws {
        guard (1...10_000).contains(self.limit) else { throw ValidationError("--limit must be 1 to 10000") }
    }

    func ask(_ connection: AxisConnection) async throws -> FlowGraph {
        var request = self.filter.request()
        request.group = true
        var groups: [FlowGroupMessage] = []
        while UInt64(groups.count) < self.limit {
            request.limit = min(FlowsRequest.maxLimit, self.limit - UInt64(groups.count))
            let page = try await connection.flows(request)
            groups += page.groups
            guard let next = page.next, !page.groups.isEmpty else { break }
            request.after = next
        }
        return FlowGraph(groups: groups)
    }

    func json(_ graph: FlowGraph) -> FlowGraph { graph }

    func printText(_ graph: FlowGraph) throws {
        switch self.format {
        case .dot: FileOutput.standardOutput.write(graph.dot)
        case .graphml: FileOutput.standardOutput.write(graph.graphML)
        case .json: try JSONOutput.print(graph)
        case .svg: FileOutput.standardOutput.write(try Graphviz.render(graph.dot, as: "svg", json: self.global.machineReadable))
        }
    }
}

/// Graphviz's `dot`, found on the PATH.
enum Graphviz {
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = String(folder) + "/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Lays out and renders `dot` text; a missing Graphviz is a usage error that says how to get it.
    static func render(_ source: String, as format: String, json: Bool) throws -> String {
        guard let dot = self.executable() else {
            throw CommandFailure(
                "--format svg needs Graphviz's dot, which is not on the PATH (Debian: apt-get install graphviz); "
                    + "--format dot gives the graph to lay out elsewhere", exitCode: ExitStatus.usage, json: json)
        }
        // The graph goes in as a file and dot's messages come out in one, so no pipe can fill
        // while the other is waited on, and dot stopping early cannot kill us with SIGPIPE.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("axclient-graph-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let graphFile = folder.appendingPathComponent("graph.dot")
        let messagesFile = folder.appendingPathComponent("messages.txt")
        try Data(source.utf8).write(to: graphFile)
        try Data().write(to: messagesFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-T" + format, graphFile.path]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: messagesFile)
        try process.run()
        let rendered = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        let message = (try? Data(contentsOf: messagesFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("dot failed: \(String(decoding: message, as: UTF8.self))", exitCode: ExitStatus.serverError, json: json)
        }
        return String(decoding: rendered, as: UTF8.self)
    }
}
