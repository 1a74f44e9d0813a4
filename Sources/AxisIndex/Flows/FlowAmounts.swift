/// A flow's quantity for sums: its value and upper bound (the value when it is no range).
struct FlowAmount: Sendable, Hashable {
    var low: Double
    var high: Double
}

/// The quantities of the flows that state one, by flow position, for the groups' ranges.
///
/// Only flows with a quantity take room (a sparse column: a column of 16 bytes for every flow
/// was paid for by the many that state none), and a quantity a `Float` holds exactly (counts
/// of shells, troops, drones; round sums) takes 8 bytes; any other keeps its two doubles, so
/// a range is never rounded.
struct FlowAmounts: Sendable {
    private var narrow = SparseColumn<NarrowAmount>()
    private var wide = SparseColumn<FlowAmount>()

    mutating func append(_ amount: FlowAmount?) {
        if let amount, let low = Float(exactly: amount.low), let high = Float(exactly: amount.high) {
            self.narrow.append(NarrowAmount(low: low, high: high))
            self.wide.append(nil)
        } else {
            self.narrow.append(nil)
            self.wide.append(amount)
        }
    }

    subscript(position: Int) -> FlowAmount? {
        self.withReader { $0[position] }
    }

    func withReader<R>(_ body: (Reader) -> R) -> R {
        self.narrow.withReader { narrow in self.wide.withReader { wide in body(Reader(narrow: narrow, wide: wide)) } }
    }

    struct Reader {
        let narrow: SparseColumn<NarrowAmount>.Reader
        let wide: SparseColumn<FlowAmount>.Reader

        @inline(__always)
        subscript(position: Int) -> FlowAmount? {
            if let amount = self.narrow[position] { return FlowAmount(low: Double(amount.low), high: Double(amount.high)) }
            return self.wide[position]
        }
    }

    mutating func compact() {
        self.narrow.compact()
        self.wide.compact()
    }

    var bytes: Int { self.narrow.bytes + self.wide.bytes }
}

/// An amount both of whose bounds a `Float` holds exactly.
struct NarrowAmount: Sendable {
    var low: Float
    var high: Float
}
