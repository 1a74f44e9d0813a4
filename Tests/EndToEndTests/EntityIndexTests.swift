import AxisClient
import AxisCodec
import AxisIndex
import AxisServer
import AxisStore
import AxisTestSupport
import Foundation
import Testing

/// Articles written for these tests (not taken from any real text).
enum IndexFixtures {
    static let shells = """
        Rail shipments from the north

        North Korea shipped more than 2 million artillery shells to Russia by rail last year, officials in Seoul said.
        Defense Minister Arvid Kessling of Norway called the shipments troubling.
        """
    static let shellsRevised = """
        Rail shipments from the north

        North Korea shipped more than 3 million artillery shells and KN-23 missiles to Russia by rail last year, officials in Seoul said.
        """
    static let drones = "Iran delivered hundreds of Shahed drones to Russia, according to Ukrainian intelligence."
    static let troops = "North Korea sent about 11,000 troops to Russia's Kursk region, the Pentagon said."

    static func upload(_ key: String, _ text: String, title: String = "", published: String = "") -> AxisConnection.Upload {
        AxisConnection.Upload(key: key, body: Array(text.utf8), title: title, source: "desk", published: published)
    }
}

@Suite("End to end: the entity index", .timeLimit(.minutes(2)))
struct EntityIndexEndToEndTests {
    @Test("put articles; entities, entity and mentions answer at once (read your writes)")
    func entitiesAndMentions() async throws {
        try await withIndexedServer { server, _, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([
                IndexFixtures.upload("a", IndexFixtures.shells, title: "Shells", published: "2024-10-03"),
                IndexFixtures.upload("b", IndexFixtures.drones, title: "Drones", published: "2024-11-01"),
                IndexFixtures.upload("c", IndexFixtures.troops, title: "Troops", published: "2024-12-05"),
            ])
            let top = try await connection.entities(limit: 5)
            #expect(top.entities.first?.id == "country:russia" && top.entities.first?.documents == 3)
            #expect(top.indexedSequence == 3)
            let weapons = try await connection.entities(type: "weapon", limit: 20).entities.map(\.id)
            #expect(weapons.contains("weapon:artillery-shell") && weapons.contains("weapon:shahed-136"))
            await #expect { _ = try await connection.entities(type: "planet") } throws: {
                ($0 as? ClientError)?.serverError?.code == .invalidArgument
            }

            let korea = try await connection.entity("North Korean")
            #expect(korea.entity.id == "country:north-korea" && korea.entity.documents == 2)
            #expect(korea.aliases.contains("DPRK"))
            #expect(korea.documents.map(\.key) == ["c", "a"] && korea.documents.first?.title == "Troops")
            #expect(korea.related.contains { $0.id == "country:russia" && $0.documents == 2 })
            let person = try await connection.entity("Arvid Kessling")
            #expect(person.entity.discovered && person.entity.type == "person")
            await #expect { _ = try await connection.entity("Atlantis") } throws: {
                ($0 as? ClientError)?.serverError?.code == .notFound
            }

            let page = try await connection.mentions("a")
            let body = Array(IndexFixtures.shells.utf8)
            for mention in page.mentions {
                #expect(String(decoding: body[Int(mention.start)..<Int(mention.end)], as: UTF8.self) == mention.text)
            }
            #expect(page.mentions.contains { $0.entityID == "country:north-korea" })
            #expect(page.sentences.contains { $0.text.hasPrefix("North Korea shipped") })
            let quantity = try #require(page.quantities.first)
            #expect(quantity.value == "2000000" && quantity.qualifier == "over" && quantity.unitEntityID == "weapon:artillery-shell")
            #expect(page.flows.contains { $0.supplier == "country:north-korea" && $0.recipient == "country:russia" && $0.item == "weapon:artillery-shell" })
            await connection.close()
        }
    }

    @Test("a new version: diff shows entities, quantities and flows added and removed; a delete drops the counts; as-of sees the past")
    func versions() async throws {
        try await withIndexedServer { server, _, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells)])
            let before = try await connection.get("a", metadataOnly: true).info.ingestTimeMilliseconds
            try await Task.sleep(for: .milliseconds(5))
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shellsRevised)])
            let diff = try await connection.diff("a", from: 1, to: 2)
            let changes = Dictionary(uniqueKeysWithValues: diff.entityChanges.map { ($0.entity.id, ($0.fromCount, $0.toCount)) })
            #expect(changes["weapon:kn-23"].map { $0 == (0, 1) } == true)
            #expect(changes["person:arvid-kessling"].map { $0 == (1, 0) } == true)
            #expect(changes["country:russia"] == nil)
            #expect(diff.quantitiesAdded.map(\.value) == ["3000000"] && diff.quantitiesRemoved.map(\.value) == ["2000000"])
            #expect(diff.flowsAdded.contains { $0.item == "weapon:kn-23" })

            #expect(try await connection.entity("Norway").entity.documents == 0)
            #expect(try await connection.entity("Norway", asOf: before).entity.documents == 1)
            _ = try await connection.delete("a")
            #expect(try await connection.entities(limit: 10).entities.isEmpty)
            await connection.close()
        }
    }
}

