@testable import AxisIndex
import Dispatch
import Foundation
import Synchronization
import Testing

/// The index's lock: queries share it, the indexer takes it alone and is not starved.
/// Each test runs on threads of its own (the lock blocks threads, not tasks).
@Suite("Reader-writer lock of the index")
struct ReadWriteLockedTests {
    @Test("two readers are inside at the same time")
    func readersShare() {
        let locked = ReadWriteLocked([1, 2, 3])
        let firstInside = DispatchSemaphore(value: 0)
        let secondDone = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            locked.withReadLock { _ in
                firstInside.signal()
                // Held until the second reader has been in and out.
                release.wait()
            }
        }
        firstInside.wait()
        Thread.detachNewThread {
            let sum = locked.withReadLock { $0.reduce(0, +) }
            if sum == 6 { secondDone.signal() }
        }
        // Behind a mutex the second reader would wait for the first, which waits for us.
        #expect(secondDone.wait(timeout: .now() + 10) == .success)
        release.signal()
    }

    #if canImport(Glibc)
    @Test("a waiting writer goes before readers that come after it")
    func writersArePreferred() {
        let locked = ReadWriteLocked("before")
        let readerInside = DispatchSemaphore(value: 0)
        let releaseReader = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        let lateReaderSaw = Mutex<String?>(nil)
        let lateReaderDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            locked.withReadLock { _ in
                readerInside.signal()
                releaseReader.wait()
            }
        }
        readerInside.wait()
        Thread.detachNewThread {
            locked.withLock { $0 = "after" }
            writerDone.signal()
        }
        // Time for the writer to block in its wait.
        Thread.sleep(forTimeInterval: 0.2)
        Thread.detachNewThread {
            let seen = locked.withReadLock { String($0) }
            lateReaderSaw.withLock { $0 = seen }
            lateReaderDone.signal()
        }
        Thread.sleep(forTimeInterval: 0.2)
        // The late reader waits behind the writer, which waits behind the first reader.
        #expect(lateReaderSaw.withLock { $0 } == nil)
        releaseReader.signal()
        #expect(writerDone.wait(timeout: .now() + 10) == .success)
        #expect(lateReaderDone.wait(timeout: .now() + 10) == .success)
        #expect(lateReaderSaw.withLock { $0 } == "after")
    }
    #endif

    @Test("a writer changes the value readers see")
    func writesAreSeen() {
        let locked = ReadWriteLocked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1_000 { locked.withLock { $0 += 1 } }
        }
        #expect(locked.withReadLock { $0 } == 8_000)
    }
}
