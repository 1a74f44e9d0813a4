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
            #expect(server.log.contains { $0.contains("error") && $0.contains("rebuilding the index from what") }, "\(server.log)")
            let query = try await self.axclient.run(["--server", address, "query", "drones", "--json"])
            #expect(query.status == 0)
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
}
