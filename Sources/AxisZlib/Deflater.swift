import CZlib

/// Compresses whole buffers into zlib streams (RFC 1950), reusing one zlib state.
///
/// Creating a zlib deflate state allocates about 256 KiB; the store compresses every
/// snapshot body, so a `Deflater` is created once per writer and reset between inputs.
/// Not thread-safe: one owner at a time.
public final class Deflater {
    /// The compression level, 0 (store) to 9 (best); zlib's default is 6.
    public let level: Int32
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Parameter level: 0...9. Values outside are clamped.
    /// - Throws: `ZlibError` with `.outOfMemory` if zlib cannot allocate its state.
    public init(level: Int = 6) throws(ZlibError) {
        self.level = Int32(clamping: min(max(level, 0), 9))
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        let status = axis_deflate_init(self.stream, self.level)
        guard status == Z_OK else {
            self.stream.deinitialize(count: 1)
            self.stream.deallocate()
            throw ZlibError(.outOfMemory, "deflateInit failed with status \(status)")
        }
    }

    deinit {
        deflateEnd(self.stream)
        self.stream.deinitialize(count: 1)
        self.stream.deallocate()
    }

    /// The most bytes `compress` can produce for an input of `count` bytes.
    public func bound(forInputCount count: Int) -> Int {
        Int(deflateBound(self.stream, uLong(count)))
    }

    /// Compresses `input` into one complete zlib stream.
    public func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let capacity = self.bound(forInputCount: input.count)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, initializedCount in
            initializedCount = self.compress(input, into: UnsafeMutableRawBufferPointer(output))
        }
    }

    /// Compresses `input` into one complete zlib stream.
    public func compress(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBytes { self.compress($0) }
    }

    /// Compresses `input` into `output`, which must hold at least `bound(forInputCount:)` bytes.
    /// - Returns: the number of bytes written.
    public func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= self.bound(forInputCount: input.count), "output smaller than deflateBound")
        deflateReset(self.stream)
        // zlib's API is not const-correct; it never writes through next_in.
        self.stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        )
        self.stream.pointee.avail_in = uInt(input.count)
        self.stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        self.stream.pointee.avail_out = uInt(output.count)
        let status = deflate(self.stream, Z_FINISH)
        // With an output of deflateBound bytes a single Z_FINISH call always completes.
        precondition(status == Z_STREAM_END, "deflate with a deflateBound-sized output did not finish: \(status)")
        return Int(self.stream.pointee.total_out)
    }
}
