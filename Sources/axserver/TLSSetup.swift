import NIOSSL

/// The server's TLS context from PEM files: the certificate chain and its private key;
/// TLS 1.2 at least.
enum TLSSetup {
    static func serverContext(certificate: String, key: String) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate)
        guard !chain.isEmpty else { throw TLSSetupError("\(certificate) holds no certificate") }
        let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }
}

struct TLSSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
