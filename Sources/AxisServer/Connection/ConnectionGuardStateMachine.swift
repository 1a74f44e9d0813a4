import AxisCodec
import NIOCore

/// The time limits of one connection (Protocol/PROTOCOL.md §7): the handshake deadline, the
/// idle timeout, and how long the client may leave its responses unread. Pure: the current
/// time comes in as an argument, so tests drive it with made-up deadlines.
///
/// Frames do not read the clock: they only mark the connection active. The idle limit is
/// checked by a timer every quarter of the timeout, and a connection expires after four
/// quiet checks in a row with nothing in flight; so an idle connection is closed between
/// 1 and 1.25 times the timeout after its last frame.
struct ConnectionGuardStateMachine {
    enum Phase: Equatable {
        case handshaking(deadline: NIODeadline)
        case active(quietChecks: Int)
        case expired
    }

    enum Action: Equatable {
        /// Nothing to do; check again at this time.
        case checkAgain(at: NIODeadline)
        /// Send this GOAWAY, then close.
        case goAway(GoAway)
    }

    /// Quiet checks in a row after which an active connection is idle.
    static let idleChecks = 4

    private(set) var phase: Phase
    private var activeSinceLastCheck = false
    private var unwritableSince: NIODeadline?
    private let idleTimeout: TimeAmount
    private let slowConsumerTimeout: TimeAmount

    init(now: NIODeadline, handshakeTimeout: TimeAmount, idleTimeout: TimeAmount, slowConsumerTimeout: TimeAmount) {
        self.phase = .handshaking(deadline: now + handshakeTimeout)
        self.idleTimeout = idleTimeout
        self.slowConsumerTimeout = slowConsumerTimeout
    }

    /// When the first check is due.
    var firstCheck: NIODeadline {
        if case .handshaking(let deadline) = self.phase { return deadline }
        return .distantFuture
    }

    /// A frame arrived or left.
    mutating func activity() {
        self.activeSinceLastCheck = true
    }

    /// The handshake succeeded. Returns when the first idle check is due.
    mutating func handshakeCompleted(now: NIODeadline) -> NIODeadline {
        if case .handshaking = self.phase {
            self.phase = .active(quietChecks: 0)
        }
        return now + self.idleCheckInterval
    }

    private var idleCheckInterval: TimeAmount {
        .nanoseconds(max(self.idleTimeout.nanoseconds / Int64(Self.idleChecks), 1))
    }

    mutating func writabilityChanged(isWritable: Bool, now: NIODeadline) -> NIODeadline? {
        if isWritable {
            self.unwritableSince = nil
            return nil
        }
        if self.unwritableSince == nil { self.unwritableSince = now }
        return self.unwritableSince.map { $0 + self.slowConsumerTimeout }
    }

    /// The timer fired at `now`; `inflight` requests are being worked on.
    mutating func timerFired(now: NIODeadline, inflight: Int) -> Action {
        if let since = self.unwritableSince, now >= since + self.slowConsumerTimeout {
            return self.expire(
                .slowConsumer, "responses left unread for \(self.slowConsumerTimeout.nanoseconds / 1_000_000_000) s")
        }
        let interval = self.idleCheckInterval
        let active = self.activeSinceLastCheck || inflight > 0
        self.activeSinceLastCheck = false
        switch self.phase {
        case .handshaking(let deadline):
            if now >= deadline { return self.expire(.handshakeTimeout, "no HELLO within the handshake deadline") }
            return .checkAgain(at: deadline)
        case .active(let quiet):
            let quietChecks = active ? 0 : quiet + 1
            if quietChecks >= Self.idleChecks {
                return self.expire(
                    .idleTimeout, "idle for \(self.idleTimeout.nanoseconds / 1_000_000_000) s with nothing in flight")
            }
            self.phase = .active(quietChecks: quietChecks)
            return .checkAgain(at: now + interval)
        case .expired:
            return .checkAgain(at: .distantFuture)
        }
    }

    private mutating func expire(_ code: ErrorCode, _ message: String) -> Action {
        self.phase = .expired
        return .goAway(GoAway(code: code, lastRequestID: 0, message: message))
    }
}
