#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a store operation failed. The server maps `code` to a wire error in one place.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidKey, invalidBody, invalidMetadata, invalidOrder, limitExceeded, notFound, deleted, corrupt, io, storageFull, closed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The key is empty, too long, or not valid UTF-8 text.
        public static let invalidKey = Code(.invalidKey)
        /// The body is not valid UTF-8, or its compressed form does not match its declared size or hash.
        public static let invalidBody = Code(.invalidBody)
        /// A metadata field is invalid (a published date that is not YYYY-MM-DD, say).
        public static let invalidMetadata = Code(.invalidMetadata)
        /// Imported records are not in increasing source sequence, or go past their watermark.
        public static let invalidOrder = Code(.invalidOrder)
        /// A value is over its limit (body size, field length, tag count).
        public static let limitExceeded = Code(.limitExceeded)
        /// No such document or version.
        public static let notFound = Code(.notFound)
        /// The document is deleted (its latest snapshot is a tombstone).
        public static let deleted = Code(.deleted)
        /// Stored data failed its checksum or does not decode; it is not served.
        public static let corrupt = Code(.corrupt)
        /// The file system failed.
        public static let io = Code(.io)
        /// The file system is full, or the quota used up (ENOSPC, EDQUOT): an I/O failure the
        /// operator can fix, and after which the store goes on where it stopped.
        public static let storageFull = Code(.storageFull)
        /// The store is closed.
        public static let closed = Code(.closed)

        public var description: String {
            switch self.base {
            case .invalidKey: "invalid key"
            case .invalidBody: "invalid body"
            case .invalidMetadata: "invalid metadata"
            case .invalidOrder: "records out of order"
            case .limitExceeded: "limit exceeded"
            case .notFound: "not found"
            case .deleted: "deleted"
            case .corrupt: "corrupt data"
            case .io: "I/O error"
            case .storageFull: "storage full"
            case .closed: "closed"
            }
        }
    }

    public var code: Code
    public var message: String
    /// The field at fault, for validation errors.
    public var field: String?
    /// The limit exceeded, for `limitExceeded`.
    public var limit: UInt64?
    /// The position of the item at fault in a batch (an import's failing record).
    public var index: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, limit: UInt64? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.limit = limit
    }

    static func io(_ operation: String, path: String, errno: Int32) -> StoreError {
        let code: Code = errno == ENOSPC || errno == EDQUOT ? .storageFull : .io
        return StoreError(code, "\(operation) \(path): \(String(cString: strerror(errno)))")
    }

    public var description: String { "\(self.code): \(self.message)" }
}
