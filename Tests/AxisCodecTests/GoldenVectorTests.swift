import AxisCodec
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

/// Every file in Protocol/vectors decodes to what its comment says and re-encodes to the same
/// bytes. The expected values are written here as Swift values; the bytes only in the files.
@Suite("Golden vectors (Protocol/vectors)")
struct GoldenVectorTests {
    /// A vector's expectation: the frame header, and the message its payload decodes to.
    struct Expectation: Sendable {
        var opcode: Opcode
        var requestID: UInt32
        var flags: FrameFlags
        var message: any (WireMessage & Equatable)
    }

    static let expectations: [String: Expectation] = [
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
    static let specialVectors: Set<String> = ["00-preface", "10-ping-compressed"]

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

        try Self.checkMessage(expectation.message, payload: frame.payload)

        var encoded = ByteBuffer()
        try FrameEncoder.encode(frame, into: &encoded, maxPayloadBytes: 1 << 20)
        #expect(encoded == bytes)
        // And from the Swift value: the canonical encoding is the vector's payload.
        #expect(expectation.message.encoded() == frame.payload)
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
