import AxisClient
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process's pipes read and written with `Descriptor`'s plain read(2)/write(2)
/// loops, on threads of their own.
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
        _ = bytes.withUnsafeBytes { Descriptor.writeAll(handle.fileDescriptor, $0) }
    }

    /// Hands each chunk to `consume` until end of file, or until the pipe fails (either way
    /// nothing more comes).
    private static func read(from handle: FileHandle, _ consume: ([UInt8]) -> Void) {
        while case .success(let chunk) = Descriptor.read(handle.fileDescriptor, upTo: 64 * 1024), !chunk.isEmpty {
            consume(chunk)
        }
    }
}
