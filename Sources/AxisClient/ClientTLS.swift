import NIOCore
import NIOSSL

/// TLS for a client connection (docs/operations.md, "Securing a server"): the server's
/// certificate is verified against `caFile` (PEM), or the system's roots, and against the
/// host name or IP address connected to, unless `verify` is false (for tests only: anyone
/// in the middle could then read and change everything).
public struct ClientTLS: Sendable, Hashable {
    public var caFile: String?
    public var verify: Bool

    public init(caFile: String? = nil, verify: Bool = true) {
        self.caFile = caFile
        self.verify = verify
    }

    /// The context for a connection, or why it cannot be made (an unreadable CA file).
    func makeContext() throws(ClientError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = self.caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw ClientError(.cannotConnect, "cannot read the CA certificates in \(caFile): \(error)")
            }
        }
        configuration.certificateVerification = self.verify ? .fullVerification : .none
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ClientError(.cannotConnect, "cannot set up TLS: \(error)")
        }
    }

    /// The handler for a connection to `host`: SNI and the name check use the host name; an
    /// IP address is checked against the certificate's IP addresses instead.
    func makeHandler(context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }
}
