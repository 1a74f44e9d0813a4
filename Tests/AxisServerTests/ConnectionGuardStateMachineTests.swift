import AxisCodec
@testable import AxisServer
import AxisStore
import NIOCore
import Testing

@Suite("Connection time limits")
struct ConnectionGuardStateMachineTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine() -> ConnectionGuardStateMachine {
        ConnectionGuardStateMachine(
            now: self.start, handshakeTimeout: .seconds(10), idleTimeout: .seconds(40), slowConsumerTimeout: .seconds(30))
    }

    @Test("no HELLO by the deadline: GOAWAY HANDSHAKE_TIMEOUT")
    func handshakeTimeout() {
        var machine = self.machine()
        #expect(machine.firstCheck == self.start + .seconds(10))
        #expect(machine.timerFired(now: self.start + .seconds(5), inflight: 0) == .checkAgain(at: self.start + .seconds(10)))
        guard case .goAway(let goAway) = machine.timerFired(now: self.start + .seconds(10), inflight: 0) else {
            Issue.record("expected GOAWAY")
            return
        }
        #expect(goAway.code == .handshakeTimeout)
    }

    @Test("idle after four quiet checks, a quarter of the timeout apart")
    func idle() {
        var machine = self.machine()
        #expect(machine.handshakeCompleted(now: self.start) == self.start + .seconds(10))
        var now = self.start
        for check in 1...3 {
            now = now + .seconds(10)
            #expect(machine.timerFired(now: now, inflight: 0) == .checkAgain(at: now + .seconds(10)), "check \(check)")
        }
        guard case .goAway(let goAway) = machine.timerFired(now: now + .seconds(10), inflight: 0) else {
            Issue.record("expected GOAWAY")
            return
        }
        #expect(goAway.code == .idleTimeout)
    }

    @Test("activity or work in flight resets the idle count")
    func activityResets() {
        var machine = self.machine()
        _ = machine.handshakeCompleted(now: self.start)
        var now = self.start
        for check in 0..<20 {
            now = now + .seconds(10)
            if check % 3 == 0 { machine.activity() }
            let inflight = check % 3 == 1 ? 1 : 0
            if case .goAway = machine.timerFired(now: now, inflight: inflight) {
                Issue.record("expired at check \(check) despite activity")
            }
        }
    }

    @Test("output unread past the limit: GOAWAY SLOW_CONSUMER; writable again clears it")
    func slowConsumer() {
        var machine = self.machine()
        _ = machine.handshakeCompleted(now: self.start)
        #expect(machine.writabilityChanged(isWritable: false, now: self.start) == self.start + .seconds(30))
        #expect(machine.writabilityChanged(isWritable: true, now: self.start + .seconds(20)) == nil)
        machine.activity()
        if case .goAway = machine.timerFired(now: self.start + .seconds(31), inflight: 1) {
            Issue.record("expired although writable again")
        }
        _ = machine.writabilityChanged(isWritable: false, now: self.start + .seconds(40))
        guard case .goAway(let goAway) = machine.timerFired(now: self.start + .seconds(70), inflight: 1) else {
            Issue.record("expected GOAWAY")
            return
        }
        #expect(goAway.code == .slowConsumer)
    }

    @Test("a frame or fragmented request unfinished for 30 s: GOAWAY REQUEST_TIMEOUT, though bytes keep trickling in")
    func unfinishedInput() {
        var machine = self.machine()
        _ = machine.handshakeCompleted(now: self.start)
        // A partial frame starts at +1 s; the next check comes no later than its deadline.
        #expect(machine.unfinishedChanged(since: self.start + .seconds(1)) == self.start + .seconds(31))
        var now = self.start
        for _ in 1...2 {
            now = now + .seconds(10)
            machine.activity()  // a byte arrives now and then: activity, never a whole frame
            #expect(machine.timerFired(now: now, inflight: 0) == .checkAgain(at: now + .seconds(10)))
        }
        now = now + .seconds(10)
        #expect(machine.timerFired(now: now, inflight: 0) == .checkAgain(at: self.start + .seconds(31)))
        guard case .goAway(let goAway) = machine.timerFired(now: self.start + .seconds(31), inflight: 0) else {
            Issue.record("expected GOAWAY")
            return
        }
        #expect(goAway.code == .requestTimeout)
    }

    @Test("a frame that completes in time stops the clock")
    func unfinishedThenFinished() {
        var machine = self.machine()
        _ = machine.handshakeCompleted(now: self.start)
        _ = machine.unfinishedChanged(since: self.start)
        #expect(machine.unfinishedChanged(since: nil) == nil)
        machine.activity()
        #expect(machine.timerFired(now: self.start + .seconds(31), inflight: 1) == .checkAgain(at: self.start + .seconds(41)))
    }
}

@Suite("Connection limits")
struct ConnectionLimiterTests {
    @Test("in total and per address; refusals pending are bounded; a closed connection frees its place")
    func limits() {
        let limiter = ConnectionLimiter(limits: .init(total: 3, perAddress: 2, pendingRefusals: 1))
        #expect(limiter.admit(address: "a") == .admitted)
        #expect(limiter.admit(address: "a") == .admitted)
        guard case .refused(let reason, let first) = limiter.admit(address: "a") else {
            Issue.record("a third from one address is refused")
            return
        }
        #expect(reason.contains("per address") && first)
        #expect(limiter.admit(address: "a") == .dropped, "one refusal is already pending")
        limiter.closed(address: "a", admission: .refused(reason, first: true))
        #expect(limiter.admit(address: "b") == .admitted)
        guard case .refused(let total, let again) = limiter.admit(address: "c") else {
            Issue.record("a fourth in total is refused")
            return
        }
        #expect(total.contains("its limit") && again, "the first refusal since b was admitted")
        limiter.closed(address: "a", admission: .admitted)
        #expect(limiter.connectionCount == 2)
        #expect(limiter.admit(address: "c") == .admitted)
    }
}

@Suite("Connection budgets")
struct ConnectionBudgetsTests {
    @Test("requests share one server-wide allowance: over it a request is refused, not queued; its end gives the bytes back")
    func serverRequests() {
        let shared = RequestAllowance(capacity: 100)
        let first = ConnectionBudgets(maxOutputBytes: 1000, serverOutput: ByteBudget(capacity: 1000), serverRequests: shared, maxRequestBytes: 80)
        let second = ConnectionBudgets(maxOutputBytes: 1000, serverOutput: ByteBudget(capacity: 1000), serverRequests: shared, maxRequestBytes: 80)
        #expect(first.requestStarted(bytes: 90))
        #expect(first.requestsOverLimit, "over its own limit: the connection stops reading")
        #expect(!second.requestStarted(bytes: 20), "the server holds 90 of 100")
        #expect(first.requestEnded(bytes: 90), "back under its limit: it may read again")
        #expect(second.requestStarted(bytes: 20))
        #expect(shared.heldBytes == 20)
    }
}
