import AxisClient
import AxisCodec
import AxisServer
import AxisTestSupport
import Logging
import Testing

/// `AxisServer.serving`, which the tests and axbench run their servers with.
@Suite("In-process serving: start, answer, stop", .timeLimit(.minutes(1)))
struct InProcessServingTests {
    @Test("a server that cannot listen (its port taken) fails the call instead of leaving it waiting")
    func portTaken() async throws {
        try await withTestServer { running in
            let configuration = ServerConfiguration(host: "127.0.0.1", port: running.address.port)
            var logger = Logger(label: "axis.test-second-server")
            logger.logLevel = .critical
            await #expect(throws: (any Error).self) {
                try await AxisServer.serving(configuration: configuration, handler: ConnectionOnlyHandler(), logger: logger) { _, _ in }
            }
            // The first server still answers.
            let connection = try await AxisConnection.connect(to: running.address)
            _ = try await connection.call(Ping())
            await connection.close()
        }
    }

    @Test("the body gets the address the server listens on; after it, the server is gone")
    func answersThenStops() async throws {
        let address = try await withTestServer { server in
            let connection = try await AxisConnection.connect(to: server.address)
            _ = try await connection.call(Ping())
            await connection.close()
            return server.address
        }
        await #expect(throws: ClientError.self) { try await AxisConnection.connect(to: address) }
    }
}
