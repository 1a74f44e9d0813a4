import Synchronization

/// The largest payload the peer accepts, learnt in the handshake: read by the frame encoder
/// for every frame, set once by whoever completes the handshake.
public final class PeerPayloadLimit: Sendable {
    private let value: Atomic<Int>

    /// Starts at the pre-handshake limit, which every peer accepts.
    public init(_ initial: Int = ProtocolLimits.preHandshakePayloadBytes) {
        self.value = Atomic(initial)
    }

    public var maxPayloadBytes: Int { self.value.load(ordering: .relaxed) }

    public func set(_ newValue: Int) {
        self.value.store(newValue, ordering: .relaxed)
    }
}
