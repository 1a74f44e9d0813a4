public import AxisCodec

#if canImport(Glibc)
import Glibc
#endif

/// Reads a pack from a file, buffered, with plain read(2) calls: a failure is a
/// `PackFileError` naming the file.
public struct FilePackSource: PackSource {
    private let file: OwnedDescriptor
    private let path: String
    private var buffer: [UInt8] = []
    private var position = 0

    public init(path: String) throws {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PackFileError(path: path, operation: "open", code: errno) }
        self.file = OwnedDescriptor(descriptor)
        self.path = path
    }

    public mutating func read(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if self.position == self.buffer.count {
                switch Descriptor.read(self.file.descriptor, upTo: max(1 << 20, count - result.count)) {
                case .success(let chunk): self.buffer = chunk
                case .failure(let error): throw PackFileError(path: self.path, operation: "read", code: error.code)
                }
                self.position = 0
                if self.buffer.isEmpty { break }
            }
            let take = min(count - result.count, self.buffer.count - self.position)
            result.append(contentsOf: self.buffer[self.position..<(self.position + take)])
            self.position += take
        }
        return result
    }
}
