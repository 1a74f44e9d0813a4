import AxisStore
import Synchronization

/// What one connection may hold in memory at once, so that a client that pipelines and does
/// not read cannot make the server build answers ahead of it (docs/operations.md, "Limits").
///
/// - `output`: response bytes built and not yet handed to the socket, all requests together.
///   A request takes bytes before it writes a frame (a GET takes its whole stored body before
///   it reads it) and gives them back once the socket has taken them; over the allowance,
///   requests wait, and a client that does not read for `slowConsumerTimeout` is dropped.
/// - `serverOutput`: the same, for all connections together (shared): a thousand
///   connections that each stay under their own allowance must not add up to gigabytes.
/// - `running`: requests executing at once; the rest wait in order, holding only their
///   decoded request.
/// - request bytes: payload of requests dispatched and not finished. Over the limit, the
///   connection stops reading its socket until requests finish.
final class ConnectionBudgets: Sendable {
    let output: ByteBudget
    let serverOutput: ByteBudget
    /// Request bytes held by all connections (fragments and unfinished requests).
    let serverRequests: RequestAllowance
    let running: ByteBudget
    let maxRequestBytes: Int
    private let requestBytes = Atomic<Int>(0)

    /// Requests executing at once on one connection.
    static let maxRunningRequests = 16

    init(maxOutputBytes: Int, serverOutput: ByteBudget, serverRequests: RequestAllowance, maxRequestBytes: Int) {
        self.output = ByteBudget(capacity: maxOutputBytes)
        self.serverOutput = serverOutput
        self.serverRequests = serverRequests
        self.running = ByteBudget(capacity: Self.maxRunningRequests)
        self.maxRequestBytes = maxRequestBytes
    }

    /// A request of `bytes` is to be dispatched: false when the server holds too many request
    /// bytes already (it is then refused with OVERLOADED, not queued).
    func requestStarted(bytes: Int) -> Bool {
        guard self.serverRequests.take(bytes) else { return false }
        self.requestBytes.add(bytes, ordering: .relaxed)
        return true
    }

    /// A request of `bytes` ended. Returns true when that took the connection back under the
    /// limit (it may read again).
    func requestEnded(bytes: Int) -> Bool {
        self.serverRequests.give(bytes)
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
