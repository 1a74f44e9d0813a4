public import NIOCore

/// TOKENS, opcode 0x0501 (v1.1, admin role): add, list or revoke the server's tokens over the
/// protocol (Protocol/PROTOCOL.md §6.5), as `axserver token` does on the server's machine.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | action | uint (u8) | 1 add, 2 list, 3 revoke |
/// | 2 | name | string ≤ 64 | add, revoke: the token's name |
/// | 3 | role | string ≤ 16 | add: `read`, `write` or `admin` |
public struct TokensRequest: RequestMessage, Hashable {
    public typealias Reply = TokensReply
    public static let opcode = Opcode.tokens

    public enum Action: UInt8, Sendable, Hashable {
        case add = 1
        case list = 2
        case revoke = 3
    }

    public var action: Action
    public var name: String
    public var role: String

    public init(action: Action, name: String = "", role: String = "") {
        self.action = action
        self.name = name
        self.role = role
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var action: Action?
        var name = ""
        var role = ""
        while let field = try reader.next() {
            switch field.number {
            case 1:
                let raw: UInt8 = try field.unsigned()
                guard let known = Action(rawValue: raw) else {
                    throw CodecError(.fieldOutOfRange, "action \(raw) is not 1 (add), 2 (list) or 3 (revoke)", field: 1)
                }
                action = known
            case 2: name = try field.string(maxBytes: 64)
            case 3: role = try field.string(maxBytes: 16)
            default: break
            }
        }
        self.action = try required(action, "action", field: 1)
        self.name = name
        self.role = role
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.action.rawValue)
        if !self.name.isEmpty { buffer.writeField(2, self.name) }
        if !self.role.isEmpty { buffer.writeField(3, self.role) }
    }
}

/// The reply to TOKENS.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | token | string ≤ 128 | add: the new token, shown this once |
/// | 2 | tokens | repeated TokenInfo | list: every token (never the tokens themselves) |
public struct TokensReply: WireMessage, Hashable {
    public var token: String?
    public var tokens: [TokenInfo]

    public static let maxTokens = 100_000

    public init(token: String? = nil, tokens: [TokenInfo] = []) {
        self.token = token
        self.tokens = tokens
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var reply = TokensReply()
        while let field = try reader.next() {
            switch field.number {
            case 1: reply.token = try field.string(maxBytes: 128)
            case 2:
                guard reply.tokens.count < Self.maxTokens else { throw CodecError(.countTooLarge, "too many tokens", field: 2) }
                reply.tokens.append(try field.message(TokenInfo.self))
            default: break
            }
        }
        self = reply
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let token { buffer.writeField(1, token) }
        for info in self.tokens { buffer.writeField(2, message: info) }
    }
}

/// One token as listed: field 1 `name` string ≤ 64, 2 `role` string ≤ 16, 3 `created`
/// string ≤ 64 (ISO 8601).
public struct TokenInfo: WireMessage, Hashable {
    public var name: String
    public var role: String
    public var created: String

    public init(name: String, role: String, created: String) {
        self.name = name
        self.role = role
        self.created = created
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var info = TokenInfo(name: "", role: "", created: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: info.name = try field.string(maxBytes: 64)
            case 2: info.role = try field.string(maxBytes: 16)
            case 3: info.created = try field.string(maxBytes: 64)
            default: break
            }
        }
        self = info
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.name)
        buffer.writeField(2, self.role)
        if !self.created.isEmpty { buffer.writeField(3, self.created) }
    }
}
