import AxisClient
import Foundation
import NIOSSL

/// A server certificate made for the run with the `openssl` command (no key is kept in the
/// repository): the server's TLS context and the client's settings that trust it.
struct BenchmarkTLS {
    let folder: String
    let serverContext: NIOSSLContext
    let client: ClientTLS
    let certificate: String
    let key: String

    static func make() throws -> BenchmarkTLS {
        let folder = NSTemporaryDirectory() + "axbench-tls-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            "cd \"$0\" && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null",
            folder,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("openssl could not make a certificate (is it installed?)") }
        let certificate = folder + "/cert.pem"
        let key = folder + "/key.pem"
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        return BenchmarkTLS(
            folder: folder, serverContext: try NIOSSLContext(configuration: configuration), client: ClientTLS(caFile: certificate),
            certificate: certificate, key: key)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.folder)
    }
}
