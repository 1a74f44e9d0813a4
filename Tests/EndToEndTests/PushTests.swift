import AxisClient
import AxisCodec
import AxisStore
import AxisTestSupport
import Foundation
import Testing

@Suite("End to end: push", .timeLimit(.minutes(3)))
struct PushTests {
    static func write(_ files: [(String, String)], under directory: String) throws {
        for (name, content) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    static func push(_ directory: String, to connection: AxisConnection, defaults: Pusher.Defaults = Pusher.Defaults()) async throws -> Pusher.Summary {
        var reader = DocumentReader(files: DocumentFiles.files(in: [directory]))
        return try await Pusher.push(&reader, defaults: defaults, over: connection)
    }

    @Test("a folder is pushed once; pushed again, everything is skipped as unchanged; an edit is one update")
    func pushTwice() async throws {
        try await withTemporaryDirectory { directory in
            var files: [(String, String)] = (0..<250).map { ("wire/\($0).txt", "Dispatch \($0): a freighter unloaded containers of ammunition at a Black Sea port.") }
            files.append(("desk/brief.html", "<title>Brief</title><p>Two battalions were said to have crossed.</p>"))
            files.append(("desk/items.ndjson", "{\"key\": \"n/1\", \"body\": \"one\", \"tags\": [\"x\"]}\n{\"key\": \"n/2\", \"body\": \"two\"}\n{broken\n"))
            files.append(("desk/bad.json", "{\"title\": \"no body here\"}"))
            try Self.write(files, under: directory)

            try await withStoreServer { server, store in
                let connection = try await AxisConnection.connect(to: server.address)
                let first = try await Self.push(directory, to: connection, defaults: Pusher.Defaults(source: "desk", tags: ["batch-1"]))
                #expect(first.created == 253 && first.updated == 0 && first.unchanged == 0)
                #expect(first.failed.map { ($0.origin as NSString).lastPathComponent } == ["bad.json", "items.ndjson:3"])
                #expect(store.documentCount == 253)
                let brief = try await connection.get("desk/brief.html")
                #expect(brief.info.title == "Brief" && brief.info.source == "desk" && brief.info.tags == ["batch-1"])
                #expect(try await connection.get("n/1").info.tags == ["x", "batch-1"])

                let second = try await Self.push(directory, to: connection, defaults: Pusher.Defaults(source: "desk", tags: ["batch-1"]))
                #expect(second.created == 0 && second.updated == 0 && second.unchanged == 253 && second.bytes == 0)
                #expect(store.lastSequence == 253)

                try Self.write([("wire/7.txt", "Dispatch 7, corrected: the freighter unloaded fuel.")], under: directory)
                let third = try await Self.push(directory, to: connection, defaults: Pusher.Defaults(source: "desk", tags: ["batch-1"]))
                #expect(third.updated == 1 && third.unchanged == 252)
                #expect(try await connection.get("wire/7.txt").info.version == 2)
                await connection.close()
            }
        }
    }

    @Test("documents the server refuses are listed and do not stop the rest")
    func refusedDocuments() async throws {
        try await withTemporaryDirectory { directory in
            try Self.write(
                [
                    ("a.json", #"{"key": "good", "body": "fine"}"#),
                    ("b.json", #"{"key": "bad-date", "published": "2024-13-40", "body": "x"}"#),
                    ("c.txt", "also fine"),
                ], under: directory)
            try await withStoreServer { server, store in
                let connection = try await AxisConnection.connect(to: server.address)
                let summary = try await Self.push(directory, to: connection)
                #expect(summary.created == 2)
                #expect(summary.failed.count == 1 && summary.failed[0].message.contains("published"))
                #expect(store.documentCount == 2)
                await connection.close()
            }
        }
    }
}
