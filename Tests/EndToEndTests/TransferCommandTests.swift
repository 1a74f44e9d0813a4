import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// The transfer commands as a user runs them: the real `axclient` against real `axserver`
/// processes, checked by exit status and JSON output.
@Suite("End to end: axclient push, export, import, sync", .timeLimit(.minutes(2)))
struct TransferCommandTests {
    let axclient = CommandLineTool.axclient

    @Test("push a folder, export it, import the pack elsewhere, sync a third server; a truncated pack exits 2")
    func commands() async throws {
        try await withTemporaryDirectory { directory in
            for index in 0..<30 {
                let path = directory + "/in/desk\(index % 3)/note\(index).txt"
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data("Note \(index): a tanker crossed the strait with fuel.\n".utf8).write(to: URL(fileURLWithPath: path))
            }
            try Data("{\"key\": \"feed/1\", \"body\": \"one\"}\nnot json\n".utf8).write(to: URL(fileURLWithPath: directory + "/in/feed.ndjson"))
            let source = try await ServerProcess.start(dataDirectory: directory + "/a")
            let target = try await ServerProcess.start(dataDirectory: directory + "/b")
            let mirror = try await ServerProcess.start(dataDirectory: directory + "/c")
            defer {
                source.terminate()
                target.terminate()
                mirror.terminate()
            }
            let a = "\(source.address.host):\(source.address.port)"

            let push = try await self.axclient.run(["--server", a, "push", directory + "/in", "--json"])
            #expect(push.status == 1, "a bad NDJSON line makes the push exit 1: \(push.standardError)")
            #expect(push.json?["created"] as? Int == 31)
            #expect((push.json?["failed"] as? [Any])?.count == 1)
            let again = try await self.axclient.run(["--server", a, "push", directory + "/in", "--json"])
            #expect(again.json?["unchanged"] as? Int == 31 && again.json?["created"] as? Int == 0)
            // Keys are relative to the folder given: a subfolder pushed alone gives new keys.
            let alone = try await self.axclient.run(["--server", a, "push", directory + "/in/desk0/note0.txt", "--json"])
            #expect(alone.status == 0 && alone.json?["created"] as? Int == 1)

            let pack = directory + "/corpus.axpack"
            let export = try await self.axclient.run(["--server", a, "export", "--out", pack, "--json"])
            #expect(export.status == 0, "\(export.standardError)")
            #expect(export.json?["records"] as? Int == 32 && export.json?["last_sequence"] as? Int == 32)
            #expect(!FileManager.default.fileExists(atPath: pack + ".partial"))

            let b = "\(target.address.host):\(target.address.port)"
            let imported = try await self.axclient.run(["--server", b, "import", pack, "--json"])
            #expect(imported.status == 0 && imported.json?["imported"] as? Int == 32, "\(imported.standardError)")
            let reimport = try await self.axclient.run(["--server", b, "import", pack, "--json"])
            #expect(reimport.status == 0 && reimport.json?["imported"] as? Int == 0)
            let got = try await self.axclient.run(["--server", b, "get", "desk1/note4.txt"])
            #expect(got.standardOutput == "Note 4: a tanker crossed the strait with fuel.\n")

            let c = "\(mirror.address.host):\(mirror.address.port)"
            let sync = try await self.axclient.run(["sync", "--from", a, "--to", c, "--json"])
            #expect(sync.status == 0 && sync.json?["imported"] as? Int == 32, "\(sync.standardError)")
            let idle = try await self.axclient.run(["sync", "--from", a, "--to", c, "--json"])
            #expect(idle.status == 0 && idle.json?["imported"] as? Int == 0 && idle.json?["from_sequence"] as? Int == 32)

            var bytes = try readFile(pack)
            bytes.removeLast(10)
            try writeFile(directory + "/cut.axpack", bytes)
            let cut = try await self.axclient.run(["--server", c, "import", directory + "/cut.axpack"])
            #expect(cut.status == 2 && cut.standardError.contains("truncated"), "\(cut.standardError)")
        }
    }
}
