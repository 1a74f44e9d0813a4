import AxisCodec
@testable import AxisServer
import NIOCore
import Testing

@Suite("Request fragments")
struct RequestAssemblerTests {
    static func fragment(_ id: UInt32, _ bytes: [UInt8], more: Bool) -> Frame {
        Frame(flags: more ? [.more] : [], opcode: .docPut, requestID: id, payload: ByteBuffer(bytes: bytes))
    }

    @Test("fragments concatenate into one request; interleaved requests stay apart")
    func assemble() {
        var assembler = RequestAssembler(maxRequestBytes: 100, maxConnectionBytes: 1000)
        #expect(assembler.fragmentReceived(Self.fragment(1, [1, 2], more: true)) == .waitForMore)
        #expect(assembler.fragmentReceived(Self.fragment(2, [9], more: true)) == .waitForMore)
        #expect(assembler.bufferedByteCount == 3)
        guard case .complete(let first) = assembler.fragmentReceived(Self.fragment(1, [3], more: false)) else {
            Issue.record("request 1 should be complete")
            return
        }
        #expect(Array(first.payload.readableBytesView) == [1, 2, 3])
        #expect(!first.flags.contains(.more))
        guard case .complete(let second) = assembler.fragmentReceived(Self.fragment(2, [8], more: false)) else {
            Issue.record("request 2 should be complete")
            return
        }
        #expect(Array(second.payload.readableBytesView) == [9, 8])
        #expect(assembler.bufferedByteCount == 0)
    }

    @Test("over the per-request limit: refused once, later fragments dropped, then forgotten")
    func perRequestLimit() {
        var assembler = RequestAssembler(maxRequestBytes: 4, maxConnectionBytes: 1000)
        #expect(assembler.fragmentReceived(Self.fragment(1, [1, 2, 3], more: true)) == .waitForMore)
        guard case .refuse(let error) = assembler.fragmentReceived(Self.fragment(1, [4, 5], more: true)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.code == .limitExceeded)
        #expect(assembler.bufferedByteCount == 0)
        #expect(assembler.isFragment(Self.fragment(1, [], more: false)))
        #expect(assembler.fragmentReceived(Self.fragment(1, [6], more: true)) == .drop)
        #expect(assembler.fragmentReceived(Self.fragment(1, [7], more: false)) == .drop)
        #expect(!assembler.isFragment(Self.fragment(1, [], more: false)))
    }

    @Test("over the per-connection limit: the request that crosses it is refused (retry later)")
    func perConnectionLimit() {
        var assembler = RequestAssembler(maxRequestBytes: 100, maxConnectionBytes: 5)
        #expect(assembler.fragmentReceived(Self.fragment(1, [1, 2, 3], more: true)) == .waitForMore)
        guard case .refuse(let error) = assembler.fragmentReceived(Self.fragment(2, [1, 2, 3], more: true)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.code == .overloaded && error.retry == .afterBackoff)
        guard case .complete = assembler.fragmentReceived(Self.fragment(1, [4], more: false)) else {
            Issue.record("request 1 should still complete")
            return
        }
    }

    @Test("the server-wide allowance: a fragment past it is OVERLOADED; completion, refusal and close give bytes back")
    func sharedAllowance() {
        let shared = RequestAllowance(capacity: 100)
        var first = RequestAssembler(maxRequestBytes: 1000, maxConnectionBytes: 1000, shared: shared)
        var second = RequestAssembler(maxRequestBytes: 1000, maxConnectionBytes: 1000, shared: shared)
        func fragment(_ id: UInt32, _ bytes: Int, more: Bool) -> Frame {
            var payload = ByteBuffer()
            payload.writeRepeatingByte(1, count: bytes)
            return Frame(flags: more ? [.more] : [], opcode: .docPut, requestID: id, payload: payload)
        }
        #expect(first.fragmentReceived(fragment(1, 60, more: true)) == .waitForMore)
        guard case .refuse(let error) = second.fragmentReceived(fragment(2, 60, more: true)) else {
            Issue.record("the second connection's fragment should pass the server-wide cap")
            return
        }
        #expect(error.code == .overloaded && error.retry == .afterBackoff)
        #expect(shared.heldBytes == 60)
        guard case .complete = first.fragmentReceived(fragment(1, 30, more: false)) else {
            Issue.record("expected the request to complete")
            return
        }
        #expect(shared.heldBytes == 0)
        #expect(second.fragmentReceived(fragment(3, 50, more: true)) == .waitForMore)
        second.releaseAll()
        #expect(shared.heldBytes == 0)
    }
}
