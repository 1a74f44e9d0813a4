import Synchronization

/// The limits in force for one connection's inbound frames, shared between the frame decoder
/// (on the event loop) and the connection logic that completes the handshake (in a task).
///
/// Starts at the pre-handshake values; `handshakeCompleted` raises them. Atomics, because the
/// decoder reads them for every frame and a lock there would be wasted.
public final class InboundLimits: Sendable {
    private let payloadLimit: Atomic<Int>
    private let frameVersion: Atomic<UInt8>
    private let compression: Atomic<Bool>
    /// The limits for compressed payloads, which do not change after the handshake.
    public let inflation: InflationLimits

    /// - Parameters:
    ///   - limits: what this peer will accept once the handshake completes.
    public init(inflation: InflationLimits) {
        self.payloadLimit = Atomic(ProtocolLimits.preHandshakePayloadBytes)
        self.frameVersion = Atomic(1)
        self.compression = Atomic(false)
        self.inflation = inflation
    }

    /// Largest payload the decoder accepts right now.
    public var maxPayloadBytes: Int { self.payloadLimit.load(ordering: .relaxed) }
    /// The frame version the decoder accepts right now (1 until the handshake says otherwise).
    public var version: UInt8 { self.frameVersion.load(ordering: .relaxed) }
    /// Whether compressed frames are accepted (only after the handshake).
    public var compressionAllowed: Bool { self.compression.load(ordering: .relaxed) }

    /// Raises the limits to the negotiated values.
    public func handshakeCompleted(version: UInt8, maxPayloadBytes: Int) {
        self.frameVersion.store(version, ordering: .relaxed)
        self.payloadLimit.store(maxPayloadBytes, ordering: .relaxed)
        self.compression.store(true, ordering: .relaxed)
    }
}

/// Bounds on compressed payloads: the inflated size and its ratio to the wire size.
public struct InflationLimits: Sendable, Hashable {
    public var maxInflatedBytes: Int
    public var maxRatio: Int

    public init(maxInflatedBytes: Int, maxRatio: Int) {
        self.maxInflatedBytes = maxInflatedBytes
        self.maxRatio = maxRatio
    }

    public init(_ limits: ProtocolLimits) {
        self.init(maxInflatedBytes: limits.maxInflatedPayloadBytes, maxRatio: limits.maxInflationRatio)
    }
}
