import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// The real server on a damaged data folder: loss is said to be loss, numbers are not
/// reused, and the index agrees with what the log can serve.
@Suite("axserver on damaged data", .timeLimit(.minutes(3)))
struct DamagedDataTests {
    let axclient = CommandLineTool.axclient

    @Test("an active segment cut short after a clean stop: loss logged at error with its range, the index rebuilt, the next number fresh")
    func cutActiveSegment() async throws {
        try await withTemporaryDirectory { folder in
            let data = folder + "/data"
            var server = try await ServerProcess.start(dataDirectory: data)
            var address = "\(server.address.host):\(server.address.port)"
            let segment = data + "/segments/00000000000000000001.axseg"
            var cut = 0
            for index in 1...4 {
                let put = try await self.axclient.run(
                    ["--server", address, "put", "-", "--key", "desk/\(index)"], standardInput: "Iran sent Shahed drones to Russia, report \(index).")
                #expect(put.status == 0, "\(put.standardError)")
                if index == 2 { cut = try readFile(segment).count }
            }
            // The index has seen all four; a clean stop writes its checkpoint.
            let found = try await self.axclient.run(["--server", address, "query", "drones", "--json"])
            #expect(found.status == 0)
            server.terminate()
            try writeFile(segment, Array(try readFile(segment).prefix(cut)))

            server = try await ServerProcess.start(dataDirectory: data)
            defer { server.terminate() }
            address = "\(server.address.host):\(server.address.port)"
            #expect(server.log.contains { $0.contains("error") && $0.contains("sequences 3...4 (2 records) were answered as durable and are lost") }, "\(server.log)")
            let query = try await self.axclient.run(["--server", address, "query", "drones", "--json"])
            #expect(query.status == 0)
            #expect(server.log.contains { $0.contains("error") && $0.contains("rebuilding the index from what") }, "\(server.log)")
            #expect(!query.standardOutput.contains("desk/3") && query.standardOutput.contains("desk/2"), "\(query.standardOutput)")
            let put = try await self.axclient.run(["--server", address, "put", "-", "--key", "desk/5", "--json"], standardInput: "After the loss.")
            let sequence = (try JSONSerialization.jsonObject(with: Data(put.standardOutput.utf8)) as? [[String: Any]])?.first?["sequence"] as? Int
            #expect(sequence == 5, "\(put.standardOutput)")
        }
    }

    @Test("a damaged server-id stops the start with the file named and what to do")
    func damagedServerID() async throws {
        try await withTemporaryDirectory { folder in
            let data = folder + "/data"
            let server = try await ServerProcess.start(dataDirectory: data)
            server.terminate()
            try writeFile(data + "/server-id", Array("not an id\n".utf8))
            await #expect(throws: (any Error).self) { try await ServerProcess.start(dataDirectory: data) }
            let run = try await CommandLineTool(path: ServerProcess.binaryPath).run(["--listen", "127.0.0.1:0", "--data", data])
            #expect(run.status != 0)
            #expect(run.standardError.contains("server-id does not hold a 32-digit server id: restore that file"), "\(run.standardError)")
        }
    }

    @Test("export and sync --skip-damaged pass over a damaged record, list it and exit 11; without the flag they stop at it")
    func skipDamaged() async throws {
        try await withTemporaryDirectory { folder in
            let server = try await ServerProcess.start(dataDirectory: folder + "/data")
            defer { server.terminate() }
            let target = try await ServerProcess.start(dataDirectory: folder + "/target")
            defer { target.terminate() }
            let a = "\(server.address.host):\(server.address.port)"
            let b = "\(target.address.host):\(target.address.port)"
            for index in 1...5 {
                let put = try await self.axclient.run(
                    ["--server", a, "put", "-", "--key", "dmg/\(index)"], standardInput: "Iran sent drones to Russia, report \(index).")
                #expect(put.status == 0)
            }
            // Bit rot in dmg/3's record (its content hash, right after its key), found on read.
            let segment = folder + "/data/segments/00000000000000000001.axseg"
            var bytes = try readFile(segment)
            let key = Array("dmg/3".utf8)
            let at = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
            bytes[at + key.count + 4] ^= 0xFF
            try writeFile(segment, bytes)

            // Both forms of the stream, through the library: the same records, the same list.
            for storedForm in [true, false] {
                let connection = try await AxisConnection.connect(to: server.address)
                defer { connection.abort() }
                var sequences: [UInt64] = []
                var damaged: [DamagedRecord] = []
                for try await event in connection.export(skipDamaged: true, storedForm: storedForm) {
                    if case .record(let record) = event, let info = record.info { sequences.append(info.sequence) }
                    if case .damaged(let list, let total) = event, total == 1 { damaged = list }
                }
                #expect(sequences == [1, 2, 4, 5] && damaged.map(\.key) == ["dmg/3"] && damaged.first?.version == 1, "stored form: \(storedForm)")
                do {
                    for try await _ in connection.export(storedForm: storedForm) {}
                    Issue.record("an export over a damaged record without skip_damaged ended normally (stored form: \(storedForm))")
                } catch {
                    #expect("\(error)".contains("CORRUPT_DATA") || "\(error)".contains("corrupt"), "\(error)")
                }
            }

            let stopped = try await self.axclient.run(["--server", a, "export", "--out", folder + "/all.axpack"])
            #expect(stopped.status == 1 && stopped.standardError.contains("CORRUPT_DATA"), "\(stopped.standardError)")
            let skipped = try await self.axclient.run(["--server", a, "export", "--skip-damaged", "--out", folder + "/all.axpack", "--json"])
            #expect(skipped.status == 11, "\(skipped.standardError)")
            #expect(skipped.json?["records"] as? Int == 4 && skipped.json?["damaged_count"] as? Int == 1, "\(skipped.standardOutput)")
            let listed = (skipped.json?["damaged"] as? [[String: Any]])?.first
            #expect(listed?["key"] as? String == "dmg/3" && listed?["sequence"] as? Int == 3)
            let text = try await self.axclient.run(["--server", a, "export", "--skip-damaged", "--out", folder + "/again.axpack"])
            #expect(text.status == 11 && text.standardError.contains("skipped damaged record: sequence 3 'dmg/3' version 1"), "\(text.standardError)")

            let sync = try await self.axclient.run(["sync", "--from", a, "--to", b, "--skip-damaged", "--json"])
            #expect(sync.status == 11 && sync.json?["imported"] as? Int == 4 && sync.json?["damaged_count"] as? Int == 1, "\(sync.standardOutput) \(sync.standardError)")
        }
    }
}
