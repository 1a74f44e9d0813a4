import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `--exit-with-parent`: once a second, whether the process that started the server is still
/// there (an orphan is adopted by another process, so its parent id changes); if not, the
/// server stops as on SIGTERM, gracefully. A test run that dies never leaves a server behind.
enum ParentWatch {
    static func start(logger: Logger) {
        let parent = getppid()
        Task.detached(priority: .background) {
            while true {
                try? await Task.sleep(for: .seconds(1))
                guard getppid() == parent else {
                    logger.notice("the parent process \(parent) has ended: stopping")
                    kill(getpid(), SIGTERM)
                    return
                }
            }
        }
    }
}
