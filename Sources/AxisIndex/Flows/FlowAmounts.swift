/// A flow's quantity for sums: its value and upper bound (the value when it is no range).
///
/// `FlowPostings` keeps them in a `SparseColumn` by flow position: a column of 16 bytes for
/// every flow was paid for by the many flows that state no quantity.
struct FlowAmount: Sendable, Hashable {
    var low: Double
    var high: Double
}
