import AxisTestSupport
import Foundation
import Testing

/// The executables run on jemalloc (docs/architecture.md, "Memory allocator"): linked, in use
/// in the running server, and named in its log, so that an operator can see which malloc a
/// server's memory and speed figures belong to.
@Suite("Allocator: the server runs on jemalloc", .timeLimit(.minutes(1)))
struct AllocatorTests {
    @Test("the real axserver maps libjemalloc, and says so when it starts")
    func serverRunsOnJemalloc() async throws {
        #if os(Linux)
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let server = try await ServerProcess.start(dataDirectory: directory + "/data")
        defer { server.terminate() }
        let libraries = server.mappedFiles.filter { $0.hasPrefix("/") }
        #expect(libraries.contains { ($0 as NSString).lastPathComponent.hasPrefix("libjemalloc.so") }, "mapped: \(libraries.sorted())")
        let line = server.log.first { $0.contains("allocator: ") }
        #expect(line?.contains("allocator: jemalloc ") == true, "log: \(server.log)")
        #endif
    }
}
