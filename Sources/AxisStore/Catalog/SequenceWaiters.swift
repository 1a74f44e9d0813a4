import Synchronization

/// Tasks waiting for a sequence number to be passed: the log's last durable sequence (the
/// indexer waits for new snapshots), or the index's (a query waits for the index to catch up).
public final class SequenceWaiters: Sendable {
    private struct Waiter {
        var target: UInt64
        var id: UInt64
        var continuation: CheckedContinuation<UInt64, Never>
    }

    private struct State {
        var current: UInt64
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state: Mutex<State>

    public init(current: UInt64 = 0) {
        self.state = Mutex(State(current: current))
    }

    /// The highest sequence reached so far.
    public var current: UInt64 { self.state.withLock { $0.current } }

    /// Records progress and wakes every waiter whose target is reached.
    public func advance(to sequence: UInt64) {
        let ready = self.state.withLock { state -> [Waiter] in
            guard sequence > state.current else { return [] }
            state.current = sequence
            let ready = state.waiters.filter { $0.target <= sequence }
            state.waiters.removeAll { $0.target <= sequence }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: sequence) }
    }

    /// Wakes everyone for good (shutdown): waits return at once from now on.
    public func close() {
        let all = self.state.withLock { state -> [Waiter] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        let current = self.current
        for waiter in all { waiter.continuation.resume(returning: current) }
    }

    /// Waits until `target` is reached, the waiters close, or the task is cancelled.
    /// - Returns: the sequence reached (below `target` only when closed or cancelled).
    public func wait(until target: UInt64) async -> UInt64 {
        let id = self.state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<UInt64, Never>) in
                let immediate = self.state.withLock { state -> UInt64? in
                    if state.current >= target || state.closed || Task.isCancelled { return state.current }
                    state.waiters.append(Waiter(target: target, id: id, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let (waiter, current) = self.state.withLock { state -> (Waiter?, UInt64) in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return (nil, state.current) }
                return (state.waiters.remove(at: index), state.current)
            }
            waiter?.continuation.resume(returning: current)
        }
    }
}
