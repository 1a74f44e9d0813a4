public import NIOCore

/// A task executor that runs jobs on one event loop.
///
/// A task that does little but talk to one connection can prefer the connection's executor
/// (`withTaskExecutorPreference(connection.executor) { ... }`): its request writes then happen
/// on the event loop directly, and the answers resume it there, with no thread hop in either
/// direction. `axbench rpc` measures the difference. The server's per-connection task, which
/// only hands requests on, runs here for the same reason. Do not run heavy computation under
/// this preference: it would delay the connection's I/O.
public final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    public let eventLoop: any EventLoop

    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
