public import NIOCore

/// PING, opcode 0x0002: liveness and round-trip time (Protocol/PROTOCOL.md §6.2).
/// Allowed before the handshake. Either peer may send it; the other answers with `Pong`.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | data | bytes ≤ 64 | opaque, echoed in the reply |
public struct Ping: RequestMessage, Hashable {
    public typealias Reply = Pong
    public static let opcode = Opcode.ping
    public static let maxDataBytes = 64

    public var data: [UInt8]

    public init(data: [UInt8] = []) {
        self.data = data
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var data: [UInt8] = []
        while let field = try reader.next() {
            switch field.number {
            case 1: data = try field.byteArray(maxBytes: Self.maxDataBytes)
            default: break
            }
        }
        self.data = data
    }

    public func encode(into buffer: inout ByteBuffer) {
        if !self.data.isEmpty { buffer.writeField(1, bytes: self.data) }
    }
}

/// The reply to PING.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | data | bytes ≤ 64 | the PING's data |
/// | 2 | server_time_ms | varint | the answering peer's clock, ms since 1970-01-01 UTC (0 = not given) |
public struct Pong: WireMessage, Hashable {
    public var data: [UInt8]
    public var serverTimeMilliseconds: UInt64

    public init(data: [UInt8] = [], serverTimeMilliseconds: UInt64 = 0) {
        self.data = data
        self.serverTimeMilliseconds = serverTimeMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var data: [UInt8] = []
        var time: UInt64 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: data = try field.byteArray(maxBytes: Ping.maxDataBytes)
            case 2: time = try field.uint64()
            default: break
            }
        }
        self.data = data
        self.serverTimeMilliseconds = time
    }

    public func encode(into buffer: inout ByteBuffer) {
        if !self.data.isEmpty { buffer.writeField(1, bytes: self.data) }
        if self.serverTimeMilliseconds != 0 { buffer.writeField(2, self.serverTimeMilliseconds) }
    }
}
