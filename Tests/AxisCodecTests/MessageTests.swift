import AxisCodec
import AxisTestSupport
import NIOCore
import Testing

@Suite("Messages")
struct MessageTests {
    static func roundTrip<M: WireMessage & Equatable>(_ message: M) throws {
        var buffer = message.encoded()
        let decoded = try M(fromPayload: &buffer)
        #expect(decoded == message)
    }

    @Test("random messages round-trip (seeded)")
    func randomRoundTrips() throws {
        let seed: UInt64 = 0x5EED_0001
        var random = SplitMix64(seed: seed)
        func string(_ max: Int) -> String {
            let alphabet = Array("abcXYZ 0123 Пхеньян 平壤 ✓")
            return String((0..<Int(random.next() % UInt64(max))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                .prefixUTF8(max)
        }
        for _ in 0..<500 {
            let low = UInt8(1 + random.next() % 5)
            try Self.roundTrip(
                Hello(
                    minVersion: low, maxVersion: low + UInt8(random.next() % 3), clientName: string(20),
                    clientVersion: string(10), maxPayloadBytes: random.next() % 2 == 0 ? nil : UInt32(truncatingIfNeeded: random.next()),
                    token: random.next() % 2 == 0 ? nil : string(50)))
            try Self.roundTrip(Ping(data: (0..<Int(random.next() % 65)).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
            try Self.roundTrip(Pong(data: [1, 2], serverTimeMilliseconds: random.next()))
            try Self.roundTrip(
                GoAway(
                    code: ErrorCode(rawValue: UInt16(truncatingIfNeeded: random.next())),
                    lastRequestID: UInt32(truncatingIfNeeded: random.next()), message: string(100), retry: .now))
            try Self.roundTrip(Cancel(requestID: UInt32(truncatingIfNeeded: random.next())))
            try Self.roundTrip(
                WireError(
                    ErrorCode.allKnown[Int(random.next() % UInt64(ErrorCode.allKnown.count))], string(200),
                    field: random.next() % 2 == 0 ? nil : string(30), limit: random.next() % 2 == 0 ? nil : random.next(),
                    index: random.next(), offset: nil))
        }
    }

    @Test("HELLO requires both versions and a non-empty range starting at 1 or more")
    func helloValidation() throws {
        var onlyMin = ByteBuffer()
        onlyMin.writeField(1, UInt8(1))
        #expect { _ = try Hello(fromPayload: &onlyMin) } throws: { ($0 as? CodecError)?.code == .missingField }
        var inverted = Hello(minVersion: 3, maxVersion: 2, clientName: "", clientVersion: "").encoded()
        #expect { _ = try Hello(fromPayload: &inverted) } throws: { ($0 as? CodecError)?.code == .fieldOutOfRange }
        var zero = Hello(minVersion: 0, maxVersion: 2, clientName: "", clientVersion: "").encoded()
        #expect { _ = try Hello(fromPayload: &zero) } throws: { ($0 as? CodecError)?.code == .fieldOutOfRange }
    }

    @Test("string limits are enforced at the limit and one past it")
    func stringLimits() throws {
        var atLimit = Ping(data: [UInt8](repeating: 1, count: Ping.maxDataBytes)).encoded()
        #expect(try Ping(fromPayload: &atLimit).data.count == Ping.maxDataBytes)
        var over = ByteBuffer()
        over.writeField(1, bytes: [UInt8](repeating: 1, count: Ping.maxDataBytes + 1))
        #expect { _ = try Ping(fromPayload: &over) } throws: { ($0 as? CodecError)?.code == .stringTooLong }
    }

    @Test("an unknown opcode is a request-scoped error")
    func unknownOpcode() {
        let frame = Frame(opcode: Opcode(0x0999), requestID: 5, payload: ByteBuffer())
        #expect { _ = try Request(decoding: frame) } throws: {
            guard let error = $0 as? CodecError else { return false }
            return error.code == .unsupportedOpcode && !error.code.isFatal && ErrorCode(error) == .unsupportedOpcode
        }
    }

    @Test("error messages are cut to 1 KiB on a character boundary")
    func longErrorMessage() throws {
        let error = WireError(.internal, String(repeating: "é", count: 2000))
        #expect(error.message.utf8.count <= WireError.maxMessageBytes)
        try Self.roundTrip(error)
    }

    @Test("every error code has a stable name and a retry class")
    func errorCodes() {
        #expect(ErrorCode.versionMismatch.name == "VERSION_MISMATCH")
        #expect(ErrorCode.tooManyRequests.defaultRetry == .afterBackoff)
        #expect(ErrorCode(rawValue: 4999).name == "UNKNOWN_4999")
        #expect(Set(ErrorCode.allKnown.map(\.name)).count == ErrorCode.allKnown.count)
    }
}

extension String {
    fileprivate func prefixUTF8(_ maxBytes: Int) -> String {
        var result = ""
        for character in self where result.utf8.count + character.utf8.count <= maxBytes {
            result.append(character)
        }
        return result
    }
}
