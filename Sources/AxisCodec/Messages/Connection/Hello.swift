public import NIOCore

/// HELLO, opcode 0x0001: the client's half of the handshake (Protocol/PROTOCOL.md §6.1).
///
/// The first frame on every connection after the preface. Its layout, and that of its
/// reply's field 1, never change across protocol versions, so any two versions can agree
/// or fail cleanly with VERSION_MISMATCH.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | min_version | varint u8 | required, ≥ 1 |
/// | 2 | max_version | varint u8 | required, ≥ min_version |
/// | 3 | client_name | string ≤ 64 | e.g. "axclient" |
/// | 4 | client_version | string ≤ 64 | |
/// | 5 | max_payload_bytes | varint | largest payload the client accepts; absent = 1 MiB; clamped to 64 KiB...16 MiB |
/// | 6 | token | string ≤ 1 KiB | authentication token, when the server requires one |
public struct Hello: RequestMessage, Hashable {
    public typealias Reply = HelloReply
    public static let opcode = Opcode.hello
    public static let maxNameBytes = 64
    public static let maxTokenBytes = 1024

    public var minVersion: UInt8
    public var maxVersion: UInt8
    public var clientName: String
    public var clientVersion: String
    public var maxPayloadBytes: UInt32?
    public var token: String?

    public init(
        minVersion: UInt8 = 1, maxVersion: UInt8 = 1, clientName: String, clientVersion: String,
        maxPayloadBytes: UInt32? = nil, token: String? = nil
    ) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.clientName = clientName
        self.clientVersion = clientVersion
        self.maxPayloadBytes = maxPayloadBytes
        self.token = token
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var minVersion: UInt8?
        var maxVersion: UInt8?
        var clientName = ""
        var clientVersion = ""
        var maxPayloadBytes: UInt32?
        var token: String?
        while let field = try reader.next() {
            switch field.number {
            case 1: minVersion = try field.unsigned()
            case 2: maxVersion = try field.unsigned()
            case 3: clientName = try field.string(maxBytes: Self.maxNameBytes)
            case 4: clientVersion = try field.string(maxBytes: Self.maxNameBytes)
            case 5: maxPayloadBytes = try field.unsigned()
            case 6: token = try field.string(maxBytes: Self.maxTokenBytes)
            default: break
            }
        }
        self.minVersion = try required(minVersion, "min_version", field: 1)
        self.maxVersion = try required(maxVersion, "max_version", field: 2)
        guard self.minVersion >= 1, self.minVersion <= self.maxVersion else {
            throw CodecError(
                .fieldOutOfRange, "version range \(self.minVersion)...\(self.maxVersion) is empty or starts at 0",
                field: 1)
        }
        self.clientName = clientName
        self.clientVersion = clientVersion
        self.maxPayloadBytes = maxPayloadBytes
        self.token = token
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.minVersion)
        buffer.writeField(2, self.maxVersion)
        if !self.clientName.isEmpty { buffer.writeField(3, self.clientName) }
        if !self.clientVersion.isEmpty { buffer.writeField(4, self.clientVersion) }
        if let maxPayloadBytes { buffer.writeField(5, maxPayloadBytes) }
        if let token { buffer.writeField(6, token) }
    }
}
