import NIOSSL

/// A TLS failure in words a user can act on.
enum TLSFailure {
    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "TLS: the server's certificate is not trusted (a CA given with --ca must have signed it): \(text)"
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("unexpected") || text.contains("uncleanShutdown") {
            return "TLS handshake failed: the server did not answer in TLS (is it started with --tls-cert?): \(text)"
        }
        if let nio = error as? NIOSSLExtraError {
            return "TLS: \(nio)"
        }
        return "TLS handshake failed: \(text)"
    }
}
