import AxisCodec
import AxisStore
import AxisTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Input the CLI cannot read is a usage error (exit 2) named in one line, found before it
/// connects: no server listens at the address these commands are given.
@Suite("axclient: unreadable input", .timeLimit(.minutes(3)))
struct UnreadableInputTests {
    let axclient = CommandLineTool.axclient
    let shell = CommandLineTool(path: "/bin/sh")
    let nowhere = "127.0.0.1:1"

    /// Runs axclient with standard input read from `path` (a folder here).
    func runWithInput(from path: String, _ arguments: [String]) async throws -> CommandLineTool.Output {
        try await self.shell.run(["-c", "exec \"$0\" \"$@\" < \"\(path)\"", self.axclient.path] + arguments)
    }

    @Test("standard input that is a folder: batch, put and import say so and exit 2 (batch used to crash)")
    func standardInputIsAFolder() async throws {
        try await withTemporaryDirectory { folder in
            for arguments in [["batch", "-"], ["put", "-", "--key", "k"], ["import", "-"]] {
                let output = try await self.runWithInput(from: folder, ["--server", self.nowhere] + arguments)
                #expect(output.status == 2, "\(arguments): \(output.standardError)")
                // (batch reports in JSON: it is for scripts)
                #expect(output.standardError.contains("standard input: cannot read: Is a directory"), "\(arguments)")
                #expect(output.standardError.split(separator: "\n").count == 1, "\(arguments)")
            }
        }
    }

    @Test("put of a missing file or a folder, import of a folder: a usage error before connecting")
    func putMissingFileOrFolder() async throws {
        try await withTemporaryDirectory { folder in
            let missing = try await self.axclient.run(["--server", self.nowhere, "put", folder + "/missing.txt"])
            #expect(missing.status == 2)
            #expect(missing.standardError == "axclient: \(folder)/missing.txt: cannot read: no such file\n")
            let asFile = try await self.axclient.run(["--server", self.nowhere, "--json", "put", folder])
            #expect(asFile.status == 2)
            #expect(asFile.standardError.contains("a folder, not a file (axclient push stores a folder)"))
            #expect(try JSONSerialization.jsonObject(with: Data(asFile.standardError.utf8)) as? [String: Any] != nil)
            let importFolder = try await self.axclient.run(["--server", self.nowhere, "import", folder])
            #expect(importFolder.status == 2)
            #expect(importFolder.standardError == "axclient: \(folder): a folder, not a pack file\n")
        }
    }
}

@Suite("axclient put and push: files that are not plain files", .timeLimit(.minutes(3)))
struct PushUnreadableFilesTests {
    @Test("put takes what the user names, a process substitution or /dev/stdin too")
    func putStreams() async throws {
        try await withStoreServer { server, store in
            let environment = ["AX_SERVER": "\(server.address.host):\(server.address.port)"]
            let substituted = try await CommandLineTool.axclientShell.run(
                ["-c", "\"$AX\" put <(printf 'Iran sent drones.') --key a"], environment: environment)
            #expect(substituted.status == 0, "\(substituted.standardError)")
            let piped = try await CommandLineTool.axclientShell.run(
                ["-c", "printf 'Russia sent shells.' | \"$AX\" put /dev/stdin --key b"], environment: environment)
            #expect(piped.status == 0, "\(piped.standardError)")
            #expect(store.lastSequence == 2)
        }
    }

    @Test("a named pipe (.txt or .ndjson), a broken link and bad UTF-8 are named with their reasons (exit 1); the rest is stored")
    func strangeFiles() async throws {
        try await withStoreServer { server, store in
            try await withTemporaryDirectory { folder in
                try Data("Iran sent drones to Russia.\n".utf8).write(to: URL(fileURLWithPath: folder + "/good.txt"))
                try Data([0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: folder + "/bad.txt"))
                #expect(mkfifo(folder + "/pipe.txt", 0o644) == 0)
                #expect(mkfifo(folder + "/pipe.ndjson", 0o644) == 0)
                #expect(symlink(folder + "/gone.txt", folder + "/dangling.txt") == 0)
                let output = try await CommandLineTool.axclient.run(
                    ["--server", "\(server.address.host):\(server.address.port)", "push", folder])
                #expect(output.status == 1)
                let lines = output.standardError.split(separator: "\n").map(String.init)
                #expect(lines.contains("axclient: \(folder)/bad.txt: not UTF-8 text"))
                #expect(lines.contains("axclient: \(folder)/dangling.txt: cannot read: a symbolic link to nothing"))
                #expect(lines.contains("axclient: \(folder)/pipe.txt: cannot read: a named pipe, not a file"))
                #expect(lines.contains("axclient: \(folder)/pipe.ndjson: cannot read: a named pipe, not a file"))
                #expect(store.lastSequence == 1)
            }
        }
    }
}
