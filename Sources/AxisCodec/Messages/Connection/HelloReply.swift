public import NIOCore

/// The server's half of the handshake: the reply to HELLO (Protocol/PROTOCOL.md §6.1).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | version | varint u8 | required: the version chosen, the highest both support |
/// | 2 | server_name | string ≤ 64 | |
/// | 3 | server_version | string ≤ 64 | |
/// | 4 | limits | ServerLimits | required |
/// | 5 | opcodes | packed varints, ≤ 1024 | every request opcode the server accepts |
/// | 6 | connection_id | varint | the server's id for this connection, as in its logs |
/// | 7 | server_id | string ≤ 256 | the server's permanent identity (its data folder's) |
public struct HelloReply: WireMessage, Hashable {
    public static let maxOpcodes = 1024

    public var version: UInt8
    public var serverName: String
    public var serverVersion: String
    public var limits: ServerLimits
    public var opcodes: [Opcode]
    public var connectionID: UInt64
    public var serverID: String
    /// The protocol revision within the version (field 8): 0 for v1.0 (absent), 1 for v1.1
    /// (PROTOCOL.md §15.1).
    public var revision: UInt8

    public init(
        version: UInt8, serverName: String, serverVersion: String, limits: ServerLimits, opcodes: [Opcode],
        connectionID: UInt64, serverID: String = "", revision: UInt8 = 0
    ) {
        self.revision = revision
        self.serverID = serverID
        self.version = version
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.limits = limits
        self.opcodes = opcodes
        self.connectionID = connectionID
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var version: UInt8?
        var serverName = ""
        var serverVersion = ""
        var limits: ServerLimits?
        var opcodes: [Opcode] = []
        var connectionID: UInt64 = 0
        var serverID = ""
        var revision: UInt8 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: version = try field.unsigned()
            case 2: serverName = try field.string(maxBytes: Hello.maxNameBytes)
            case 3: serverVersion = try field.string(maxBytes: Hello.maxNameBytes)
            case 4: limits = try field.message(ServerLimits.self)
            case 5:
                var decoded: [Opcode] = []
                for raw in try field.packedVarints(maxCount: Self.maxOpcodes) {
                    guard let value = UInt16(exactly: raw) else {
                        throw CodecError(.fieldOutOfRange, "opcode \(raw) exceeds 16 bits", field: 5)
                    }
                    decoded.append(Opcode(value))
                }
                opcodes = decoded
            case 6: connectionID = try field.uint64()
            case 7: serverID = try field.string(maxBytes: 256)
            case 8: revision = try field.unsigned()
            default: break
            }
        }
        self.version = try required(version, "version", field: 1)
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.limits = try required(limits, "limits", field: 4)
        self.opcodes = opcodes
        self.connectionID = connectionID
        self.serverID = serverID
        self.revision = revision
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.version)
        if !self.serverName.isEmpty { buffer.writeField(2, self.serverName) }
        if !self.serverVersion.isEmpty { buffer.writeField(3, self.serverVersion) }
        buffer.writeField(4, message: self.limits)
        if !self.opcodes.isEmpty { buffer.writeField(5, packed: self.opcodes.map { UInt64($0.rawValue) }) }
        if self.connectionID != 0 { buffer.writeField(6, self.connectionID) }
        if !self.serverID.isEmpty { buffer.writeField(7, self.serverID) }
        if self.revision != 0 { buffer.writeField(8, self.revision) }
    }
}

/// The limits the server enforces, as advertised in the HELLO reply (§7).
///
/// | field | name | type |
/// |---|---|---|
/// | 1 | max_payload_bytes | varint: largest frame payload the server accepts |
/// | 2 | max_inflated_payload_bytes | varint |
/// | 3 | max_inflation_ratio | varint |
/// | 4 | max_body_bytes | varint |
/// | 5 | max_inflight_requests | varint |
/// | 6 | idle_timeout_ms | varint: 0 = none |
public struct ServerLimits: WireMessage, Hashable {
    public var maxPayloadBytes: UInt32
    public var maxInflatedPayloadBytes: UInt32
    public var maxInflationRatio: UInt32
    public var maxBodyBytes: UInt64
    public var maxInflightRequests: UInt32
    public var idleTimeoutMilliseconds: UInt64

    public init(
        maxPayloadBytes: UInt32, maxInflatedPayloadBytes: UInt32, maxInflationRatio: UInt32, maxBodyBytes: UInt64,
        maxInflightRequests: UInt32, idleTimeoutMilliseconds: UInt64
    ) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxInflatedPayloadBytes = maxInflatedPayloadBytes
        self.maxInflationRatio = maxInflationRatio
        self.maxBodyBytes = maxBodyBytes
        self.maxInflightRequests = maxInflightRequests
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var limits = ServerLimits(
            maxPayloadBytes: 0, maxInflatedPayloadBytes: 0, maxInflationRatio: 0, maxBodyBytes: 0,
            maxInflightRequests: 0, idleTimeoutMilliseconds: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: limits.maxPayloadBytes = try field.unsigned()
            case 2: limits.maxInflatedPayloadBytes = try field.unsigned()
            case 3: limits.maxInflationRatio = try field.unsigned()
            case 4: limits.maxBodyBytes = try field.uint64()
            case 5: limits.maxInflightRequests = try field.unsigned()
            case 6: limits.idleTimeoutMilliseconds = try field.uint64()
            default: break
            }
        }
        self = limits
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.maxPayloadBytes)
        buffer.writeField(2, self.maxInflatedPayloadBytes)
        buffer.writeField(3, self.maxInflationRatio)
        buffer.writeField(4, self.maxBodyBytes)
        buffer.writeField(5, self.maxInflightRequests)
        buffer.writeField(6, self.idleTimeoutMilliseconds)
    }
}
