import Synchronization

/// Set by CANCEL (on the event loop); polled by long-running requests between frames.
public final class CancellationFlag: Sendable {
    private let flag = Atomic(false)

    public init() {}

    public var isCancelled: Bool { self.flag.load(ordering: .relaxed) }

    func cancel() {
        self.flag.store(true, ordering: .relaxed)
    }
}
