import CZlib

/// Decompresses zlib streams (RFC 1950) with a hard cap on the output size.
///
/// Every compressed input Axis reads comes from the network or the disk and is untrusted:
/// the cap is the defence against decompression bombs, and it is enforced while inflating,
/// never after. Reuses one zlib state; not thread-safe.
public final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Throws: `ZlibError` with `.outOfMemory` if zlib cannot allocate its state.
    public init() throws(ZlibError) {
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        let status = axis_inflate_init(self.stream)
        guard status == Z_OK else {
            self.stream.deinitialize(count: 1)
            self.stream.deallocate()
            throw ZlibError(.outOfMemory, "inflateInit failed with status \(status)")
        }
    }

    deinit {
        inflateEnd(self.stream)
        self.stream.deinitialize(count: 1)
        self.stream.deallocate()
    }

    /// Inflates one complete zlib stream.
    ///
    /// - Parameters:
    ///   - input: exactly one zlib stream; trailing bytes are an error.
    ///   - maxOutputBytes: the hard cap. Inflation stops with `.outputLimitExceeded` as soon as
    ///     the output would pass it, so no more than this is ever allocated.
    ///   - expectedOutputBytes: when the size is declared (a record header, a frame prefix),
    ///     the output must be exactly this long; the buffer is then allocated once, at this size.
    /// - Throws: `ZlibError` (`.corruptData`, `.truncatedInput`, `.trailingInput`,
    ///   `.outputLimitExceeded`).
    public func inflate(
        _ input: UnsafeRawBufferPointer,
        maxOutputBytes: Int,
        expectedOutputBytes: Int? = nil
    ) throws(ZlibError) -> [UInt8] {
        // zlib counts input in 32-bit units; no frame or record comes near that.
        guard input.count <= Int(uInt.max) else {
            throw ZlibError(.outputLimitExceeded, "input of \(input.count) bytes is too large")
        }
        inflateReset(self.stream)
        self.stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        )
        self.stream.pointee.avail_in = uInt(input.count)

        if let expected = expectedOutputBytes {
            guard expected >= 0, expected <= maxOutputBytes else {
                throw ZlibError(.outputLimitExceeded, "declared size \(expected) exceeds the limit \(maxOutputBytes)")
            }
            return try self.inflateDeclared(exactly: expected)
        }
        return try self.inflateGrowing(upTo: maxOutputBytes)
    }

    /// Inflates one complete zlib stream held in an array. See `inflate(_:maxOutputBytes:expectedOutputBytes:)`.
    public func inflate(
        _ input: [UInt8],
        maxOutputBytes: Int,
        expectedOutputBytes: Int? = nil
    ) throws(ZlibError) -> [UInt8] {
        // Array's closure APIs rethrow untyped errors; carry the typed one out in a Result.
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(ZlibError) -> [UInt8] in
                try self.inflate(buffer, maxOutputBytes: maxOutputBytes, expectedOutputBytes: expectedOutputBytes)
            }
        }
        return try result.get()
    }

    // MARK: - Strategies

    /// The size is declared: inflate straight into a buffer of that size.
    private func inflateDeclared(exactly expected: Int) throws(ZlibError) -> [UInt8] {
        var failure: ZlibError?
        let output = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            do throws(ZlibError) {
                try self.inflateResetStream(exactlyInto: UnsafeMutableRawBufferPointer(buffer))
                initialized = expected
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Inflates one complete zlib stream into `output`, which it must fill exactly.
    ///
    /// For callers that own the destination (a ByteBuffer's writable bytes): no intermediate
    /// copy. A stream that ends early is `.corruptData`; one that goes on is `.outputLimitExceeded`.
    public func inflate(_ input: UnsafeRawBufferPointer, exactlyInto output: UnsafeMutableRawBufferPointer) throws(ZlibError) {
        guard input.count <= Int(uInt.max) else {
            throw ZlibError(.outputLimitExceeded, "input of \(input.count) bytes is too large")
        }
        inflateReset(self.stream)
        self.stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        )
        self.stream.pointee.avail_in = uInt(input.count)
        try self.inflateResetStream(exactlyInto: output)
    }

    /// The loop behind both declared-size entry points; the input is already set.
    private func inflateResetStream(exactlyInto output: UnsafeMutableRawBufferPointer) throws(ZlibError) {
        let written = try self.run(into: output)
        if self.streamEnded {
            guard written == output.count else {
                throw ZlibError(.corruptData, "inflated \(written) bytes, declared \(output.count)")
            }
            return
        }
        // The buffer is full but the stream has not ended: one more byte means it lied.
        var probe: UInt8 = 0
        let extra = try withUnsafeMutableBytes(of: &probe) { probeBuffer in
            Result { () throws(ZlibError) -> Int in try self.run(into: probeBuffer) }
        }.get()
        guard extra == 0, self.streamEnded else {
            throw ZlibError(.outputLimitExceeded, "inflated data exceeds the declared \(output.count) bytes")
        }
    }

    /// No declared size: grow the output geometrically, never past the cap.
    private func inflateGrowing(upTo limit: Int) throws(ZlibError) -> [UInt8] {
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        // `run` resets `streamEnded`; a loop that tested it first would see the previous call's value.
        repeat {
            let produced = try chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(ZlibError) -> Int in try self.run(into: buffer) }
            }.get()
            guard produced <= limit - output.count else {
                throw ZlibError(.outputLimitExceeded, "inflated data exceeds \(limit) bytes")
            }
            output.append(contentsOf: chunk[0..<produced])
        } while !self.streamEnded
        return output
    }

    // MARK: - The zlib loop

    private var streamEnded = false

    /// Inflates into `buffer` until it is full or the stream ends.
    /// - Returns: the bytes written.
    private func run(into buffer: UnsafeMutableRawBufferPointer) throws(ZlibError) -> Int {
        self.streamEnded = false
        self.stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        self.stream.pointee.avail_out = uInt(clamping: buffer.count)
        let start = Int(self.stream.pointee.avail_out)
        while true {
            let status = CZlib.inflate(self.stream, Z_NO_FLUSH)
            let written = start - Int(self.stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                guard self.stream.pointee.avail_in == 0 else {
                    throw ZlibError(
                        .trailingInput,
                        "\(self.stream.pointee.avail_in) bytes follow the end of the zlib stream"
                    )
                }
                self.streamEnded = true
                return written
            case Z_OK:
                if self.stream.pointee.avail_out == 0 { return written }
            case Z_BUF_ERROR:
                if self.stream.pointee.avail_out == 0 { return written }
                throw ZlibError(.truncatedInput, "input ended before the zlib stream did")
            case Z_NEED_DICT, Z_DATA_ERROR:
                throw ZlibError(.corruptData, self.lastMessage ?? "invalid zlib data")
            case Z_MEM_ERROR:
                throw ZlibError(.outOfMemory, "zlib could not allocate memory")
            default:
                throw ZlibError(.internalFailure, "inflate returned \(status)")
            }
        }
    }

    private var lastMessage: String? {
        guard let message = self.stream.pointee.msg else { return nil }
        return String(cString: message)
    }
}
