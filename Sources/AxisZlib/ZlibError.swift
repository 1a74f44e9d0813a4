/// An error from the zlib layer.
///
/// `Code` wraps a private enum behind static members so that adding a code later does not
/// break callers that switch on the ones they know.
public struct ZlibError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case corruptData
            case outputLimitExceeded
            case truncatedInput
            case trailingInput
            case outOfMemory
            case internalFailure
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input is not a valid zlib stream (bad header, bad block, bad checksum).
        public static let corruptData = Code(.corruptData)
        /// Inflating would produce more bytes than the caller allowed.
        public static let outputLimitExceeded = Code(.outputLimitExceeded)
        /// The input ended before the zlib stream did.
        public static let truncatedInput = Code(.truncatedInput)
        /// Bytes follow the end of the zlib stream.
        public static let trailingInput = Code(.trailingInput)
        /// zlib could not allocate its working memory.
        public static let outOfMemory = Code(.outOfMemory)
        /// zlib reported a state it should never reach with valid arguments.
        public static let internalFailure = Code(.internalFailure)

        public var description: String {
            switch self.base {
            case .corruptData: "corrupt data"
            case .outputLimitExceeded: "output limit exceeded"
            case .truncatedInput: "truncated input"
            case .trailingInput: "trailing input"
            case .outOfMemory: "out of memory"
            case .internalFailure: "internal failure"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable detail, such as zlib's own message or the limit that was hit.
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "zlib: \(self.code): \(self.detail)" }
}
