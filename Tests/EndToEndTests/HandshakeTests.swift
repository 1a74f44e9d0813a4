import AxisClient
import AxisCodec
import AxisServer
import AxisTestSupport
import NIOCore
import Testing

@Suite("End to end: handshake and PING", .timeLimit(.minutes(3)))
struct HandshakeTests {
    @Test("connect, handshake, ping: the server says who it is and what it accepts")
    func handshake() async throws {
        try await withTestServer { server in
            let connection = try await AxisConnection.connect(to: server.address)
            #expect(connection.server.version == 1)
            #expect(connection.server.serverName == "axserver")
            #expect(connection.server.serverVersion == AxisVersion.current)
            #expect(connection.server.opcodes.contains(.ping))
            #expect(connection.server.limits.maxPayloadBytes == 1 << 20)
            #expect(connection.server.connectionID > 0)
            let pong = try await connection.call(Ping(data: Array("hello".utf8)))
            #expect(pong.data == Array("hello".utf8))
            #expect(pong.serverTimeMilliseconds > 1_700_000_000_000)
            await connection.close()
        }
    }

    @Test("pipelined: a batch of 500 PINGs and 64 concurrent callers on one connection")
    func pipelined() async throws {
        try await withTestServer { server in
            let connection = try await AxisConnection.connect(to: server.address)
            let batch = (0..<500).map { Ping(data: Array("\($0)".utf8)) }
            let results = await connection.callBatch(batch)
            for (index, result) in results.enumerated() {
                #expect(try result.get().data == Array("\(index)".utf8))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<64 {
                    group.addTask {
                        for round in 0..<20 {
                            let data = Array("\(caller)-\(round)".utf8)
                            let pong = try await connection.call(Ping(data: data))
                            #expect(pong.data == data)
                        }
                    }
                }
                try await group.waitForAll()
            }
            await connection.close()
        }
    }

    @Test("many concurrent connections are served")
    func manyConnections() async throws {
        try await withTestServer { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Patient: fifty handshakes at once on a busy machine can take longer than the
                // default 5 s; this test is about being served, not about speed.
                let patient = ClientConfiguration(connectTimeout: .seconds(60), requestTimeout: .seconds(60))
                for index in 0..<50 {
                    group.addTask {
                        let connection = try await AxisConnection.connect(to: server.address, configuration: patient)
                        let pong = try await connection.call(Ping(data: [UInt8(index)]))
                        #expect(pong.data == [UInt8(index)])
                        await connection.close()
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a client offering only versions the server lacks gets VERSION_MISMATCH, not a retry loop")
    func versionMismatch() async throws {
        try await withTestServer(configuration: ServerConfiguration(protocolVersions: 2...2)) { server in
            await #expect {
                _ = try await AxisConnection.connect(to: server.address)
            } throws: { error in
                guard let error = error as? ClientError else { return false }
                return error.code == .versionMismatch && !error.isRetryable
                    && error.message.contains("1...1") && error.message.contains("2...2")
            }
        }
    }

    @Test("connection refused is a clear error")
    func refused() async throws {
        let port = try await withTestServer { $0.address.port }
        // The server above has stopped: nothing listens on its port now.
        await #expect {
            _ = try await AxisConnection.connect(to: ServerAddress(host: "127.0.0.1", port: port))
        } throws: { error in
            guard let error = error as? ClientError else { return false }
            return error.code == .cannotConnect && error.message.contains("refused")
        }
    }

    @Test("a server that is not Axis is recognised")
    func notAxis() async throws {
        // An Axis server answers HTTP with an HTTP error; a client must see "not an Axis server"
        // when the first 8 bytes back are not the preface. Simulated with an HTTP-speaking peer:
        // the Axis server itself, reached by a client whose preface we corrupt, answers nothing.
        try await withTestServer { server in
            let raw = try await RawConnection.connect(to: server.address)
            try await raw.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
            let reply = String(decoding: try await raw.receiveUntilClosed(), as: UTF8.self)
            #expect(reply.hasPrefix("HTTP/1.1 400"))
            #expect(reply.contains("Axis"))
        }
    }
}
