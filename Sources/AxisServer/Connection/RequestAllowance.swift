import Synchronization

/// Bytes of requests held by all connections together: fragments of requests being assembled,
/// and requests dispatched and not finished (issue 19: eight connections held 632 MB of
/// fragments with no server-wide cap; a thousand connections each queueing requests under
/// their own limit would hold far more). A fragment or a request that would pass the cap gets
/// OVERLOADED (retry after backoff); taking never waits.
final class RequestAllowance: Sendable {
    let capacity: Int
    private let held = Atomic<Int>(0)

    /// The server-wide default: eight 64 MiB uploads at once.
    static let defaultCapacity = 8 * 65 * 1024 * 1024

    init(capacity: Int = RequestAllowance.defaultCapacity) {
        self.capacity = capacity
    }

    /// Takes `bytes` if they fit under the capacity.
    func take(_ bytes: Int) -> Bool {
        var current = self.held.load(ordering: .relaxed)
        while true {
            guard current + bytes <= self.capacity else { return false }
            let (exchanged, original) = self.held.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func give(_ bytes: Int) {
        self.held.subtract(bytes, ordering: .relaxed)
    }

    var heldBytes: Int { self.held.load(ordering: .relaxed) }
}
