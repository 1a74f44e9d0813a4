import AxisCodec
import AxisZlib
import NIOCore

/// What one fuzz input exercises: every decoder that takes bytes from the network or a file
/// (issue 16, item 6). The first byte picks a decoder; the rest is its input. Every decoder
/// must return or throw its typed error: a trap, an overflow or an out-of-bounds access is a
/// crash libFuzzer (with AddressSanitizer) reports.
enum FuzzTarget {
    /// Request types, by opcode: `Request(decoding:)` decodes each.
    static let requestOpcodes: [Opcode] = [
        .hello, .ping, .goAway, .cancel, .docPut, .docGet, .docHistory, .docDiff, .docDelete, .docList, .docStat,
        .entities, .entity, .mentions, .query, .timeline, .cooccur, .flows, .export, .import, .syncState, .tokens,
    ]

    /// Reply decoders (a client decodes these from the server).
    static let replyDecoders: [@Sendable (inout ByteBuffer) throws -> Void] = [
        { _ = try HelloReply(fromPayload: &$0) }, { _ = try Pong(fromPayload: &$0) }, { _ = try WireError(fromPayload: &$0) },
        { _ = try GoAway(fromPayload: &$0) }, { _ = try DocPut.Reply(fromPayload: &$0) }, { _ = try DocGet.Reply(fromPayload: &$0) },
        { _ = try DocHistory.Reply(fromPayload: &$0) }, { _ = try DocDiff.Reply(fromPayload: &$0) },
        { _ = try DocDelete.Reply(fromPayload: &$0) }, { _ = try DocList.Reply(fromPayload: &$0) },
        { _ = try DocStat.Reply(fromPayload: &$0) }, { _ = try Entities.Reply(fromPayload: &$0) },
        { _ = try EntityLookup.Reply(fromPayload: &$0) }, { _ = try Mentions.Reply(fromPayload: &$0) },
        { _ = try QueryRequest.Reply(fromPayload: &$0) }, { _ = try TimelineRequest.Reply(fromPayload: &$0) },
        { _ = try CooccurRequest.Reply(fromPayload: &$0) }, { _ = try FlowsRequest.Reply(fromPayload: &$0) },
        { _ = try Export.Reply(fromPayload: &$0) }, { _ = try Import.Reply(fromPayload: &$0) },
        { _ = try SyncState.Reply(fromPayload: &$0) }, { _ = try TokensRequest.Reply(fromPayload: &$0) },
    ]

    /// Frames before and after the handshake, a pack file, an export's stored records.
    static let fixedTargets = 4

    static func run(_ input: UnsafeRawBufferPointer) {
        guard let selector = input.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: input.dropFirst())
        let choices = Self.fixedTargets + Self.requestOpcodes.count + Self.replyDecoders.count
        switch Int(selector) % choices {
        case 0: Self.frames(rest, handshaken: true)
        case 1: Self.frames(rest, handshaken: false)
        case 2: Self.pack(rest)
        case 3: Self.storedRecords(rest)
        case let pick where pick < Self.fixedTargets + Self.requestOpcodes.count:
            let opcode = Self.requestOpcodes[pick - Self.fixedTargets]
            let frame = Frame(opcode: opcode, requestID: 1, payload: ByteBuffer(bytes: rest))
            _ = try? Request(decoding: frame)
        case let pick:
            var payload = ByteBuffer(bytes: rest)
            try? Self.replyDecoders[pick - Self.fixedTargets - Self.requestOpcodes.count](&payload)
        }
    }

    /// The bytes as an export's stored records (§11.6), in chunks whose size the first byte
    /// picks, so records are cut between chunks at every kind of place.
    static func storedRecords(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let chunk = Int(first) + 1
        var assembler = StoredRecordAssembler()
        var records: [PackRecord] = []
        var offset = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            guard (try? assembler.absorb(ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<end])), into: &records)) != nil
            else { return }
            offset = end
        }
    }

    /// The byte stream as frames, with the limits of before or after the handshake, and each
    /// frame (inflated when compressed) decoded as the request its opcode names.
    static func frames(_ bytes: UnsafeRawBufferPointer, handshaken: Bool) {
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        if handshaken { limits.handshakeCompleted(version: 1, maxPayloadBytes: 1 << 20) }
        var decoder = FrameDecoder(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        while let frame = try? decoder.decodeFrame(buffer: &buffer) {
            guard let plain = try? frame.decompressed(limits: limits.inflation, compressionAllowed: handshaken, inflater: try Inflater())
            else { continue }
            _ = try? Request(decoding: plain)
        }
    }

    /// The bytes as a pack file, read to the end.
    static func pack(_ bytes: UnsafeRawBufferPointer) {
        guard var reader = try? PackReader(source: BytesSource(bytes: Array(bytes))) else { return }
        while let record = try? reader.next() {
            _ = record
        }
    }

    struct BytesSource: PackSource {
        var bytes: [UInt8]
        var offset = 0

        mutating func read(_ count: Int) throws -> [UInt8] {
            let end = min(self.bytes.count, self.offset + max(0, count))
            defer { self.offset = end }
            return Array(self.bytes[self.offset..<end])
        }
    }
}
