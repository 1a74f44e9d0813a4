public import AxisCodec
public import NIOCore

/// How a client connects and what it tells the server.
public struct ClientConfiguration: Sendable {
    /// Time allowed for TCP connect plus the handshake. Default 5 s.
    public var connectTimeout: TimeAmount
    /// Default time allowed for one request, unless the call gives its own. Default 30 s.
    public var requestTimeout: TimeAmount
    /// Reported in HELLO.
    public var clientName: String
    /// The largest frame payload this client accepts. Default 1 MiB.
    public var maxPayloadBytes: Int
    /// Protocol versions this client offers. Default: what this build implements.
    public var protocolVersions: ClosedRange<UInt8>
    /// Authentication token, if the server requires one.
    public var token: String?
    /// TLS, for a server started with a certificate; nil: plaintext.
    public var tls: ClientTLS?

    public init(
        connectTimeout: TimeAmount = .seconds(5),
        requestTimeout: TimeAmount = .seconds(30),
        clientName: String = "axis-client",
        maxPayloadBytes: Int = ProtocolLimits.default.maxPayloadBytes,
        protocolVersions: ClosedRange<UInt8> = AxisVersion.protocolVersions,
        token: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.clientName = clientName
        self.maxPayloadBytes = maxPayloadBytes
        self.protocolVersions = protocolVersions
        self.token = token
    }
}
