import AxisClient
import AxisCodec
import AxisDigest
import AxisTestSupport
import Foundation
import Synchronization
import Testing

/// The durability promise, tested the hard way: the real `axserver` is killed with SIGKILL at
/// random moments while clients put documents; after each restart, every acknowledged
/// snapshot must be there, byte for byte, and nothing unacknowledged may be half there.
@Suite("Crash: SIGKILL during writes", .serialized, .timeLimit(.minutes(5)))
struct CrashTests {
    /// What the writers sent and what the server acknowledged.
    final class Ledger: Sendable {
        struct Entry: Hashable, Sendable {
            var key: String
            var version: UInt32
            var sequence: UInt64
            var hash: ContentHash
        }

        private let state = Mutex<(acknowledged: [Entry], attempted: [String: Set<ContentHash>])>(([], [:]))

        func attempt(_ key: String, _ hash: ContentHash) {
            _ = self.state.withLock { $0.attempted[key, default: []].insert(hash) }
        }

        func acknowledge(_ entry: Entry) {
            self.state.withLock { $0.acknowledged.append(entry) }
        }

        var acknowledged: [Entry] { self.state.withLock { $0.acknowledged } }
        var attempted: [String: Set<ContentHash>] { self.state.withLock { $0.attempted } }
    }

    @Test("20 SIGKILLs at random moments: every acknowledged snapshot survives, nothing is half-written")
    func killNineRepeatedly() async throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let ledger = Ledger()
        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        let rounds = 20

        var verified = Verified()
        for round in 0..<rounds {
            let server = try await ServerProcess.start(dataDirectory: directory)
            // Verify what changed since the last check, then write until killed.
            if round > 0 {
                verified = try await Self.verify(server.address, ledger: ledger, since: verified, round: round)
            }
            let killAfter = Duration.milliseconds(Int64(20 + random.next() % 250))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask { await Self.write(to: server.address, writer: writer, round: round, ledger: ledger) }
                }
                group.addTask {
                    try await Task.sleep(for: killAfter)
                    server.kill()
                }
                try await group.waitForAll()
            }
        }
        // The final check covers everything ever acknowledged.
        let server = try await ServerProcess.start(dataDirectory: directory)
        _ = try await Self.verify(server.address, ledger: ledger, since: Verified(), round: rounds)
        #expect(ledger.acknowledged.count > 100, "the writers got too few puts acknowledged to mean anything")
        server.terminate()
    }

    /// How far earlier checks got: acknowledged entries and sequence numbers already verified.
    struct Verified {
        var acknowledged = 0
        var sequence: UInt64 = 0
    }

    /// Puts documents until the connection breaks; records what was acknowledged.
    static func write(to address: ServerAddress, writer: Int, round: Int, ledger: Ledger) async {
        guard let connection = try? await AxisConnection.connect(to: address) else { return }
        var sequence = 0
        while true {
            sequence += 1
            // Keys repeat across rounds so documents gain versions; bodies always differ.
            let key = "writer\(writer)/doc\(sequence % 7)"
            let text = "round \(round), writer \(writer), put \(sequence): " + String(repeating: "payload \(sequence) ", count: 40)
            let body = Array(text.utf8)
            let hash = SHA256.hash(body)
            ledger.attempt(key, hash)
            do {
                let result = try await connection.put([AxisConnection.Upload(key: key, body: body)])[0]
                guard result.error == nil else { return }
                ledger.acknowledge(.init(key: key, version: result.version, sequence: result.sequence, hash: hash))
            } catch {
                return
            }
        }
    }

    static func verify(_ address: ServerAddress, ledger: Ledger, since: Verified, round: Int) async throws -> Verified {
        let connection = try await AxisConnection.connect(to: address)
        // Every snapshot's metadata, through list and history: sequence numbers are never
        // handed out twice (a crash skips the rest of a reserved block: gaps are allowed).
        var snapshots: [SnapshotInfoMessage] = []
        var after: String?
        repeat {
            let page = try await connection.list(after: after, limit: 1000)
            for summary in page.documents {
                snapshots += try await connection.history(summary.latest.key)
            }
            after = page.nextAfter
        } while after != nil
        let sequences = snapshots.map(\.sequence).sorted()
        #expect(Set(sequences).count == sequences.count, "round \(round): a sequence number names two snapshots")
        let gaps = zip(sequences, sequences.dropFirst()).filter { $1 > $0 + 1 }.count
        #expect(gaps <= round, "round \(round): \(gaps) gaps after \(round) crashes: at most one each")

        // New snapshots are whole (the client checks each body against its hash) and are
        // something a writer sent; new acknowledgements are there, byte for byte.
        let attempted = ledger.attempted
        let acknowledged = ledger.acknowledged
        let fresh = snapshots.filter { $0.sequence > since.sequence }
        let newlyAcknowledged = acknowledged[since.acknowledged...]
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for info in fresh {
                if inFlight == 16 { try await group.next(); inFlight -= 1 }
                group.addTask {
                    let body = try await connection.get(info.key, version: info.version).body
                    #expect(attempted[info.key]?.contains(SHA256.hash(body)) == true, "round \(round): \(info.key) v\(info.version) was never sent")
                }
                inFlight += 1
            }
            for entry in newlyAcknowledged {
                if inFlight == 16 { try await group.next(); inFlight -= 1 }
                group.addTask {
                    let document = try await connection.get(entry.key, version: entry.version)
                    #expect(SHA256.hash(document.body) == entry.hash, "round \(round): \(entry.key) v\(entry.version) changed")
                    #expect(document.info.sequence == entry.sequence, "round \(round): \(entry.key) v\(entry.version) moved")
                }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        await connection.close()
        return Verified(acknowledged: acknowledged.count, sequence: sequences.last ?? 0)
    }
}
