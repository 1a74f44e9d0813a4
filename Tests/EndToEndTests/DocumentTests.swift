import AxisClient
import AxisCodec
import AxisDigest
import AxisServer
import AxisStore
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

@Suite("End to end: documents", .timeLimit(.minutes(3)))
struct DocumentTests {
    static func upload(_ key: String, _ text: String, title: String = "", published: String = "") -> AxisConnection.Upload {
        AxisConnection.Upload(key: key, body: Array(text.utf8), title: title, source: "test", published: published, tags: ["t"])
    }

    @Test("a malformed published date fails its own document, with its index; the others are stored")
    func badDateIsPerDocument() async throws {
        try await withTemporaryDirectory { directory in
            let server = try await ServerProcess.start(dataDirectory: directory)
            defer { server.terminate() }
            let connection = try await AxisConnection.connect(to: server.address)
            let results = try await connection.put([
                Self.upload("good", "text one\n", published: "2024-10-03"), Self.upload("bad", "text two\n", published: "2024-02-30"),
            ])
            #expect(results.count == 2 && results[0].error == nil)
            #expect(results[1].error?.field == "published" && results[1].error?.index == 1)
            await connection.close()
        }
    }

    @Test("a document over a limit (key, title, tags, published, no body) fails on its own with its index; the others are stored")
    func limitsArePerDocument() async throws {
        try await withStoreServer { server, store in
            let raw = try await RawConnection.handshaken(to: server.address)
            let body = ByteBuffer(string: "Iran sent drones.")
            let documents = [
                DocumentUpload(key: "ok/1", body: .raw(body)),
                DocumentUpload(key: "long-title", title: String(repeating: "t", count: DocumentLimits.titleBytes + 1), body: .raw(body)),
                DocumentUpload(key: "many-tags", tags: (0...DocumentLimits.tags).map { "t\($0)" }, body: .raw(body)),
                DocumentUpload(key: String(repeating: "k", count: DocumentLimits.keyBytes + 1), body: .raw(body)),
                DocumentUpload(key: "long-date", published: "2024-10-03T00:00", body: .raw(body)),
                DocumentUpload(key: "ok/2", body: .raw(body)),
            ]
            try await raw.send(frame: .request(DocPut(documents: documents), opcode: .docPut, requestID: 2))
            var payload = try await raw.receiveFrame().payload
            let reply = try DocPutReply(fromPayload: &payload)
            #expect(reply.results.count == 6)
            #expect(reply.results[0].error == nil && reply.results[5].error == nil)
            for index in 1...4 {
                #expect(reply.results[index].error?.index == UInt64(index), "\(reply.results[index])")
                #expect(reply.results[index].error?.code == .limitExceeded || reply.results[index].error?.code == .badPayload, "\(reply.results[index])")
            }
            #expect(reply.results[1].key == "long-title" && reply.results[3].key == "")
            #expect(store.lastSequence == 2)
        }
    }

    @Test("a body bomb (64 KiB of zlib declaring 64 MiB) is refused on its own with DECOMPRESS_LIMIT; a very compressible body from the client goes raw and is stored")
    func bodyBombs() async throws {
        try await withStoreServer { server, store in
            let raw = try await RawConnection.handshaken(to: server.address)
            let zeros = [UInt8](repeating: 0x20, count: 64 * 1024 * 1024)
            let bomb = try Deflater(level: 9).compress(zeros)
            #expect(bomb.count < 100 * 1024)
            let documents = [
                DocumentUpload(key: "ok", body: .raw(ByteBuffer(string: "Russia sent shells."))),
                DocumentUpload(key: "bomb", body: .zlib(ByteBuffer(bytes: bomb), size: UInt64(zeros.count))),
            ]
            try await raw.send(frame: .request(DocPut(documents: documents), opcode: .docPut, requestID: 2))
            var payload = try await raw.receiveFrame().payload
            let reply = try DocPutReply(fromPayload: &payload)
            #expect(reply.results[0].error == nil)
            #expect(reply.results[1].error?.code == .decompressLimit && reply.results[1].error?.index == 1, "\(reply.results[1])")
            #expect(reply.results[1].error?.field == "body_zlib")
            #expect(store.lastSequence == 1)

            // The client sends such a body raw: a legitimate 2 MiB of spaces is stored.
            let connection = try await AxisConnection.connect(to: server.address)
            let spaces = [UInt8](repeating: 0x20, count: 2 * 1024 * 1024)
            let results = try await connection.put([AxisConnection.Upload(key: "spaces", body: spaces)])
            #expect(results[0].error == nil, "\(results)")
            #expect(try await connection.get("spaces").body == spaces)
            await connection.close()
        }
    }

