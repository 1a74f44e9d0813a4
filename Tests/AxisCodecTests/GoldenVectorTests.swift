import AxisCodec
import AxisDigest
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

/// Every file in Protocol/vectors decodes to what its comment says and re-encodes to the same
/// bytes. The expected values are written here as Swift values; the bytes only in the files.
@Suite("Golden vectors (Protocol/vectors)")
struct GoldenVectorTests {
    /// A vector's expectation: the frame header, and what its payload decodes to.
    struct Expectation: Sendable {
        var opcode: Opcode
        var requestID: UInt32
        var flags: FrameFlags
        /// Decodes the payload, checks it, and returns its canonical re-encoding.
        var check: @Sendable (ByteBuffer) throws -> ByteBuffer

        init(opcode: Opcode, requestID: UInt32, flags: FrameFlags, message: some WireMessage & Equatable) {
            self.init(opcode: opcode, requestID: requestID, flags: flags) { payload in
                try GoldenVectorTests.checkMessage(message, payload: payload)
                return message.encoded()
            }
        }

        init(opcode: Opcode, requestID: UInt32, flags: FrameFlags, check: @escaping @Sendable (ByteBuffer) throws -> ByteBuffer) {
            self.opcode = opcode
            self.requestID = requestID
            self.flags = flags
            self.check = check
        }
    }

    static let key = "reuters/2024-10-03-shells"
    static let body = Array("North Korea sent shells.\n".utf8)

    /// The snapshot info the document vectors use (zlib-dependent sizes are read back).
    static func info(version: UInt32, sequence: UInt64, deleted: Bool = false, title: String = "Shells for Russia", compressedSize: UInt32) -> SnapshotInfoMessage {
        deleted
            ? SnapshotInfoMessage(key: Self.key, version: version, sequence: sequence, ingestTimeMilliseconds: 1_795_350_000_000, deleted: true)
            : SnapshotInfoMessage(
                key: Self.key, version: version, sequence: sequence, ingestTimeMilliseconds: 1_795_350_000_000,
                contentHash: SHA256.hash(Self.body).bytes, bodySize: UInt64(Self.body.count), compressedSize: compressedSize,
                title: title, source: "reuters", published: "2024-10-03", tags: ["korea"])
    }

    /// The stored body of a vector inflates to `body`.
    static func checkBody(_ zlib: ByteBuffer) throws {
        #expect(try Inflater().inflate(Array(zlib.readableBytesView), maxOutputBytes: 1000) == Self.body)
    }

