/// A message type on the wire (Protocol/PROTOCOL.md §5, the opcode map).
///
/// A struct, not an enum: a frame may carry any 16-bit value, and an opcode this peer does not
/// know must reach the request layer (which answers UNSUPPORTED_OPCODE) instead of failing to
/// decode. Known values are named constants with explicit numbers, never derived from order.
public struct Opcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    // MARK: 0x00xx connection

    /// 0x0001: HELLO, the handshake (§6.1).
    public static let hello = Opcode(0x0001)
    /// 0x0002: PING, liveness and round-trip time (§6.2).
    public static let ping = Opcode(0x0002)
    /// 0x0003: GOAWAY, the sender is closing the connection (§6.3).
    public static let goAway = Opcode(0x0003)
    /// 0x0004: CANCEL, stop a request in flight (§6.4).
    public static let cancel = Opcode(0x0004)

    // MARK: 0x01xx documents

    /// 0x0101: DOC_PUT, store documents (§10.2).
    public static let docPut = Opcode(0x0101)
    /// 0x0102: DOC_GET, one version of a document (§10.3).
    public static let docGet = Opcode(0x0102)
    /// 0x0103: DOC_HISTORY, every version of a document (§10.4).
    public static let docHistory = Opcode(0x0103)
    /// 0x0104: DOC_DIFF, what changed between two versions (§10.5).
    public static let docDiff = Opcode(0x0104)
    /// 0x0105: DOC_DELETE, add a tombstone (§10.6).
    public static let docDelete = Opcode(0x0105)
    /// 0x0106: DOC_LIST, documents by key (§10.7).
    public static let docList = Opcode(0x0106)

    /// 0x0107: DOC_STAT, the latest info of many keys (§10.8).
    public static let docStat = Opcode(0x0107)

    // MARK: 0x02xx index

    /// 0x0201: ENTITIES, entities by document count (§12.1).
    public static let entities = Opcode(0x0201)
    /// 0x0202: ENTITY, one entity in depth (§12.2).
    public static let entity = Opcode(0x0202)
    /// 0x0203: MENTIONS, what the extractor found in a snapshot (§12.3).
    public static let mentions = Opcode(0x0203)
    /// 0x0204: QUERY, documents matching a query, ranked (§13).
    public static let query = Opcode(0x0204)
    /// 0x0205: TIMELINE, an entity's documents per period (§14.1).
    public static let timeline = Opcode(0x0205)
    /// 0x0206: COOCCUR, documents shared by pairs of entities (§14.2).
    public static let cooccur = Opcode(0x0206)
    /// 0x0207: FLOWS, the supply flows the documents state, as rows or groups (§12.5).
    public static let flows = Opcode(0x0207)

    // MARK: 0x03xx bulk

    /// 0x0301: EXPORT, every record in sequence order (§11.2).
    public static let export = Opcode(0x0301)
    /// 0x0302: IMPORT, add records from another server (§11.3).
    public static let `import` = Opcode(0x0302)
    /// 0x0303: SYNC_STATE, how far a source has been imported (§11.4).
    public static let syncState = Opcode(0x0303)

    // MARK: 0x05xx administration

    /// 0x0501: TOKENS, add, list or revoke the server's tokens (admin role, §6.5, v1.1).
    public static let tokens = Opcode(0x0501)

    /// Every opcode this build of the codec knows, with its name, for logs and HELLO.
    public static let names: [Opcode: String] = [
        .hello: "HELLO",
        .ping: "PING",
        .goAway: "GOAWAY",
        .cancel: "CANCEL",
        .docPut: "DOC_PUT",
        .docGet: "DOC_GET",
        .docHistory: "DOC_HISTORY",
        .docDiff: "DOC_DIFF",
        .docDelete: "DOC_DELETE",
        .docList: "DOC_LIST",
        .docStat: "DOC_STAT",
        .entities: "ENTITIES",
        .entity: "ENTITY",
        .mentions: "MENTIONS",
        .query: "QUERY",
        .timeline: "TIMELINE",
        .cooccur: "COOCCUR",
        .flows: "FLOWS",
        .export: "EXPORT",
        .import: "IMPORT",
        .syncState: "SYNC_STATE",
        .tokens: "TOKENS",
    ]

    public var description: String {
        let hex = "0x" + String(self.rawValue, radix: 16, uppercase: true).leftPadded(to: 4)
        if let name = Self.names[self] { return "\(name)(\(hex))" }
        return hex
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
