/// Every snapshot's flows, in snapshot order (row `r` holds snapshot `r + 1`'s), 16 bytes a
/// flow for the common case.
///
/// A flow's parties as named and its item take 12 bytes; its evidence sentence, quantity
/// index, quantity role and modality share the other four (`PackedFlow`). A party's roll-up
/// is the party itself for most flows, so a roll-up that differs (a capital's country) sits in
/// a sparse column by position. What does not fit (an attribution or a carrier, which most
/// flows have not; a sentence past the 65,534th or a quantity past the 1,022nd of a long
/// document) goes to a sparse column of 16-byte extras. It was a 40-byte record, then 36,
/// then 24: the largest part of the flow index.
struct FlowTable: Sendable {
    /// `starts[r]`: the first position of row `r`; the number of flows last.
    private(set) var starts: [UInt32] = [0]
    private var records: [PackedFlow] = []
    /// By position, where the roll-up is not the party as named.
    private var supplierRollUps = SparseColumn<UInt32>()
    private var recipientRollUps = SparseColumn<UInt32>()
    private var extras = SparseColumn<FlowExtra>()

    init() {}

    /// Flows in all.
    var count: Int { self.records.count }

    var rowCount: Int { self.starts.count - 1 }

    mutating func appendRow(_ flows: some Collection<IndexedFlow>) {
        for flow in flows {
            let (record, extra) = PackedFlow.pack(flow)
            self.records.append(record)
            self.supplierRollUps.append(flow.supplier == flow.supplierEntity ? nil : flow.supplier)
            self.recipientRollUps.append(flow.recipient == flow.recipientEntity ? nil : flow.recipient)
            self.extras.append(extra)
        }
        self.starts.append(UInt32(truncatingIfNeeded: self.records.count))
    }

    /// The flow at `position` (the flat position the party entries point to).
    func flow(at position: Int) -> IndexedFlow? {
        self.withReader { $0.flow(at: position) }
    }

    /// Row `index`'s flows; none for a row that does not exist.
    subscript(index: Int) -> [IndexedFlow] {
        guard index >= 0, index + 1 < self.starts.count else { return [] }
        return self.withReader { reader in
            (Int(self.starts[index])..<Int(self.starts[index + 1])).compactMap { reader.flow(at: $0) }
        }
    }

    /// Reads flows without bounds-checked array accesses in a hot loop.
    func withReader<R>(_ body: (Reader) -> R) -> R {
        self.records.withUnsafeBufferPointer { records in
            self.supplierRollUps.withReader { suppliers in
                self.recipientRollUps.withReader { recipients in
                    self.extras.withReader { extras in
                        body(Reader(records: records, supplierRollUps: suppliers, recipientRollUps: recipients, extras: extras))
                    }
                }
            }
        }
    }

    struct Reader {
        let records: UnsafeBufferPointer<PackedFlow>
        let supplierRollUps: SparseColumn<UInt32>.Reader
        let recipientRollUps: SparseColumn<UInt32>.Reader
        let extras: SparseColumn<FlowExtra>.Reader

        var count: Int { self.records.count }

        @inline(__always)
        func flow(at position: Int) -> IndexedFlow? {
            guard position >= 0, position < self.records.count else { return nil }
            let record = self.records[position]
            var flow = record.unpacked(extra: record.hasExtra ? self.extras[position] : nil)
            if let supplier = self.supplierRollUps[position] { flow.supplier = supplier }
            if let recipient = self.recipientRollUps[position] { flow.recipient = recipient }
            return flow
        }
    }

    /// Gives back the capacity the arrays grew beyond their contents.
    mutating func compact() {
        self.starts = self.starts.exactCopy()
        self.records = self.records.exactCopy()
        self.supplierRollUps.compact()
        self.recipientRollUps.compact()
        self.extras.compact()
    }

    var bytes: Int {
        self.starts.capacity * 4 + self.records.capacity * MemoryLayout<PackedFlow>.stride + self.supplierRollUps.bytes
            + self.recipientRollUps.bytes + self.extras.bytes
    }
}

/// A flow in 16 bytes: the parties as named and the item, then the sentence (16 bits), the quantity index
/// (10 bits), the modality (2), the quantity role (3) and whether the details are in the
/// extras instead (the top bit; then only the modality is here).
struct PackedFlow: Sendable {
    var supplierEntity: UInt32
    var recipientEntity: UInt32
    var item: UInt32
    var details: UInt32

    private static let sentenceLimit = UInt32(0xFFFF)
    /// The quantity field's value for "no quantity".
    private static let noQuantity = UInt32(0x3FF)
    private static let extraBit = UInt32(1) << 31

    var hasExtra: Bool { self.details & Self.extraBit != 0 }

    /// The record, and the extra the flow needs when its details do not fit.
    static func pack(_ flow: IndexedFlow) -> (PackedFlow, FlowExtra?) {
        let quantity = flow.hasQuantity ? UInt32(flow.quantity) : Self.noQuantity
        let role = FlowExtra.roleCode(flow.quantityRole)
        let fits = flow.attribution == IndexedFlow.none && flow.via == IndexedFlow.none && flow.sentence < Self.sentenceLimit
            && (quantity < Self.noQuantity || !flow.hasQuantity) && (role != 0 || flow.quantityRole == nil)
        var details = flow.modality.code << 26
        if fits {
            details |= flow.sentence | quantity << 16 | UInt32(role) << 28
        } else {
            details |= Self.extraBit
        }
        let record = PackedFlow(supplierEntity: flow.supplierEntity, recipientEntity: flow.recipientEntity, item: flow.item, details: details)
        let extra = fits
            ? nil : FlowExtra(attribution: flow.attribution, via: flow.via, sentence: flow.sentence, quantity: flow.quantity, role: flow.quantityRole)
        return (record, extra)
    }

    /// The flow, its roll-ups the parties as named (the table sets those that differ).
    func unpacked(extra: FlowExtra?) -> IndexedFlow {
        var flow = IndexedFlow(
            supplier: self.supplierEntity, recipient: self.recipientEntity, supplierEntity: self.supplierEntity, recipientEntity: self.recipientEntity,
            item: self.item, modality: Flow.Modality(code: self.details >> 26), sentence: 0)
        if let extra {
            flow.sentence = extra.sentence
            flow.quantity = extra.quantity
            flow.quantityRole = extra.role
            flow.attribution = extra.attribution
            flow.via = extra.via
        } else if !self.hasExtra {
            flow.sentence = self.details & Self.sentenceLimit
            let quantity = (self.details >> 16) & Self.noQuantity
            flow.quantity = quantity == Self.noQuantity ? IndexedFlow.noQuantity : UInt16(quantity)
            flow.quantityRole = FlowExtra.role(code: UInt8((self.details >> 28) & 7))
        }
        return flow
    }
}

/// What a flow's packed record has no room for.
struct FlowExtra: Sendable {
    var attribution: UInt32
    var via: UInt32
    var sentence: UInt32
    var quantity: UInt16
    var role: QuantityRole?

    /// The quantity roles by code (0 is none); three bits hold them.
    private static let roles = QuantityRole.allCases

    static func roleCode(_ role: QuantityRole?) -> UInt8 {
        guard let role, let index = Self.roles.firstIndex(of: role), index < 7 else { return 0 }
        return UInt8(index + 1)
    }

    static func role(code: UInt8) -> QuantityRole? {
        code >= 1 && Int(code) <= Self.roles.count ? Self.roles[Int(code) - 1] : nil
    }
}
