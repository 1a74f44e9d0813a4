#if canImport(Glibc)
import Glibc
#endif

/// Plain read(2)/write(2) loops over a file descriptor: EINTR retried, partial writes
/// finished, a full non-blocking descriptor waited on with poll. Foundation's FileHandle is
/// not used for files the user names or for standard streams: several of its calls trap on
/// an I/O error (a full disk, a closed pipe, a folder given as a file).
public enum Descriptor {
    /// Writes all of `bytes`. Returns nil, or the errno of the write that failed.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if count >= 0 {
                written += count
            } else if let failure = Self.lasting(errno, descriptor, waitingFor: POLLOUT) {
                return failure
            }
        }
        return nil
    }

    /// Reads up to `count` bytes (fewer at the end). Returns the bytes, or the errno.
    public static func read(_ descriptor: Int32, upTo count: Int) -> Result<[UInt8], Errno> {
        while true {
            var failure: Int32 = 0
            // Uninitialized: a 1 MiB request for a small file must not zero 1 MiB first.
            let chunk = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                let got = Glibc.read(descriptor, buffer.baseAddress, count)
                if got < 0 { failure = errno }
                initialized = max(got, 0)
            }
            if failure == 0 { return .success(chunk) }
            if let lasting = Self.lasting(failure, descriptor, waitingFor: POLLIN) { return .failure(Errno(lasting)) }
        }
    }

    /// `failure` if it is a real failure; nil if the call is worth trying again: it was
    /// interrupted (EINTR), or the descriptor, left non-blocking by whoever opened it, was
    /// not ready (EAGAIN; this waits until it is).
    private static func lasting(_ failure: Int32, _ descriptor: Int32, waitingFor events: Int32) -> Int32? {
        switch failure {
        case EINTR:
            return nil
        case EAGAIN:
            var ready = pollfd(fd: descriptor, events: Int16(events), revents: 0)
            _ = poll(&ready, 1, -1)
            return nil
        default:
            return failure
        }
    }

    /// An errno, as an error whose description is strerror's.
    public struct Errno: Error, Sendable, CustomStringConvertible {
        public let code: Int32

        public init(_ code: Int32) {
            self.code = code
        }

        public var description: String { String(cString: strerror(self.code)) }
    }
}

/// A file descriptor closed when the last reference to it goes.
public final class OwnedDescriptor: Sendable {
    public let descriptor: Int32

    public init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        Glibc.close(self.descriptor)
    }
}
