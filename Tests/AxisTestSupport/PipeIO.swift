import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process's pipes read and written with plain blocking read(2)/write(2) calls on
/// threads of their own, retried on EINTR.
///
/// Not `FileHandle.readabilityHandler`: on Linux the teardown of its dispatch read source
/// races with the pipe's close and crashed a CI run in `_dispatch_event_loop_drain`
/// (the corelibs-foundation issue behind its PR #5507). Not `readDataToEndOfFile()` either:
/// it `try!`s its reads, so a signal arriving mid-read (EINTR) ends the whole test process.
enum PipeIO {
    /// Everything until end of file. Blocking.
    static func readAll(from handle: FileHandle) -> [UInt8] {
        var bytes: [UInt8] = []
        Self.read(from: handle) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads until end of file on a new thread: `line` gets each line without its newline
    /// (and a last one without a newline, if any), then `end` is called. The thread holds
    /// `handle` (so its descriptor stays open, and is not reused, while it reads).
    static func readLines(
        from handle: FileHandle, line: @escaping @Sendable (String) -> Void, end: @escaping @Sendable () -> Void
    ) {
        Thread {
            var pending: [UInt8] = []
            Self.read(from: handle) { chunk in
                pending.append(contentsOf: chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    line(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
            end()
        }.start()
    }

    /// SIGPIPE ignored in the test process, once: a child that exits without reading all of
    /// its input must fail our write (EPIPE), not end the test run.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Writes all of `bytes`; stops early if the reader has gone.
    static func writeAll(_ bytes: [UInt8], to handle: FileHandle) {
        Self.brokenPipesIgnored
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(handle.fileDescriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count > 0 {
                written += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func read(from handle: FileHandle, _ consume: ([UInt8]) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                consume(Array(chunk[..<count]))
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return  // end of file, or the pipe is unusable: either way nothing more comes
            }
        }
    }
}
