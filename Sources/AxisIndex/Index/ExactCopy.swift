extension Array {
    /// The same elements in a buffer of exactly their count (`Array(self)` shares the buffer and
    /// keeps its spare capacity); `self` when it has none to give back.
    func exactCopy() -> [Element] {
        guard self.capacity > self.count else { return self }
        return [Element](unsafeUninitializedCapacity: self.count) { buffer, initialized in
            initialized = self.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, let target = buffer.baseAddress else { return 0 }
                target.initialize(from: base, count: source.count)
                return source.count
            }
        }
    }
}
