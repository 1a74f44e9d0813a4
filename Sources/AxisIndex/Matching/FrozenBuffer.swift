/// An array copied once into memory that is never written again, read through an unsafe
/// buffer: the per-word loops index it without bounds checks or reference counting, which
/// plain arrays held in a struct do not guarantee.
final class FrozenBuffer<Element: Sendable>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>

    init(_ elements: [Element]) {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(1, elements.count))
        _ = storage.initialize(from: elements)
        self.buffer = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(storage)[0..<elements.count])
    }

    deinit {
        if let base = self.buffer.baseAddress {
            UnsafeMutablePointer(mutating: base).deinitialize(count: self.buffer.count)
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }
}
