import AxisCodec
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

/// Seeded random mutations of the golden vectors: every result must be a frame, "need more
/// bytes", or a thrown error; never a trap. A failure prints the seed to replay it.
@Suite("Mutated vectors never trap")
struct MutationTests {
    @Test("flip, truncate, extend and splice 20,000 times", arguments: [UInt64(1), 2, 3, 4])
    func mutate(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let originals = try Vectors.names().map { Array(try Vectors.bytes($0).readableBytesView) }
        let inflater = try Inflater()
        for round in 0..<5000 {
            var bytes = originals[Int(random.next() % UInt64(originals.count))]
            switch random.next() % 4 {
            case 0:
                for _ in 0...(random.next() % 4) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(1 << (random.next() % 8))
                }
            case 1:
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            case 2:
                bytes += (0..<Int(random.next() % 32)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                let cut = Int(random.next() % UInt64(bytes.count + 1))
                bytes.insert(contentsOf: (0..<Int(random.next() % 8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: cut)
            }
            Self.exercise(bytes, inflater: inflater, context: "seed \(seed) round \(round)")
        }
    }

    static func exercise(_ bytes: [UInt8], inflater: Inflater, context: String) {
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        limits.handshakeCompleted(version: 1, maxPayloadBytes: 1 << 20)
        var decoder = FrameDecoder(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        while let frame = try? decoder.decodeFrame(buffer: &buffer) {
            let plain = try? frame.decompressed(limits: limits.inflation, compressionAllowed: true, inflater: inflater)
            _ = try? Request(decoding: plain ?? frame)
            var payload = frame.payload
            _ = try? HelloReply(fromPayload: &payload)
            payload = frame.payload
            _ = try? WireError(fromPayload: &payload)
            payload = frame.payload
            _ = try? Pong(fromPayload: &payload)
        }
    }
}
