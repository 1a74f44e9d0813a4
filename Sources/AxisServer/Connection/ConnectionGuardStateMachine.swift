import AxisCodec
import NIOCore

/// The time limits of one connection (Protocol/PROTOCOL.md §7): the handshake deadline, the
/// idle timeout, how long the client may leave its responses unread, and how long a frame or
/// a fragmented request may stay unfinished (a partial frame trickled a byte at a time is
/// activity, but never a request). Pure: the current
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
    private var unfinishedSince: NIODeadline?
    private let idleTimeout: TimeAmount
    private let slowConsumerTimeout: TimeAmount
    private let unfinishedTimeout: TimeAmount

    init(
        now: NIODeadline, handshakeTimeout: TimeAmount, idleTimeout: TimeAmount, slowConsumerTimeout: TimeAmount,
        unfinishedTimeout: TimeAmount = .seconds(30)
    ) {
        self.phase = .handshaking(deadline: now + handshakeTimeout)
        self.idleTimeout = idleTimeout
        self.slowConsumerTimeout = slowConsumerTimeout
        self.unfinishedTimeout = unfinishedTimeout
    }

    /// Input is unfinished since `since` (the start of a partial frame, or the last fragment of
    /// a request still being assembled), or nil when nothing is. Returns when to check.
    mutating func unfinishedChanged(since: NIODeadline?) -> NIODeadline? {
        self.unfinishedSince = since
        return since.map { $0 + self.unfinishedTimeout }
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
        if let since = self.unfinishedSince, now >= since + self.unfinishedTimeout {
            return self.expire(
                .requestTimeout, "a frame or fragmented request left unfinished for \(self.unfinishedTimeout.nanoseconds / 1_000_000_000) s")
        }
        let interval = self.idleCheckInterval
        let active = self.activeSinceLastCheck || inflight > 0
        self.activeSinceLastCheck = false
        switch self.phase {
        case .handshaking(let deadline):
            if now >= deadline { return self.expire(.handshakeTimeout, "no HELLO within the handshake deadline") }
            return .checkAgain(at: self.earliest(deadline))
        case .active(let quiet):
            let quietChecks = active ? 0 : quiet + 1
            if quietChecks >= Self.idleChecks {
                return self.expire(
                    .idleTimeout, "idle for \(self.idleTimeout.nanoseconds / 1_000_000_000) s with nothing in flight")
            }
            self.phase = .active(quietChecks: quietChecks)
            return .checkAgain(at: self.earliest(now + interval))
        case .expired:
            return .checkAgain(at: .distantFuture)
        }
    }

    /// `deadline`, or an earlier one of the slow-consumer and unfinished-input clocks.
    private func earliest(_ deadline: NIODeadline) -> NIODeadline {
        var next = deadline
        if let since = self.unwritableSince { next = min(next, since + self.slowConsumerTimeout) }
        if let since = self.unfinishedSince { next = min(next, since + self.unfinishedTimeout) }
        return next
    }

    private mutating func expire(_ code: ErrorCode, _ message: String) -> Action {
        self.phase = .expired
        return .goAway(GoAway(code: code, lastRequestID: 0, message: message))
    }
}
