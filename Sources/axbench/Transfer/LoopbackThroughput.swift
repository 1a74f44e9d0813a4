import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The transport's limit for bulk data on this machine: one TCP connection over loopback, a
/// blocking writer sending 1 MiB writes and a blocking reader discarding them. Nothing that
/// moves bytes over loopback can beat it.
enum LoopbackThroughput {
    /// Moves `bytes` bytes; returns bytes per second.
    static func measure(bytes: Int) throws -> Double {
        let listener = try Socket.listenLoopback()
        defer { listener.close() }
        let port = try listener.port()
        let chunk = 1 << 20
        let received = ManagedCounter()
        let reader = Thread {
            guard let peer = try? listener.accept() else { return }
            defer { peer.close() }
            var buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(peer.descriptor, $0.baseAddress!, chunk) }
                if count <= 0 { break }
                received.add(count)
            }
            received.finish()
        }
        reader.start()
        let writer = try Socket.connectLoopback(port: port)
        let payload = [UInt8](repeating: 0x61, count: chunk)
        let start = Stopwatch.now()
        var sent = 0
        while sent < bytes {
            let count = min(chunk, bytes - sent)
            guard writer.writeAll(payload, count: count) else { throw BenchmarkError("loopback write failed") }
            sent += count
        }
        writer.close()
        received.waitUntilFinished()
        let seconds = Double(Stopwatch.now() - start) / 1e9
        return Double(received.value) / seconds
    }
}

/// A byte count shared between the reader thread and the caller.
private final class ManagedCounter: @unchecked Sendable {
    // @unchecked: `count` is guarded by `lock`; `done` is a semaphore.
    private let lock = NSLock()
    private var count = 0
    private let done = DispatchSemaphore(value: 0)

    func add(_ bytes: Int) { self.lock.withLock { self.count += bytes } }
    func finish() { self.done.signal() }
    func waitUntilFinished() { self.done.wait() }
    var value: Int { self.lock.withLock { self.count } }
}
