import Foundation

/// Certificates made at run time with the `openssl` command (never a private key in the
/// repository): a CA, a server certificate it signs for 127.0.0.1 and localhost, and a second
/// CA that signed nothing of ours.
public struct TestCertificates: Sendable {
    public let caCertificate: String
    public let serverCertificate: String
    public let serverKey: String
    public let otherCACertificate: String

    /// Makes them in `folder`.
    public static func make(in folder: String) async throws -> TestCertificates {
        let script = """
            set -e
            cd "$1"
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Axis test CA" 2>/dev/null
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj "/CN=Someone else" 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null
            """
        let output = try await CommandLineTool(path: "/bin/sh").run(["-c", script, "sh", folder])
        guard output.status == 0 else { throw TestSupportError("openssl failed: \(output.standardError)") }
        return TestCertificates(
            caCertificate: folder + "/ca.pem", serverCertificate: folder + "/server.pem", serverKey: folder + "/server.key",
            otherCACertificate: folder + "/other-ca.pem")
    }
}
