import AxisCodec
import AxisStore

extension WireError {
    /// The wire error for a store failure: the one place store errors meet the wire.
    init(_ error: StoreError) {
        switch error.code {
        case .invalidKey, .invalidBody, .invalidMetadata, .invalidOrder:
            self.init(.invalidArgument, error.message, field: error.field)
        case .limitExceeded:
            self.init(.limitExceeded, error.message, field: error.field, limit: error.limit)
        case .notFound, .deleted:
            self.init(.notFound, error.message, field: error.field)
        case .corrupt:
            self.init(.corruptData, error.message)
        case .closed:
            self.init(.shuttingDown, "the store is closed")
        case .storageFull:
            // Said plainly: the operator can act on it; the path stays in the log.
            self.init(.storageFull, "the server's disk is full: the request did not complete (retrying it once there is space is safe)")
        default:
            // I/O details stay in the server's log.
            self.init(.internal, "the server could not complete the operation")
        }
        // A batch's failing item says where it is (an import's record, §11.3).
        self.index = error.index.map { UInt64($0) }
    }
}
