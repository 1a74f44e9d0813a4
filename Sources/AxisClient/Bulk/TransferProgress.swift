/// How far a transfer has got, for progress bars and summaries.
public struct TransferProgress: Sendable {
    /// Records (or documents) handled so far.
    public var records: UInt64 = 0
    /// Bytes moved so far (compressed bodies for packs and syncs, raw bodies for push).
    public var bytes: UInt64 = 0
    /// The total, when known.
    public var totalRecords: UInt64?
    public var totalBytes: UInt64?
    /// Records the target already had (skipped).
    public var skipped: UInt64 = 0

    public init() {}
}

/// Receives progress updates (called often; keep it cheap).
public typealias ProgressHandler = @Sendable (TransferProgress) -> Void