    static let documentExpectations: [String: Expectation] = [
        "11-doc-put": Expectation(opcode: .docPut, requestID: 10, flags: []) { payload in
            var copy = payload
            let put = try DocPut(fromPayload: &copy)
            let upload = try #require(put.documents.first)
            guard case .zlib(let zlib, let size) = upload.body else { throw TestSupportError("not zlib") }
            try Self.checkBody(zlib)
            #expect(put.documents.count == 1 && upload.key == Self.key && size == UInt64(Self.body.count))
            #expect(upload.title == "Shells for Russia" && upload.source == "reuters" && upload.published == "2024-10-03")
            #expect(upload.tags == ["korea"] && upload.contentHash == SHA256.hash(Self.body).bytes)
            return put.encoded()
        },
        "12-doc-put-reply": Expectation(
            opcode: .docPut, requestID: 10, flags: [.response],
            message: DocPutReply(results: [
                PutResult(key: Self.key, version: 1, sequence: 42, created: true, contentHash: SHA256.hash(Self.body).bytes),
                PutResult(key: "bad", error: WireError(.invalidArgument, "published must be a date YYYY-MM-DD", retry: .never, field: "published", index: 1)),
            ])),
        "13-doc-get": Expectation(opcode: .docGet, requestID: 11, flags: [], message: DocGet(key: Self.key, version: 1)),
        "14-doc-get-reply": Expectation(opcode: .docGet, requestID: 11, flags: [.response]) { payload in
            var copy = payload
            let chunk = try SnapshotChunk(fromPayload: &copy)
            try Self.checkBody(chunk.bodyZlib)
            #expect(chunk.info == Self.info(version: 1, sequence: 42, compressedSize: UInt32(chunk.bodyZlib.readableBytes)))
            return chunk.encoded()
        },
        "15-doc-history": Expectation(opcode: .docHistory, requestID: 12, flags: [], message: DocHistory(key: Self.key)),
        "16-doc-history-reply": Expectation(opcode: .docHistory, requestID: 12, flags: [.response]) { payload in
            var copy = payload
            let page = try SnapshotPage(fromPayload: &copy)
            let size = try #require(page.snapshots.first).compressedSize
            #expect(page == SnapshotPage(
                snapshots: [Self.info(version: 1, sequence: 42, compressedSize: size), Self.info(version: 2, sequence: 43, deleted: true, compressedSize: 0)],
                total: 2))
            return page.encoded()
        },
        "17-doc-diff": Expectation(opcode: .docDiff, requestID: 13, flags: [], message: DocDiff(key: Self.key, fromVersion: 1, toVersion: 2)),
        "18-doc-diff-reply": Expectation(opcode: .docDiff, requestID: 13, flags: [.response]) { payload in
            var copy = payload
            let part = try DiffPart(fromPayload: &copy)
            let size = try #require(part.from).compressedSize
            #expect(part == DiffPart(
                from: Self.info(version: 1, sequence: 42, compressedSize: size),
                to: Self.info(version: 2, sequence: 44, title: "Shells and missiles", compressedSize: size),
                hunks: [DiffHunk(fromStart: 1, fromCount: 2, toStart: 1, toCount: 2, lines: [
                    DiffLine(kind: .context, text: "Seoul said so."),
                    DiffLine(kind: .removed, text: "North Korea sent shells."),
                    DiffLine(kind: .added, text: "North Korea sent shells and missiles."),
                ])],
                linesAdded: 1, linesRemoved: 1))
            return part.encoded()
        },
        "19-doc-delete": Expectation(opcode: .docDelete, requestID: 14, flags: [], message: DocDelete(key: Self.key)),
        "20-doc-delete-reply": Expectation(opcode: .docDelete, requestID: 14, flags: [.response], message: DocDeleteReply(version: 3, sequence: 45)),
        "21-doc-list": Expectation(opcode: .docList, requestID: 15, flags: [], message: DocList(prefix: "reuters/", limit: 1)),
        "22-doc-list-reply": Expectation(opcode: .docList, requestID: 15, flags: [.response]) { payload in
            var copy = payload
            let page = try DocumentPage(fromPayload: &copy)
            let size = try #require(page.documents.first).latest.compressedSize
            #expect(page == DocumentPage(
                documents: [DocumentSummaryMessage(latest: Self.info(version: 2, sequence: 44, title: "Shells and missiles", compressedSize: size), versions: 2)],
                nextAfter: Self.key, total: 1))
            return page.encoded()
        },
    ]

    static let expectations: [String: Expectation] = GoldenVectorTests.connectionExpectations
        .merging(GoldenVectorTests.documentExpectations) { a, _ in a }
        .merging(GoldenVectorTests.bulkExpectations) { a, _ in a }
        .merging(GoldenVectorTests.indexExpectations) { a, _ in a }

    static let connectionExpectations: [String: Expectation] = [
        "01-hello": Expectation(
            opcode: .hello, requestID: 1, flags: [],
            message: Hello(minVersion: 1, maxVersion: 1, clientName: "axclient", clientVersion: "0.1.0", maxPayloadBytes: 1_048_576)),
        "02-hello-reply": Expectation(
            opcode: .hello, requestID: 1, flags: [.response],
            message: HelloReply(
                version: 1, serverName: "axserver", serverVersion: "0.1.0",
                limits: ServerLimits(
                    maxPayloadBytes: 1_048_576, maxInflatedPayloadBytes: 8_388_608, maxInflationRatio: 100,
                    maxBodyBytes: 67_108_864, maxInflightRequests: 256, idleTimeoutMilliseconds: 300_000),
                opcodes: [.hello, .ping, .goAway, .cancel], connectionID: 7)),
        "03-ping": Expectation(opcode: .ping, requestID: 2, flags: [], message: Ping(data: Array("hi".utf8))),
        "04-pong": Expectation(
            opcode: .ping, requestID: 2, flags: [.response],
            message: Pong(data: Array("hi".utf8), serverTimeMilliseconds: 1_795_350_000_000)),
        "05-ping-empty": Expectation(opcode: .ping, requestID: 3, flags: [], message: Ping()),
        "06-goaway": Expectation(
            opcode: .goAway, requestID: 0, flags: [],
            message: GoAway(code: .shuttingDown, lastRequestID: 41, message: "the server is shutting down", retry: .afterBackoff)),
        "07-cancel": Expectation(opcode: .cancel, requestID: 0, flags: [], message: Cancel(requestID: 9)),
        "08-error-unsupported-opcode": Expectation(
            opcode: Opcode(0x0999), requestID: 5, flags: [.response, .error],
            message: WireError(.unsupportedOpcode, "opcode 0x0999 is not supported", retry: .never)),
        "09-error-details": Expectation(
            opcode: .ping, requestID: 6, flags: [.response, .error],
            message: WireError(
                .limitExceeded, "field 1 is 100 bytes, the maximum is 64", retry: .never, field: "field 1", limit: 64,
                index: 3, offset: 17)),
    ]

    /// Vectors with their own tests below.
    static let specialVectors: Set<String> = ["00-preface", "10-ping-compressed", "23-doc-put-fragmented", "40-pack"]

    @Test("every vector file has an expectation, and every expectation a file")
    func coverage() throws {
        let files = Set(try Vectors.names())
        #expect(files == Set(Self.expectations.keys).union(Self.specialVectors))
    }

    @Test("decode, compare, re-encode byte for byte", arguments: Array(GoldenVectorTests.expectations.keys).sorted())
    func vector(name: String) throws {
        let expectation = try #require(Self.expectations[name])
        let bytes = try Vectors.bytes(name)
        var buffer = bytes
        var decoder = FrameDecoder(limits: Self.openLimits())
        let frame = try #require(try decoder.decodeFrame(buffer: &buffer))
        #expect(buffer.readableBytes == 0, "the frame must use every byte of the vector")
        #expect(frame.version == 1)
        #expect(frame.opcode == expectation.opcode)
        #expect(frame.requestID == expectation.requestID)
        #expect(frame.flags == expectation.flags)

        let reencoded = try expectation.check(frame.payload)
        // The canonical encoding of the decoded value is the vector's payload, byte for byte.
        #expect(reencoded == frame.payload)
        var encoded = ByteBuffer()
        try FrameEncoder.encode(frame, into: &encoded, maxPayloadBytes: 1 << 20)
        #expect(encoded == bytes)
    }

    @Test("the preface vector is the preface")
    func preface() throws {
        #expect(Array(try Vectors.bytes("00-preface").readableBytesView) == Preface.bytes)
    }

    @Test("the compressed vector inflates to the PING it describes")
    func compressed() throws {
        var buffer = try Vectors.bytes("10-ping-compressed")
        let limits = Self.openLimits()
        var decoder = FrameDecoder(limits: limits)
        let frame = try #require(try decoder.decodeFrame(buffer: &buffer))
        #expect(frame.flags == [.compressed])
        #expect(frame.requestID == 4)
        let plain = try frame.decompressed(limits: limits.inflation, compressionAllowed: true, inflater: Inflater())
        #expect(!plain.flags.contains(.compressed))
        var payload = plain.payload
        #expect(try Ping(fromPayload: &payload) == Ping(data: [UInt8](repeating: 0x61, count: 64)))
        // Compressing the inflated frame again round-trips (zlib's bytes may differ by version).
        let again = plain.compressed(with: try Deflater())
        #expect(try again.decompressed(limits: limits.inflation, compressionAllowed: true, inflater: Inflater()) == plain)
    }

    @Test("the fragmented vector: two frames, the first with more, whose payloads make vector 11's")
    func fragmented() throws {
        var buffer = try Vectors.bytes("23-doc-put-fragmented")
        var decoder = FrameDecoder(limits: Self.openLimits())
        let first = try #require(try decoder.decodeFrame(buffer: &buffer))
        let second = try #require(try decoder.decodeFrame(buffer: &buffer))
        #expect(buffer.readableBytes == 0)
        #expect(first.flags == [.more] && second.flags == [] && first.requestID == 16 && second.requestID == 16)
        var whole = first.payload
        var rest = second.payload
        whole.writeBuffer(&rest)
        var single = try Vectors.bytes("11-doc-put")
        let original = try #require(try decoder.decodeFrame(buffer: &single))
        #expect(whole == original.payload)
    }

    static func openLimits() -> InboundLimits {
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        limits.handshakeCompleted(version: 1, maxPayloadBytes: 1 << 20)
        return limits
    }

    /// Decodes `payload` as the expected message's type and compares.
    static func checkMessage<M: WireMessage & Equatable>(_ expected: M, payload: ByteBuffer) throws {
        var payload = payload
        let decoded = try M(fromPayload: &payload)
        #expect(decoded == expected)
    }
}
