import CAllocator

/// Which malloc a run uses, printed first: the allocator moves query and indexing figures by
/// tens of percent (docs/benchmarks.md, "The allocator"), so a table means little without it.
enum Allocator {
    static var description: String { String(cString: axis_allocator_description()) }

    static func printLine() {
        print("allocator: \(Self.description)")
    }
}