@Suite("End to end: the index across restarts and gazetteers", .timeLimit(.minutes(2)))
struct IndexRestartTests {
    let axclient = CommandLineTool.axclient

    func entitiesJSON(_ server: ServerProcess) async throws -> [String: Any] {
        let output = try await self.axclient.run(["--server", "\(server.address.host):\(server.address.port)", "entities", "--top", "50", "--json"])
        return output.json ?? [:]
    }

    @Test("a checkpoint is written while the server runs, once the index has changed and the interval passed, even with no further writes")
    func periodicCheckpoint() async throws {
        try await withIndexedServer(checkpointIntervals: .milliseconds(200)...Duration.seconds(1)) { server, store, indexer in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells)])
            await connection.close()
            let path = store.configuration.directory + "/index/entities.axci"
            var written = false
            for _ in 0..<100 where !written {
                try await Task.sleep(for: .milliseconds(50))
                written = FileManager.default.fileExists(atPath: path)
            }
            #expect(written, "no checkpoint while the server runs: a kill -9 would redo all the indexing")
            #expect(indexer.indexedSequence == 1)
        }
    }

    @Test("between full checkpoints the running server appends journal records; the checkpoint and its journal restore all it indexed")
    func checkpointJournal() async throws {
        let copy = try makeTemporaryDirectory()
        defer { removeTree(copy) }
        try await withIndexedServer(checkpointIntervals: .milliseconds(200)...Duration.seconds(1)) { server, store, indexer in
            let connection = try await AxisConnection.connect(to: server.address)
            let file = IndexCheckpointFile(dataDirectory: store.configuration.directory)
            func journalRecords() -> Int {
                ((try? file.readJournal()) ?? nil).flatMap(IndexCheckpointJournal.parse)?.records.count ?? -1
            }
            func waitFor(_ condition: () -> Bool) async throws -> Bool {
                for _ in 0..<200 {
                    if condition() { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return condition()
            }
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.shells)])
            #expect(try await waitFor { journalRecords() == 0 }, "a full checkpoint and an empty journal first")
            _ = try await connection.put([IndexFixtures.upload("b", IndexFixtures.drones)])
            #expect(try await waitFor { journalRecords() == 1 })
            _ = try await connection.put([IndexFixtures.upload("a", IndexFixtures.troops)])
            #expect(try await waitFor { journalRecords() == 2 })
            await connection.close()

            // What a kill -9 now would leave: the checkpoint (sequence 1) and two records.
            let base = try #require(try file.read())
            #expect(IndexCheckpoint.header(base)?.sequence == 1)
            let journalBytes = try #require(try file.readJournal())
            let journal = try #require(IndexCheckpointJournal.parse(journalBytes))
            let (restored, applied) = try IndexCheckpoint.decode(base, journal: journal.records, gazetteer: indexer.index.gazetteer)
            #expect(applied == 2 && restored.indexedSequence == 3)
            #expect(IndexCheckpoint.encode(restored) == IndexCheckpoint.encode(indexer.index))
            // The data folder as a kill -9 would leave it, for a real server to start on.
            for name in try FileManager.default.contentsOfDirectory(atPath: store.configuration.directory) {
                try FileManager.default.copyItem(atPath: store.configuration.directory + "/" + name, toPath: copy + "/" + name)
            }
        }
        // A record torn by the crash after the two good ones: axserver restores through the
        // journal, cuts the torn bytes, and journals on from there.
        let journalPath = copy + "/index/entities.axcj"
        let handle = try #require(FileHandle(forWritingAtPath: journalPath))
        handle.seekToEndOfFile()
        handle.write(Data(IndexCheckpointJournal.record(Array(repeating: 7, count: 64)).prefix(40)))
        try handle.close()
        let server = try await ServerProcess.start(dataDirectory: copy)
        defer { server.terminate() }
        let entities = try await self.entitiesJSON(server)
        #expect(entities["indexed_sequence"] as? Int == 3)
        #expect(server.log.contains { $0.contains("index restored at sequence 3 of 3") && $0.contains("checkpoint at 1 and 2 journal records") },
            "\(server.log.suffix(6))")
        #expect(server.log.contains { $0.contains("kept 2 records, cut the 40 bytes") }, "\(server.log.suffix(6))")
        let journal = try #require(IndexCheckpointJournal.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: journalPath)))))
        let size = try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as? Int
        #expect(journal.records.count == 2 && journal.validLength == size)
    }

    @Test("a graceful stop writes a checkpoint the next start restores; after kill -9 the index catches up")
    func restarts() async throws {
        try await withTemporaryDirectory { directory in
            var server = try await ServerProcess.start(dataDirectory: directory)
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([
                IndexFixtures.upload("a", IndexFixtures.shells), IndexFixtures.upload("b", IndexFixtures.drones),
            ])
            let before = try await self.entitiesJSON(server)
            await connection.close()
            server.terminate()
            #expect(FileManager.default.fileExists(atPath: directory + "/index/entities.axci"))

            server = try await ServerProcess.start(dataDirectory: directory)
            // The server listens first; the checkpoint is restored in the background, and a
            // question waits for it (read your writes).
            let restored = try await self.entitiesJSON(server)
            #expect(server.log.contains { $0.contains("index restored at sequence 2 of 2") })
            #expect(NSDictionary(dictionary: restored).isEqual(to: before))

            // Acknowledged after the checkpoint, then kill -9: the index catches up from the log.
            let again = try await AxisConnection.connect(to: server.address)
            _ = try await again.put([IndexFixtures.upload("c", IndexFixtures.troops)])
            server.kill()
            server = try await ServerProcess.start(dataDirectory: directory)
            defer { server.terminate() }
            let after = try await self.entitiesJSON(server)
            #expect(after["indexed_sequence"] as? Int == 3)
            let entities = after["entities"] as? [[String: Any]] ?? []
            #expect(entities.first?["id"] as? String == "country:russia" && entities.first?["documents"] as? Int == 3)
        }
    }

    @Test("--gazetteer adds entities (and re-indexes); a broken file stops the server with file and line")
    func userGazetteer() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/watchlist.json"
            try Data(
                #"""
                {"entities": [
                  {"id": "org:harbour-lions", "name": "Harbour Lions", "aliases": ["the Lions of the Harbour"], "country": "country:russia", "kind": "military"}
                ]}
                """#.utf8
            ).write(to: URL(fileURLWithPath: file))
            // A name discovery would not find (no word such as "Brigade" or "Institute" ends it).
            let text = "The Harbour Lions received drones from Iran."
            var server = try await ServerProcess.start(dataDirectory: directory + "/data")
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([IndexFixtures.upload("n", text)])
            await connection.close()
            let plain = try await self.axclient.run(["--server", "\(server.address.host):\(server.address.port)", "entity", "Harbour Lions"])
            #expect(plain.status == 3)
            server.terminate()

            server = try await ServerProcess.start(dataDirectory: directory + "/data", extraArguments: ["--gazetteer", file])
            let found = try await self.axclient.run(["--server", "\(server.address.host):\(server.address.port)", "entity", "Harbour Lions", "--json"])
            #expect(server.log.contains { $0.contains("index checkpoint not used") })
            server.terminate()
            #expect(found.status == 0, "\(found.standardError)")
            let entity = found.json?["entity"] as? [String: Any]
            #expect(entity?["id"] as? String == "org:harbour-lions" && entity?["documents"] as? Int == 1)

            let broken = directory + "/broken.json"
            try Data("{\"entities\": [\n  {\"id\": \"org:x\", \"name\": }\n]}".utf8).write(to: URL(fileURLWithPath: broken))
            await #expect {
                let failed = try await ServerProcess.start(dataDirectory: directory + "/data2", extraArguments: ["--gazetteer", broken])
                failed.terminate()
            } throws: { "\($0)".contains("broken.json:2") }
        }
    }

    @Test("DOC_DIFF's final frame writes its fields in ascending order: hunks, the totals, then the index's changes (§3.4, vector 41)")
    func diffFieldOrder() async throws {
        try await withIndexedServer { server, _, _ in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.put([AxisConnection.Upload(key: "k", body: Array("North Korea sent 100 shells to Russia.\n".utf8))])
            _ = try await connection.put([AxisConnection.Upload(key: "k", body: Array("North Korea sent 200 shells to Russia.\nIran sent drones.\n".utf8))])
            await connection.close()
            let raw = try await RawConnection.handshaken(to: server.address)
            try await raw.send(frame: .request(DocDiff(key: "k", fromVersion: 1, toVersion: 2), opcode: .docDiff, requestID: 2))
            var final = try await raw.receiveFrame()
            while !final.isFinal { final = try await raw.receiveFrame() }
            #expect(!final.isError)
            var reader = FieldReader(final.payload)
            var numbers: [Int] = []
            while let field = try reader.next() { numbers.append(Int(field.number)) }
            #expect(numbers.contains(4) && numbers.contains { $0 >= 6 }, "\(numbers)")
            #expect(numbers == numbers.sorted(), "\(numbers)")
        }
    }
}
