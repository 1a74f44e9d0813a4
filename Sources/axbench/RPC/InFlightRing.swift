import NIOCore
import NIOPosix

/// The bookkeeping of a bare benchmark client that keeps `depth` requests in flight (or
/// sends batches of `depth`) and times each answer, shared by the bare NIO client of the
/// `nio-pair` baseline and the bare Axis client of the Redis comparison. Answers arrive in
/// the order their requests were sent, so the times live in a ring.
struct InFlightRing {
    /// What the client sends after an answer.
    enum Next: Equatable {
        /// Time is up: report the latencies and close.
        case stop
        /// Nothing yet (a batch is still being answered).
        case nothing
        /// This many new requests.
        case send(Int)
    }

    let depth: Int
    let batched: Bool
    let stopAt: UInt64
    private var sentAt: [UInt64] = []
    private var head = 0
    private(set) var latencies: [UInt64] = []

    init(depth: Int, batched: Bool, stopAt: UInt64) {
        self.depth = depth
        self.batched = batched
        self.stopAt = stopAt
        self.latencies.reserveCapacity(1 << 20)
    }

    /// The first `depth` requests leave now.
    mutating func started(now: UInt64) {
        self.sentAt = Array(repeating: now, count: self.depth)
    }

    /// The oldest request in flight was answered at `now`.
    mutating func answered(now: UInt64) -> Next {
        let slot = self.head
        self.latencies.append(now - self.sentAt[slot])
        if now >= self.stopAt { return .stop }
        self.head = (slot + 1) % self.depth
        if !self.batched {
            // The next request takes the slot just answered: it is answered after the other
            // depth - 1 in flight, when the ring comes round to it again.
            self.sentAt[slot] = now
            return .send(1)
        }
        guard self.head == 0 else { return .nothing }
        for index in 0..<self.depth { self.sentAt[index] = now }
        return .send(self.depth)
    }

    /// Connects `connections` bare clients to `address`, each made by `makeHandler` with the
    /// promise it fulfils with its latencies, and waits for all of them.
    static func run(
        connections: Int, to address: SocketAddress, seconds: Double,
        makeHandler: @escaping @Sendable (_ stopAt: UInt64, _ done: EventLoopPromise<[UInt64]>) -> any ChannelHandler
    ) async throws -> LatencySummary {
        let start = Stopwatch.now()
        let stopAt = start + UInt64(seconds * 1e9)
        var results: [EventLoopFuture<[UInt64]>] = []
        for _ in 0..<connections {
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let done = loop.makePromise(of: [UInt64].self)
            _ = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(makeHandler(stopAt, done))
                    }
                }
                .connect(to: address).get()
            results.append(done.futureResult)
        }
        var latencies: [UInt64] = []
        for result in results { latencies += try await result.get() }
        return LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - start) / 1e9)
    }
}
