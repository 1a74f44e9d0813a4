import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// The documentation's examples, run: every command of docs/cli.md must print JSON of the
/// shape the page shows, and every script of docs/scripting.md must run and print something.
/// Both run the built `axclient` through bash against a real `axserver`, as a user would.
@Suite("Documentation examples", .timeLimit(.minutes(3)))
struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let axclient = CommandLineTool.axclient

    /// The articles the examples expect (docs/cli.md, "The examples below").
    static func loadExamples(into server: ServerProcess) async throws {
        let connection = try await AxisConnection.connect(to: server.address)
        func upload(_ key: String, _ text: String, title: String, source: String, published: String, tag: String) -> AxisConnection.Upload {
            AxisConnection.Upload(key: key, body: Array(text.utf8), title: title, source: source, published: published, tags: [tag])
        }
        let title = "Rail shipments from the north"
        _ = try await connection.put([upload("desk/2024-10-03-shells", IndexFixtures.shells + "\n", title: title, source: "desk", published: "2024-10-03", tag: "korea")])
        _ = try await connection.put([
            upload("desk/2024-10-03-shells", IndexFixtures.shellsRevised + "\n", title: title, source: "desk", published: "2024-10-03", tag: "korea")
        ])
        _ = try await connection.put([
            upload("desk/2024-11-01-drones", IndexFixtures.drones + "\n", title: "Drones for Russia", source: "wire", published: "2024-11-01", tag: "iran"),
            upload("desk/2024-12-05-troops", IndexFixtures.troops + "\n", title: "Troops in Kursk", source: "wire", published: "2024-12-05", tag: "korea"),
        ])
        await connection.close()
    }

    /// Runs `body` with a server holding the examples and a folder holding note.txt.
    func withExamples(_ body: (_ run: (String) async throws -> CommandLineTool.Output) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory + "/data")
            defer { server.terminate() }
            try await Self.loadExamples(into: server)
            let work = directory + "/work"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try Data("Iran and Russia signed a drone deal, state media said.\n".utf8).write(to: URL(fileURLWithPath: work + "/note.txt"))
            let binaries = (self.axclient.path as NSString).deletingLastPathComponent
            let environment = [
                "PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                "AX_SERVER": "\(server.address.host):\(server.address.port)", "NO_COLOR": "1", "AX_CONFIG": "",
                "XDG_CONFIG_HOME": directory + "/config",
                // The Python client, standard library only, straight from the repository.
                "PYTHONPATH": Self.repository.appendingPathComponent("Protocol/python/src").path,
            ]
            let bash = CommandLineTool(path: "/bin/bash")
            try await body { script in
                try await bash.run(["-c", script], environment: environment, workingDirectory: work)
            }
        }
    }

    @Test("every command in docs/cli.md prints JSON of the documented shape, with the documented exit code")
    func cliReference() async throws {
        let page = try String(contentsOf: Self.repository.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let examples = DocumentationExamples.commands(in: page)
        #expect(examples.count >= 20)
        try await self.withExamples { run in
            for example in examples {
                let output = try await run(example.command)
                #expect(output.status == example.exitCode, "\(example.command): exit \(output.status): \(output.standardError)")
                let printed = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? output.standardError : output.standardOutput
                let actual = try JSONShape.of(printed)
                let documented = try JSONShape.of(example.output)
                #expect(actual == documented, "\(example.command): fields differ: printed \(actual.subtracting(documented).sorted()), documented \(documented.subtracting(actual).sorted())")
            }
        }
    }

    @Test("every script in docs/scripting.md runs and prints something")
    func scripting() async throws {
        let page = try String(contentsOf: Self.repository.appendingPathComponent("docs/scripting.md"), encoding: .utf8)
        let blocks = DocumentationExamples.blocks(in: page)
        #expect(blocks.filter { $0.language == "bash" }.count >= 4 && blocks.contains { $0.language == "python" })
        try await self.withExamples { run in
            var workFolder: String?
            for block in blocks {
                if let file = block.file {
                    // A file the next examples use (the batch file).
                    let output = try await run("cat > \(file) <<'AXIS_EXAMPLE_END'\n\(block.body)AXIS_EXAMPLE_END\npwd")
                    workFolder = output.standardOutput
                    continue
                }
                let output: CommandLineTool.Output
                switch block.language {
                case "bash": output = try await run("set -eo pipefail\n" + block.body)
                case "python": output = try await run("python3 -c " + Self.shellQuoted(block.body))
                default: continue
                }
                #expect(output.status == 0, "example failed (exit \(output.status)):\n\(block.body)\nstderr: \(output.standardError)")
                #expect(!output.standardOutput.isEmpty, "example printed nothing:\n\(block.body)")
            }
            #expect(workFolder != nil)
        }
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