    @Test("put, get, history, diff, delete, list over the wire")
    func roundTrip() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            let first = try await connection.put([Self.upload("doc", "line one\nline two\n", title: "T", published: "2024-10-03")])
            #expect(first[0].created && first[0].version == 1 && first[0].sequence == 1 && first[0].error == nil)
            let same = try await connection.put([Self.upload("doc", "line one\nline two\n", title: "T", published: "2024-10-03")])
            #expect(!same[0].created && same[0].version == 1)
            _ = try await connection.put([Self.upload("doc", "line one\nline 2\nline three\n", title: "T", published: "2024-10-03")])

            let latest = try await connection.get("doc")
            #expect(String(decoding: latest.body, as: UTF8.self) == "line one\nline 2\nline three\n")
            #expect(latest.info.version == 2 && latest.info.published == "2024-10-03" && latest.info.tags == ["t"])
            #expect(String(decoding: try await connection.get("doc", version: 1).body, as: UTF8.self) == "line one\nline two\n")
            let meta = try await connection.get("doc", metadataOnly: true)
            #expect(meta.body.isEmpty && meta.info.bodySize == 27)

            #expect(try await connection.history("doc").map(\.version) == [1, 2])
            let diff = try await connection.diff("doc", from: 1, to: 2, contextLines: 1)
            #expect(diff.linesAdded == 2 && diff.linesRemoved == 1)
            #expect(diff.hunks.count == 1)
            #expect(diff.hunks[0].lines.map(\.kind) == [.context, .removed, .added, .added])

