import AxisClient
import AxisCodec
import AxisTestSupport
import Foundation
import Testing

/// TLS with the real binaries and certificates made at run time by openssl.
@Suite("Security: TLS", .timeLimit(.minutes(3)))
struct TLSTests {
    let axclient = CommandLineTool.axclient

    @Test("TLS with verification works; a wrong CA is refused; plaintext to a TLS port and TLS to a plaintext port fail clearly on both sides")
    func tls() async throws {
        try await withTemporaryDirectory { folder in
            let certificates = try await TestCertificates.make(in: folder)
            let server = try await ServerProcess.start(
                dataDirectory: folder + "/data",
                extraArguments: ["--tls-cert", certificates.serverCertificate, "--tls-key", certificates.serverKey])
            defer { server.terminate() }
            let address = "\(server.address.host):\(server.address.port)"

            let put = try await self.axclient.run(
                ["--server", address, "--tls", "--ca", certificates.caCertificate, "put", "-", "--key", "secret/1"],
                standardInput: "Iran sent drones.")
            #expect(put.status == 0, "\(put.standardError)")
            let got = try await self.axclient.run(["--server", address, "--tls", "--ca", certificates.caCertificate, "get", "secret/1"])
            #expect(got.standardOutput == "Iran sent drones.")
            // By name, too: the certificate names localhost.
            let byName = try await self.axclient.run(
                ["--server", "localhost:\(server.address.port)", "--tls", "--ca", certificates.caCertificate, "ping"])
            #expect(byName.status == 0, "\(byName.standardError)")

            let wrongCA = try await self.axclient.run(["--server", address, "--tls", "--ca", certificates.otherCACertificate, "ping"])
            #expect(wrongCA.status == 4 && wrongCA.standardError.contains("TLS"), "\(wrongCA.standardError)")
            let systemRoots = try await self.axclient.run(["--server", address, "--tls", "ping"])
            #expect(systemRoots.status == 4, "a self-made CA is not among the system's roots: \(systemRoots.standardError)")
            let unchecked = try await self.axclient.run(["--server", address, "--tls-insecure-skip-verify", "ping"])
            #expect(unchecked.status == 0, "\(unchecked.standardError)")

            let plaintext = try await self.axclient.run(["--server", address, "ping"])
            #expect(plaintext.status == 4, "\(plaintext.standardError)")
            #expect(plaintext.standardError.contains("TLS"), "the client says the server speaks TLS: \(plaintext.standardError)")
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.log.contains { $0.contains("TLS failed") && $0.contains("plaintext client") }, "\(server.log.suffix(4))")

            let plain = try await ServerProcess.start(dataDirectory: folder + "/plain")
            defer { plain.terminate() }
            let tlsToPlain = try await self.axclient.run(
                ["--server", "\(plain.address.host):\(plain.address.port)", "--tls", "--ca", certificates.caCertificate, "ping"])
            #expect(tlsToPlain.status == 4 && tlsToPlain.standardError.contains("TLS"), "\(tlsToPlain.standardError)")
            try await Task.sleep(for: .milliseconds(200))
            #expect(plain.log.contains { $0.contains("a TLS handshake") }, "\(plain.log.suffix(4))")
        }
    }
}
