extension Array {
    /// The same elements in a buffer of their count (`Array(self)` shares the buffer and keeps
    /// its spare capacity); `self` when it has little to give back.
    ///
    /// "Little": at most `ignoredSpareBytes` spare. The allocator rounds every buffer up a
    /// little, so an array already copied to its size still shows a few spare elements;
    /// copying it again gave nothing back, and every compaction copied the whole index anew
    /// (a growing array holds up to twice what it needs, far above this).
    func exactCopy() -> [Element] {
        let stride = MemoryLayout<Element>.stride
        guard (self.capacity - self.count) * stride > Self.ignoredSpareBytes(self.count * stride) else { return self }
        return [Element](unsafeUninitializedCapacity: self.count) { buffer, initialized in
            initialized = self.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, let target = buffer.baseAddress else { return 0 }
                target.initialize(from: base, count: source.count)
                return source.count
            }
        }
    }

    /// Spare bytes not worth a copy for `bytes` of elements: 64, or a quarter of them. That
    /// covers the allocator's rounding: jemalloc, which the executables run on, has four size
    /// classes per doubling, so a buffer holds up to a quarter more than was asked for (a copy
    /// of such an array may land in the same class and give nothing back); glibc rounds to 16
    /// bytes.
    static func ignoredSpareBytes(_ bytes: Int) -> Int {
        Swift.max(64, bytes / 4)
    }
}