            _ = try await connection.put([Self.upload("other", "x")])
            let deleted = try await connection.delete("other")
            #expect(deleted.version == 2)
            #expect(try await connection.list().documents.map(\.latest.key) == ["doc"])
            #expect(try await connection.list(includeDeleted: true).documents.map(\.latest.key) == ["doc", "other"])
            await connection.close()
        }
    }

    @Test("errors: not found, deleted, bad date, bad UTF-8 and a lying hash, each with its code")
    func errors() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            await #expect { _ = try await connection.get("missing") } throws: {
                ($0 as? ClientError)?.serverError?.code == .notFound
            }
            _ = try await connection.put([Self.upload("gone", "x")])
            _ = try await connection.delete("gone")
            await #expect { _ = try await connection.get("gone") } throws: { error in
                let serverError = (error as? ClientError)?.serverError
                return serverError?.code == .notFound && serverError?.message.contains("deleted") == true
            }
            await #expect { _ = try await connection.get("gone", version: 7) } throws: {
                ($0 as? ClientError)?.serverError?.code == .notFound
            }
            let results = try await connection.put([
                Self.upload("ok", "fine"),
                Self.upload("baddate", "x", published: "2024-02-30"),
                AxisConnection.Upload(key: "", body: [65]),
            ])
            #expect(results[0].error == nil && results[0].created)
            #expect(results[1].error?.code == .invalidArgument && results[1].error?.field == "published")
            #expect(results[2].error?.code == .invalidArgument && results[2].error?.field == "key")

            // Raw uploads straight through the codec: bad UTF-8, and a hash that does not match.
            let badUTF8 = DocumentUpload(key: "bin", body: .raw(ByteBuffer(bytes: [0xC3, 0x28])))
            let zlib = try Deflater().compress(Array("abc".utf8))
            let lying = DocumentUpload(key: "lie", body: .zlib(ByteBuffer(bytes: zlib), size: 3), contentHash: SHA256.hash([1]).bytes)
            let reply = try await connection.call(DocPut(documents: [badUTF8, lying]))
            #expect(reply.results.map { $0.error?.code } == [.invalidArgument, .invalidArgument])
            await connection.close()
        }
    }

    @Test("a 3 MiB body goes up in fragments and comes back in chunks, byte for byte")
    func largeBody() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            var random = SplitMix64(seed: 5)
            // Random letters barely compress: the zlib body stays near 3 MiB, over three frames.
            let text = String((0..<(3 << 20)).map { _ in Character(UnicodeScalar(UInt8(97 + random.next() % 26))) })
            let result = try await connection.put([AxisConnection.Upload(key: "big", body: Array(text.utf8))])
            #expect(result[0].error == nil && result[0].created)
            let document = try await connection.get("big")
            #expect(document.body == Array(text.utf8))
            #expect(document.info.compressedSize > 1 << 20)
            await connection.close()
        }
    }

    @Test("responses come in any order: a get is answered while slow puts are in flight")
    func outOfOrder() async throws {
        try await withStoreServer { server, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([Self.upload("ready", "already here")])
            // Ids: the put batch is sent first, the get second; the get needs no fsync.
            let uploads = (0..<200).map { Self.upload("bulk/\($0)", String(repeating: "text \($0) ", count: 500)) }
            async let puts = connection.put(uploads)
            let document = try await connection.get("ready")
            #expect(String(decoding: document.body, as: UTF8.self) == "already here")
            #expect(try await puts.allSatisfy { $0.error == nil })
            await connection.close()
        }
    }

    @Test("fragments: a request over the reassembly limit is refused once, its later fragments dropped; the connection stays")
    func fragmentLimit() async throws {
        try await withStoreServer { server, _ in
            let raw = try await RawConnection.handshaken(to: server.address)
            var chunk = ByteBuffer()
            chunk.writeRepeatingByte(0x41, count: 1 << 20)
            // 70 fragments of 1 MiB > 65 MiB: refused when the limit is crossed (the 66th); the
            // four after it are dropped without a word (they were answered BAD_REQUEST_ID).
            var refused: Frame?
            for index in 0..<70 {
                let last = index == 69
                try await raw.send(frame: Frame(flags: last ? [] : [.more], opcode: .docPut, requestID: 2, payload: chunk))
            }
            refused = try await raw.receiveFrame()
            #expect(refused?.requestID == 2)
            if let refused {
                var payload = refused.payload
                #expect(try WireError(fromPayload: &payload).code == .limitExceeded)
            }
            try await raw.send(frame: .request(Ping(), opcode: .ping, requestID: 3))
            #expect(try await raw.receiveFrame().requestID == 3)
        }
    }

    @Test("history and list streams that need several frames arrive whole")
    func longStreams() async throws {
        try await withStoreServer(configuration: ServerConfiguration()) { server, _ in
            // A client that accepts only 64 KiB frames forces the server to page.
            var configuration = ClientConfiguration()
            configuration.maxPayloadBytes = 64 * 1024
            let connection = try await AxisConnection.connect(to: server.address, configuration: configuration)
            let longTitle = String(repeating: "t", count: 2000)
            for round in 0..<60 {
                _ = try await connection.put([AxisConnection.Upload(key: "k", body: Array("v\(round)".utf8), title: longTitle)])
            }
            #expect(try await connection.history("k").count == 60)
            let uploads = (0..<300).map { AxisConnection.Upload(key: "many/\($0)", body: [65], title: longTitle) }
            _ = try await connection.put(uploads)
            let page = try await connection.list(prefix: "many/", limit: 1000)
            #expect(page.documents.count == 300 && page.nextAfter == nil)
            await connection.close()
        }
    }
}
