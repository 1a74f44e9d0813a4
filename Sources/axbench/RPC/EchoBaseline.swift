import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The transport's limit on this machine: a minimal TCP echo over loopback, blocking sockets
/// and one thread per connection end, echoing fixed-size frames. Nothing Axis does can beat it,
/// so Axis figures are reported as a ratio to it.
enum EchoBaseline {
    /// Runs `connections` clients, each keeping `depth` frames of `frameSize` bytes outstanding,
    /// for `seconds`. Returns the round trips' latencies and the elapsed time.
    static func run(connections: Int, depth: Int, batched: Bool = false, frameSize: Int, seconds: Double) throws -> LatencySummary {
        let listener = try Socket.listenLoopback()
        let port = try listener.port()
        let acceptThread = Thread {
            for _ in 0..<connections {
                guard let peer = try? listener.accept() else { return }
                Thread.detachNewThread { Self.echo(peer, frameSize: frameSize) }
            }
        }
        acceptThread.start()

        defer { listener.close() }
        return try Self.runClients(
            port: port, connections: connections, depth: depth, batched: batched, frameSize: frameSize, seconds: seconds)
    }

    /// The blocking clients, against any echo server on `port`.
    static func runClients(
        port: UInt16, connections: Int, depth: Int, batched: Bool = false, frameSize: Int, seconds: Double
    ) throws -> LatencySummary {
        let results = LockedResults()
        let done = DispatchGroup()
        let start = Stopwatch.now()
        let stopAt = start + UInt64(seconds * 1e9)
        for _ in 0..<connections {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                guard let socket = try? Socket.connectLoopback(port: port) else { return }
                defer { socket.close() }
                if batched {
                    results.append(Self.driveBatches(socket, batch: depth, frameSize: frameSize, until: stopAt))
                } else {
                    results.append(Self.drive(socket, depth: depth, frameSize: frameSize, until: stopAt))
                }
            }
        }
        done.wait()
        let elapsed = Double(Stopwatch.now() - start) / 1e9
        return LatencySummary(latencies: results.all, seconds: elapsed)
    }

    private static func echo(_ socket: Socket, frameSize: Int) {
        defer { socket.close() }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(socket.descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            guard socket.writeAll(buffer, count: count) else { return }
        }
    }

    /// Writes `batch` frames at once, reads their echo, repeats (redis-benchmark -P style).
    private static func driveBatches(_ socket: Socket, batch: Int, frameSize: Int, until stopAt: UInt64) -> [UInt64] {
        let frames = [UInt8](repeating: 0x2A, count: frameSize * batch)
        var inbound = [UInt8](repeating: 0, count: frameSize * batch)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(1 << 20)
        while true {
            let sent = Stopwatch.now()
            guard socket.writeAll(frames, count: frames.count), socket.readExactly(&inbound, count: inbound.count) else {
                return latencies
            }
            let now = Stopwatch.now()
            latencies.append(contentsOf: repeatElement(now - sent, count: batch))
            if now >= stopAt { return latencies }
        }
    }

    /// Keeps `depth` frames in flight; records each frame's round trip.
    private static func drive(_ socket: Socket, depth: Int, frameSize: Int, until stopAt: UInt64) -> [UInt64] {
        let frame = [UInt8](repeating: 0x2A, count: frameSize)
        var sentAt: [UInt64] = []
        sentAt.reserveCapacity(depth)
        var head = 0
        var latencies: [UInt64] = []
        latencies.reserveCapacity(1 << 20)
        for _ in 0..<depth {
            sentAt.append(Stopwatch.now())
            guard socket.writeAll(frame, count: frameSize) else { return latencies }
        }
        var inbound = [UInt8](repeating: 0, count: frameSize)
        while true {
            guard socket.readExactly(&inbound, count: frameSize) else { return latencies }
            let now = Stopwatch.now()
            latencies.append(now - sentAt[head])
            if now >= stopAt { return latencies }
            sentAt[head] = Stopwatch.now()
            head = (head + 1) % depth
            guard socket.writeAll(frame, count: frameSize) else { return latencies }
        }
    }
}

/// A thread-safe collector of per-thread latency arrays.
private final class LockedResults: @unchecked Sendable {
    // Guarded by `lock`; the benchmark's threads are plain POSIX threads, not tasks.
    private var values: [UInt64] = []
    private let lock = NSLock()

    func append(_ latencies: [UInt64]) {
        self.lock.lock()
        self.values.append(contentsOf: latencies)
        self.lock.unlock()
    }

    var all: [UInt64] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.values
    }
}

/// A blocking TCP socket on loopback, for the baseline only.
struct Socket: Sendable {
    let descriptor: Int32

    static func listenLoopback() throws -> Socket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else { throw BenchmarkError("bind/listen failed: errno \(errno)") }
        return Socket(descriptor: descriptor)
    }

    static func connectLoopback(port: UInt16) throws -> Socket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchmarkError("connect failed: errno \(errno)") }
        let socket = Socket(descriptor: descriptor)
        socket.setNoDelay()
        return socket
    }

    func accept() throws -> Socket {
        let peer = Glibc.accept(self.descriptor, nil, nil)
        guard peer >= 0 else { throw BenchmarkError("accept failed: errno \(errno)") }
        let socket = Socket(descriptor: peer)
        socket.setNoDelay()
        return socket
    }

    func port() throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(self.descriptor, $0, &length) }
        }
        guard result == 0 else { throw BenchmarkError("getsockname failed: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    func setNoDelay() {
        var one: Int32 = 1
        setsockopt(self.descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    func writeAll(_ bytes: [UInt8], count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let written = bytes.withUnsafeBytes { write(self.descriptor, $0.baseAddress! + offset, count - offset) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    func readExactly(_ buffer: inout [UInt8], count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let received = buffer.withUnsafeMutableBytes { read(self.descriptor, $0.baseAddress! + offset, count - offset) }
            guard received > 0 else { return false }
            offset += received
        }
        return true
    }

    func close() {
        _ = Glibc.close(self.descriptor)
    }
}
