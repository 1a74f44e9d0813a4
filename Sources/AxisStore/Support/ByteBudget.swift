import Synchronization

/// A server-wide allowance of bytes for work that allocates in proportion to its input, such
/// as inflating compressed bodies: callers take bytes before the work and give them back
/// after, and wait (first come, first served) while the allowance is spent. A request for
/// more than the whole allowance takes all of it, so it waits for the others and then runs
/// alone. Memory for such work stays near the allowance however many clients send at once.
public final class ByteBudget: Sendable {
    public let capacity: Int

    private struct Waiter {
        var bytes: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var closed = false

        /// Takes `bytes` if that is allowed now: always once closed; otherwise only when no
        /// one waits before (first come, first served) and they are free.
        mutating func take(_ bytes: Int) -> Bool {
            if self.closed { return true }
            guard self.waiters.isEmpty, self.available >= bytes else { return false }
            self.available -= bytes
            return true
        }
    }

    private let state: Mutex<State>
    /// Told when takers start waiting (true) and when the last one got in (false).
    private let stallObserver = Mutex<(@Sendable (Bool) -> Void)?>(nil)

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State(available: max(1, capacity)))
    }

    /// Calls `observer` with true when a taker has to wait (the allowance is used up) and
    /// with false when no one waits any more. One observer; from any thread.
    public func observeStalls(_ observer: @escaping @Sendable (Bool) -> Void) {
        self.stallObserver.withLock { $0 = observer }
    }

    private func stallChanged(_ stalled: Bool) {
        if let observer = self.stallObserver.withLock({ $0 }) { observer(stalled) }
    }

    /// Whether a taker waits now (the observer's notices can arrive out of order: this is
    /// the state to act on).
    public var hasWaiters: Bool { self.state.withLock { !$0.waiters.isEmpty } }

    /// Whether `close()` was called: what a taker would work for is gone.
    public var isClosed: Bool { self.state.withLock { $0.closed } }

    /// Bytes in use now (for logs and tests).
    public var inUse: Int { self.state.withLock { self.capacity - $0.available } }

    /// Takes `bytes` (at most the capacity), waiting until they are free. Returns what was
    /// taken: give exactly that back to `release`.
    public func acquire(_ bytes: Int) async -> Int {
        let wanted = min(max(0, bytes), self.capacity)
        guard wanted > 0 else { return 0 }
        // Free bytes are taken without suspending: a continuation resumed at once still
        // re-enqueues the task (a thread hop on every frame a request sends).
        if self.state.withLock({ $0.take(wanted) }) { return wanted }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (granted, firstWaiter) = self.state.withLock { state -> (Bool, Bool) in
                // Freed meanwhile, or still not: then wait in line.
                if state.take(wanted) { return (true, false) }
                state.waiters.append(Waiter(bytes: wanted, continuation: continuation))
                return (false, state.waiters.count == 1)
            }
            if granted { continuation.resume() }
            if firstWaiter { self.stallChanged(true) }
        }
        return wanted
    }

    /// Lets every waiter go and every later `acquire` through at once: what the allowance
    /// guarded is gone (a connection that closed). Bytes given back afterwards are ignored.
    public func close() {
        let woken = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Gives back what `acquire` returned, and lets waiters in, in order, while they fit.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        let (woken, drained) = self.state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
            state.available = min(self.capacity, state.available + bytes)
            var woken: [CheckedContinuation<Void, Never>] = []
            while let first = state.waiters.first, first.bytes <= state.available {
                state.available -= first.bytes
                woken.append(first.continuation)
                state.waiters.removeFirst()
            }
            return (woken, !woken.isEmpty && state.waiters.isEmpty)
        }
        for continuation in woken { continuation.resume() }
        if drained { self.stallChanged(false) }
    }
}
