import AxisCodec
@testable import AxisServer
@testable import AxisStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Store errors on the wire")
struct StoreErrorWireTests {
    @Test("a full disk or quota is STORAGE_FULL (retry after backoff), said plainly; other I/O stays INTERNAL, its details in the log")
    func storageFull() {
        for full in [ENOSPC, EDQUOT] {
            let error = StoreError.io("pwrite", path: "/data/segments/1.axseg", errno: full)
            #expect(error.code == .storageFull)
            let wire = WireError(error)
            #expect(wire.code == .storageFull && wire.code.name == "STORAGE_FULL" && wire.retry == .afterBackoff)
            #expect(wire.message == "the server's disk is full: the request did not complete (retrying it once there is space is safe)")
        }
        let broken = StoreError.io("pwrite", path: "/data/segments/1.axseg", errno: EIO)
        #expect(broken.code == .io)
        let wire = WireError(broken)
        #expect(wire.code == .internal && !wire.message.contains("/data"))
    }
}
