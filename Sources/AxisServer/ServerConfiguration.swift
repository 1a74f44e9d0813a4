public import AxisCodec
public import NIOCore
public import NIOSSL

/// Everything `axserver` can be told, with the defaults of docs/operations.md.
public struct ServerConfiguration: Sendable {
    /// Address to listen on. Default 127.0.0.1: a team server opts in to other interfaces.
    public var host: String
    /// Port to listen on. Default 7411; 0 picks a free port (tests).
    public var port: Int
    /// Folder of the durable data. Default `./axis-data`.
    public var dataDirectory: String
    /// Limits enforced on, and advertised to, clients.
    public var limits: ProtocolLimits
    /// A connection that has not completed HELLO by then gets GOAWAY HANDSHAKE_TIMEOUT. Default 10 s.
    public var handshakeTimeout: TimeAmount
    /// A connection with nothing in flight and no traffic for this long gets GOAWAY IDLE_TIMEOUT. Default 5 min.
    public var idleTimeout: TimeAmount
    /// Output queued for a connection above which the server stops reading from it. Default 32 MiB.
    public var maxPendingOutputBytes: Int
    /// Output built and not yet sent, all connections together. Default 512 MiB.
    public var maxServerOutputBytes = 512 * 1024 * 1024
    /// A connection over `maxPendingOutputBytes` for this long is dropped with SLOW_CONSUMER. Default 30 s.
    public var slowConsumerTimeout: TimeAmount
    /// A frame, or a request sent in fragments, unfinished for this long (no new fragment)
    /// gets GOAWAY REQUEST_TIMEOUT. Default 30 s.
    public var unfinishedInputTimeout: TimeAmount = .seconds(30)
    /// Connections held at once, in total and per client address; more are refused with
    /// GOAWAY OVERLOADED (docs/operations.md, "Limits"). Defaults 1024 and 256. `axserver`
    /// lowers the total to fit the process's descriptor limit.
    public var maxConnections = 1024
    public var maxConnectionsPerAddress = 256
    /// Refused connections waiting up to a second to be told why; beyond, they are closed at
    /// once (each holds a descriptor meanwhile).
    public var maxPendingRefusals = 16
    /// How long a refused connection may take to send its preface before it is closed without
    /// a byte (then it gets its GOAWAY OVERLOADED).
    public var refusalPatience: TimeAmount = .seconds(1)
    /// Who may connect, and with which role (nil: everyone, as admin).
    public var authenticator: Authenticator?
    /// TLS for every connection (nil: plaintext).
    public var tls: NIOSSLContext?
    /// Protocol versions offered in the handshake. Default: what this build implements.
    public var protocolVersions: ClosedRange<UInt8>
    /// The name reported in the HELLO reply.
    public var serverName: String
    /// The permanent identity reported in the HELLO reply (the store's; empty without one).
    public var serverID: String

    public init(
        host: String = "127.0.0.1",
        port: Int = 7411,
        dataDirectory: String = "./axis-data",
        limits: ProtocolLimits = .default,
        handshakeTimeout: TimeAmount = .seconds(10),
        idleTimeout: TimeAmount = .minutes(5),
        maxPendingOutputBytes: Int = 32 * 1024 * 1024,
        slowConsumerTimeout: TimeAmount = .seconds(30),
        protocolVersions: ClosedRange<UInt8> = AxisVersion.protocolVersions,
        serverName: String = "axserver",
        serverID: String = ""
    ) {
        self.serverID = serverID
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.limits = limits
        self.handshakeTimeout = handshakeTimeout
        self.idleTimeout = idleTimeout
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.slowConsumerTimeout = slowConsumerTimeout
        self.protocolVersions = protocolVersions
        self.serverName = serverName
    }

    /// The limits as advertised in the HELLO reply.
    var advertisedLimits: ServerLimits {
        ServerLimits(
            maxPayloadBytes: UInt32(self.limits.negotiablePayloadBytes),
            maxInflatedPayloadBytes: UInt32(clamping: self.limits.maxInflatedPayloadBytes),
            maxInflationRatio: UInt32(clamping: self.limits.maxInflationRatio),
            maxBodyBytes: UInt64(self.limits.maxBodyBytes),
            maxInflightRequests: UInt32(clamping: self.limits.maxInflightRequests),
            idleTimeoutMilliseconds: UInt64(max(0, self.idleTimeout.nanoseconds / 1_000_000)))
    }
}
