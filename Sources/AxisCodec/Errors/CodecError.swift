/// Why bytes could not be turned into frames or messages (or messages into bytes).
///
/// Thrown with typed throws everywhere in the codec. The server maps each code to a wire
/// `ErrorCode` in one place (`ErrorCode.init(_ codecError:)`); `isFatal` says whether the
/// connection can go on after it.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badPreface
            case frameTooShort
            case frameTooLarge
            case unsupportedFrameVersion
            case reservedFlagBits
            case truncatedFrame
            case truncatedPayload
            case trailingBytes
            case malformedVarint
            case unsupportedWireType
            case wrongWireType
            case fieldOutOfRange
            case missingField
            case stringTooLong
            case invalidUTF8
            case countTooLarge
            case compressionNotAllowed
            case compressedTooLarge
            case compressionRatioExceeded
            case corruptCompressedPayload
            case unsupportedOpcode
            case corruptStoredRecord
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The first 8 bytes were not the Axis preface.
        public static let badPreface = Code(.badPreface)
        /// A frame's length field is below the 8 bytes of the fixed header.
        public static let frameTooShort = Code(.frameTooShort)
        /// A frame's length field announces more than the limit in force.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// A frame carries a protocol version this connection does not speak.
        public static let unsupportedFrameVersion = Code(.unsupportedFrameVersion)
        /// A reserved flag bit is set.
        public static let reservedFlagBits = Code(.reservedFlagBits)
        /// The connection ended in the middle of a frame.
        public static let truncatedFrame = Code(.truncatedFrame)
        /// A payload ended in the middle of a field.
        public static let truncatedPayload = Code(.truncatedPayload)
        /// Bytes remain after a complete value.
        public static let trailingBytes = Code(.trailingBytes)
        /// A varint is longer than 10 bytes or overflows 64 bits.
        public static let malformedVarint = Code(.malformedVarint)
        /// A field key names a wire type other than 0 (varint) or 2 (length-delimited).
        public static let unsupportedWireType = Code(.unsupportedWireType)
        /// A known field arrived with the other wire type.
        public static let wrongWireType = Code(.wrongWireType)
        /// A field's value does not fit its declared range.
        public static let fieldOutOfRange = Code(.fieldOutOfRange)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A string or byte field is longer than its maximum.
        public static let stringTooLong = Code(.stringTooLong)
        /// A string field is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A repeated field has more elements than its maximum.
        public static let countTooLarge = Code(.countTooLarge)
        /// A compressed frame arrived before the handshake completed.
        public static let compressionNotAllowed = Code(.compressionNotAllowed)
        /// A compressed payload declares an inflated size over the limit.
        public static let compressedTooLarge = Code(.compressedTooLarge)
        /// A compressed payload declares an inflated size over the allowed ratio to its wire size.
        public static let compressionRatioExceeded = Code(.compressionRatioExceeded)
        /// A compressed payload is not a valid zlib stream of its declared size.
        public static let corruptCompressedPayload = Code(.corruptCompressedPayload)
        /// The frame's opcode names no message this peer knows (or none valid in this direction).
        public static let unsupportedOpcode = Code(.unsupportedOpcode)
        /// A record of an export in stored form (§11.6) fails its magic, length, CRC-32 or shape.
        public static let corruptStoredRecord = Code(.corruptStoredRecord)

        public var description: String {
            switch self.base {
            case .badPreface: "bad preface"
            case .frameTooShort: "frame too short"
            case .frameTooLarge: "frame too large"
            case .unsupportedFrameVersion: "unsupported frame version"
            case .reservedFlagBits: "reserved flag bits set"
            case .truncatedFrame: "truncated frame"
            case .truncatedPayload: "truncated payload"
            case .trailingBytes: "trailing bytes"
            case .malformedVarint: "malformed varint"
            case .unsupportedWireType: "unsupported wire type"
            case .wrongWireType: "wrong wire type"
            case .fieldOutOfRange: "field out of range"
            case .missingField: "missing field"
            case .stringTooLong: "string too long"
            case .invalidUTF8: "invalid UTF-8"
            case .countTooLarge: "count too large"
            case .compressionNotAllowed: "compression not allowed"
            case .compressedTooLarge: "compressed payload too large"
            case .compressionRatioExceeded: "compression ratio exceeded"
            case .corruptCompressedPayload: "corrupt compressed payload"
            case .unsupportedOpcode: "unsupported opcode"
            case .corruptStoredRecord: "corrupt stored record"
            }
        }

        /// Whether the byte stream can no longer be trusted to be in sync: the connection must
        /// end (GOAWAY, then close). Payload-level errors are scoped to one request.
        public var isFatal: Bool {
            switch self.base {
            case .badPreface, .frameTooShort, .frameTooLarge, .unsupportedFrameVersion, .reservedFlagBits,
                .truncatedFrame:
                true
            default:
                false
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// Details for logs and for the error frame's message: field numbers, sizes, limits.
    public var detail: String
    /// The field number the error is about, when there is one.
    public var field: UInt32?
    /// The limit that was exceeded, when there is one.
    public var limit: UInt64?

    public init(_ code: Code, _ detail: String, field: UInt32? = nil, limit: UInt64? = nil) {
        self.code = code
        self.detail = detail
        self.field = field
        self.limit = limit
    }

    public var description: String { "\(self.code): \(self.detail)" }
}
