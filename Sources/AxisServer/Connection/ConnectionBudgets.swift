import AxisStore
import Synchronization

/// What one connection may hold in memory at once, so that a client that pipelines and does
/// not read cannot make the server build answers ahead of it (docs/operations.md, "Limits").
///
/// - `output`: response bytes built and not yet handed to the socket, all requests together.
///   A request takes bytes before it writes a frame (a GET takes its whole stored body before
///   it reads it) and gives them back once the socket has taken them; over the allowance,
///   requests wait, and a client that does not read for `slowConsumerTimeout` is dropped.
/// - `running`: requests executing at once; the rest wait in order, holding only their
///   decoded request.
/// - request bytes: payload of requests dispatched and not finished. Over the limit, the
///   connection stops reading its socket until requests finish.
final class ConnectionBudgets: Sendable {
    let output: ByteBudget
    let running: ByteBudget
    let maxRequestBytes: Int
    private let requestBytes = Atomic<Int>(0)

    /// Requests executing at once on one connection.
    static let maxRunningRequests = 16

    init(maxOutputBytes: Int, maxRequestBytes: Int) {
        self.output = ByteBudget(capacity: maxOutputBytes)
        self.running = ByteBudget(capacity: Self.maxRunningRequests)
        self.maxRequestBytes = maxRequestBytes
    }

    /// A request of `bytes` was dispatched.
    func requestStarted(bytes: Int) {
        self.requestBytes.add(bytes, ordering: .relaxed)
    }

    /// A request of `bytes` ended. Returns true when that took the connection back under the
    /// limit (it may read again).
    func requestEnded(bytes: Int) -> Bool {
        let after = self.requestBytes.subtract(bytes, ordering: .relaxed).newValue
        return after <= self.maxRequestBytes && after + bytes > self.maxRequestBytes
    }

    /// Whether requests hold more than the limit (the connection stops reading).
    var requestsOverLimit: Bool { self.requestBytes.load(ordering: .relaxed) > self.maxRequestBytes }

    /// The connection closed: everything waiting goes on (and fails on the closed channel).
    func close() {
        self.output.close()
        self.running.close()
    }
}
