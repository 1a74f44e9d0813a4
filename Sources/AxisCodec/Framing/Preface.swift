/// The 8 bytes that open every Axis connection, in both directions (Protocol/PROTOCOL.md §1).
///
/// `89 41 58 50 0D 0A 1A 0A`: a high byte first so that 7-bit channels and text protocols fail
/// at once, "AXP" to be recognisable in a capture, then CR LF, ^Z and LF to catch line-ending
/// translation (the same idea as the PNG signature).
public enum Preface {
    /// The preface bytes.
    public static let bytes: [UInt8] = [0x89, 0x41, 0x58, 0x50, 0x0D, 0x0A, 0x1A, 0x0A]

    /// What a peer that sent something other than the preface probably is, judged from its
    /// first bytes, so that the log line can say it.
    public enum Sniffed: Sendable, Hashable, CustomStringConvertible {
        /// A TLS ClientHello (`16 03 xx`): a TLS client on the plaintext port.
        case tls
        /// A TLS alert (`15 03 xx`): a TLS server answering a plaintext client.
        case tlsAlert
        /// An HTTP request line (`GET `, `POST `, `PUT `, `HEAD `, `DELETE `, `OPTIONS `, `PRI `, ...).
        case http(method: String)
        /// Anything else.
        case unknown

        public var description: String {
            switch self {
            case .tls: "a TLS handshake (a TLS client on the plaintext port?)"
            case .tlsAlert: "a TLS alert (the server speaks TLS: connect with --tls)"
            case .http(let method): "an HTTP \(method) request (an HTTP client on the Axis port?)"
            case .unknown: "bytes that are not the Axis preface"
            }
        }
    }

    /// Classifies the first bytes a peer sent.
    public static func sniff(_ bytes: some Collection<UInt8>) -> Sniffed {
        let head = Array(bytes.prefix(8))
        if head.count >= 2 && head[0] == 0x16 && head[1] == 0x03 {
            return .tls
        }
        if head.count >= 2 && head[0] == 0x15 && head[1] == 0x03 {
            return .tlsAlert
        }
        for method in ["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "PRI"] {
            let pattern = Array((method + " ").utf8)
            if head.count >= pattern.count && Array(head.prefix(pattern.count)) == pattern {
                return .http(method: method)
            }
        }
        return .unknown
    }
}
