/// The limits a peer enforces on what it receives, advertised in the handshake
/// (Protocol/PROTOCOL.md §7, the limits table). Every limit is checked before anything is
/// allocated for the value it bounds.
public struct ProtocolLimits: Sendable, Hashable {
    /// Largest payload accepted before the handshake completes (HELLO and PING only).
    public static let preHandshakePayloadBytes = 16 * 1024
    /// No peer may advertise a payload limit above this.
    public static let maxNegotiablePayloadBytes = 16 * 1024 * 1024
    /// No peer may advertise a payload limit below this (every message must fit).
    public static let minNegotiablePayloadBytes = 64 * 1024

    /// Largest frame payload this peer accepts on the wire after the handshake. Default 1 MiB.
    public var maxPayloadBytes: Int
    /// Largest payload a compressed frame may inflate to. Default 8 MiB.
    public var maxInflatedPayloadBytes: Int
    /// Largest ratio of inflated to compressed size of a compressed frame. Default 100.
    public var maxInflationRatio: Int
    /// Largest document body, summed over the frames that carry it. Default 64 MiB.
    public var maxBodyBytes: Int
    /// Most requests a client may have in flight on one connection. Default 256.
    public var maxInflightRequests: Int

    public init(
        maxPayloadBytes: Int = 1024 * 1024,
        maxInflatedPayloadBytes: Int = 8 * 1024 * 1024,
        maxInflationRatio: Int = 100,
        maxBodyBytes: Int = 64 * 1024 * 1024,
        maxInflightRequests: Int = 256
    ) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxInflatedPayloadBytes = maxInflatedPayloadBytes
        self.maxInflationRatio = maxInflationRatio
        self.maxBodyBytes = maxBodyBytes
        self.maxInflightRequests = maxInflightRequests
    }

    /// The defaults of the limits table.
    public static let `default` = ProtocolLimits()

    /// `maxPayloadBytes` clamped into the negotiable range.
    public var negotiablePayloadBytes: Int {
        min(max(self.maxPayloadBytes, Self.minNegotiablePayloadBytes), Self.maxNegotiablePayloadBytes)
    }
}
