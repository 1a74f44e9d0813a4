public import AxisIndex
public import AxisStore
public import Logging
public import ServiceLifecycle

/// An Axis server put together, in the one place that does it: the store it serves, the
/// entity index with the indexer that keeps it current, and the request router over both,
/// which an `AxisServer` listens with (`AxisServer.serving` runs one inside a program).
/// `axserver`, the tests and axbench build their servers here, so that what they run is what
/// users get. (Tests of storage alone, and the ingest benchmark, serve a store without an
/// index through `AxisRequestRouter(store:)` directly.)
public struct ServerAssembly: Sendable {
    public let store: SnapshotStore
    public let indexer: Indexer
    public let router: AxisRequestRouter

    /// - Parameters:
    ///   - index: the entity index the indexer keeps current (empty: it restores `checkpoint`
    ///     in the background, then catches up with the store).
    ///   - checkpoint: where the index checkpoints; nil: never (a benchmark's throwaway index).
    ///   - tokens: the token file TOKENS manages; nil: no TOKENS.
    public init(
        store: SnapshotStore, index: EntityIndex, checkpoint: IndexCheckpointFile? = nil, tokens: TokenFile? = nil, logger: Logger,
        checkpointIntervals: ClosedRange<Duration> = Indexer.defaultCheckpointIntervals
    ) {
        self.store = store
        self.indexer = Indexer(store: store, index: index, checkpoint: checkpoint, logger: logger, checkpointIntervals: checkpointIntervals)
        self.router = AxisRequestRouter(store: store, indexer: self.indexer, tokens: tokens)
    }

    /// The services that run beside the listener, in start order (shutdown goes in reverse:
    /// the listener drains its connections first, then the indexer checkpoints).
    public var services: [any Service] { [self.indexer] }
}
