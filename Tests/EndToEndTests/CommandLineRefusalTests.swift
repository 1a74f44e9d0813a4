import AxisCodec
import AxisTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the CLI must refuse rather than do something else than asked (issue: reliability,
/// item 9): each was found doing the wrong thing silently.
@Suite("axclient: refusals instead of silent surprises", .timeLimit(.minutes(3)))
struct CommandLineRefusalTests {
    let axclient = CommandLineTool.axclient
    let nowhere = "127.0.0.1:1"

    @Test("export --out refuses a named pipe, a symbolic link, a folder and a device, and leaves them alone (exit 2)")
    func exportDestination() async throws {
        try await withTemporaryDirectory { folder in
            #expect(mkfifo(folder + "/pipe", 0o644) == 0)
            try Data("precious".utf8).write(to: URL(fileURLWithPath: folder + "/target.txt"))
            #expect(symlink(folder + "/target.txt", folder + "/link") == 0)
            try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: false)
            let cases = [(folder + "/pipe", "a named pipe"), (folder + "/link", "a symbolic link"), (folder + "/dir", "a folder"), ("/dev/null", "a device")]
            for (path, kind) in cases {
                let output = try await self.axclient.run(["--server", self.nowhere, "export", "--out", path])
                #expect(output.status == 2, "\(path): \(output.standardError)")
                #expect(output.standardError.contains("\(path) is \(kind)"), "\(output.standardError)")
            }
            var status = stat()
            #expect(lstat(folder + "/pipe", &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
            #expect(lstat(folder + "/link", &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
            #expect(try String(contentsOfFile: folder + "/target.txt", encoding: .utf8) == "precious")
            #expect(lstat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        }
    }

    @Test("a key of invalid UTF-8 bytes is refused (it was stored with U+FFFD), before connecting")
    func invalidUTF8Key() async throws {
        try await withTemporaryDirectory { folder in
            try Data("Iran sent drones.".utf8).write(to: URL(fileURLWithPath: folder + "/a.txt"))
            let output = try await CommandLineTool(path: "/bin/sh").run([
                "-c", "exec \"$0\" --server \(self.nowhere) put \"$1\" --key \"desk/$(printf '\\377\\376')\"", self.axclient.path,
                folder + "/a.txt",
            ])
            #expect(output.status == 2, "\(output.standardError)")
            #expect(output.standardError.contains("is not valid UTF-8"), "\(output.standardError)")
        }
    }

    @Test("dates that do not exist are refused, not rolled over: get --as-of (date or time), put --published")
    func impossibleDates() async throws {
        for arguments in [
            ["get", "k", "--as-of", "2024-02-30"], ["get", "k", "--as-of", "2023-02-29T12:00:00Z"], ["put", "-", "--key", "k", "--published", "2024-04-31"],
        ] {
            let output = try await self.axclient.run(["--server", self.nowhere] + arguments, standardInput: "text")
            #expect(output.status == 2, "\(arguments): \(output.standardError)")
        }
        // A real leap day is fine (it gets as far as connecting: exit 4).
        let leap = try await self.axclient.run(["--server", self.nowhere, "get", "k", "--as-of", "2024-02-29"])
        #expect(leap.status == 4, "\(leap.standardError)")
    }

    @Test("push of a path that is not there is a usage error before connecting")
    func pushMissingFolder() async throws {
        try await withTemporaryDirectory { folder in
            let output = try await self.axclient.run(["--server", self.nowhere, "push", folder + "/missing"])
            #expect(output.status == 2, "\(output.standardError)")
            #expect(output.standardError.contains("\(folder)/missing: no such file or folder"))
        }
    }

    @Test("import of a file that is not a pack, and sync of a server to itself, are usage errors")
    func importAndSyncMisuse() async throws {
        try await withTemporaryDirectory { folder in
            let server = try await ServerProcess.start(dataDirectory: folder + "/data")
            defer { server.terminate() }
            let address = "\(server.address.host):\(server.address.port)"
            try Data("not a pack at all, only text\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.axpack"))
            let imported = try await self.axclient.run(["--server", address, "import", folder + "/notes.axpack"])
            #expect(imported.status == 2, "\(imported.standardError)")
            #expect(imported.standardError.contains("not imported"), "\(imported.standardError)")
            let sync = try await self.axclient.run(["sync", "--from", address, "--to", address])
            #expect(sync.status == 2, "\(sync.standardError)")
            #expect(sync.standardError.contains("the same server"), "\(sync.standardError)")
        }
    }

    @Test("sync refuses a source restored from an older backup (exit 10) and copies nothing")
    func syncFromRestoredSource() async throws {
        try await withTemporaryDirectory { folder in
            let sourcePath = folder + "/source"
            var source = try await ServerProcess.start(dataDirectory: sourcePath)
            let target = try await ServerProcess.start(dataDirectory: folder + "/target")
            defer { target.terminate() }
            var a = "\(source.address.host):\(source.address.port)"
            let b = "\(target.address.host):\(target.address.port)"
            for index in 0..<2 {
                let put = try await self.axclient.run(["--server", a, "put", "-", "--key", "early/\(index)"], standardInput: "Iran sent drones \(index).")
                #expect(put.status == 0, "\(put.standardError)")
            }
            // A cold backup: the server stopped, its folder copied.
            source.terminate()
            try FileManager.default.copyItem(atPath: sourcePath, toPath: folder + "/backup")
            source = try await ServerProcess.start(dataDirectory: sourcePath)
            a = "\(source.address.host):\(source.address.port)"
            for index in 0..<3 {
                let put = try await self.axclient.run(["--server", a, "put", "-", "--key", "late/\(index)"], standardInput: "Russia sent shells \(index).")
                #expect(put.status == 0, "\(put.standardError)")
            }
            let first = try await self.axclient.run(["sync", "--from", a, "--to", b, "--json"])
            #expect(first.status == 0 && first.json?["imported"] as? Int == 5, "\(first.standardError)")

            // The source is restored from the backup: it ends at sequence 2, the target holds 5.
            source.terminate()
            try FileManager.default.removeItem(atPath: sourcePath)
            try FileManager.default.moveItem(atPath: folder + "/backup", toPath: sourcePath)
            source = try await ServerProcess.start(dataDirectory: sourcePath)
            defer { source.terminate() }
            a = "\(source.address.host):\(source.address.port)"
            let behind = try await self.axclient.run(["sync", "--from", a, "--to", b, "--json"])
            #expect(behind.status == 10, "\(behind.standardError)")
            #expect(behind.standardError.contains("restored from a backup"), "\(behind.standardError)")
            let listed = try await self.axclient.run(["--server", b, "ls", "--json"])
            #expect(listed.status == 0)
            #expect(listed.standardOutput.components(separatedBy: "\"key\"").count - 1 == 5, "\(listed.standardOutput)")
        }
    }
}
