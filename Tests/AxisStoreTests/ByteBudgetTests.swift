import AxisStore
import Synchronization
import Testing

@Suite("ByteBudget: bytes being inflated at once, server-wide")
struct ByteBudgetTests {
    @Test("a taker that does not fit waits until bytes come back; one over the capacity takes all of it and runs alone")
    func waitsAndClamps() async throws {
        let budget = ByteBudget(capacity: 100)
        let first = await budget.acquire(60)
        #expect(first == 60 && budget.inUse == 60)
        let admitted = Atomic<Int>(0)
        let second = Task {
            let taken = await budget.acquire(60)
            admitted.add(1, ordering: .relaxed)
            return taken
        }
        // It cannot get in while 60 of 100 are taken.
        for _ in 0..<50 { await Task.yield() }
        #expect(admitted.load(ordering: .relaxed) == 0)
        budget.release(first)
        #expect(await second.value == 60)
        #expect(admitted.load(ordering: .relaxed) == 1)
        budget.release(60)
        #expect(budget.inUse == 0)
        let whole = await budget.acquire(500)
        #expect(whole == 100 && budget.inUse == 100)
        budget.release(whole)
        #expect(await budget.acquire(0) == 0)
    }

    @Test("takers are served first come, first served: a large one is not starved by small ones")
    func fifo() async throws {
        let budget = ByteBudget(capacity: 10)
        let held = await budget.acquire(8)
        let order = Arrivals()
        let large = Task {
            let taken = await budget.acquire(10)
            order.add("large")
            budget.release(taken)
        }
        for _ in 0..<50 { await Task.yield() }
        let small = Task {
            let taken = await budget.acquire(1)
            order.add("small")
            budget.release(taken)
        }
        for _ in 0..<50 { await Task.yield() }
        #expect(order.names.isEmpty, "the small one fits (2 free) but queues behind the large one")
        budget.release(held)
        await large.value
        await small.value
        #expect(order.names == ["large", "small"])
    }
}

/// Who got in, in order.
private final class Arrivals: Sendable {
    private let list = Mutex<[String]>([])

    func add(_ name: String) { self.list.withLock { $0.append(name) } }

    var names: [String] { self.list.withLock { $0 } }
}
