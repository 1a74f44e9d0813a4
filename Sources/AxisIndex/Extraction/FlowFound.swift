/// A flow while the document is analysed (entity indices instead of ids).
struct FlowFound: Sendable, Hashable {
    var supplier: Int32
    var recipient: Int32
    var item: Int32
    var modality: Flow.Modality
    var sentence: Int
    /// The `found` index of the item mention (to confirm tentative mentions).
    var itemFound: Int
}

/// A transfer stated in a sentence, before implicit parties are filled in.
struct PartialFlow {
    var suppliers: [Int32]
    var recipients: [Int32]
    var items: [FlowSentence.Item]
    /// Where the transfer is stated (the verb or noun), for modality.
    var trigger: Range<Int>
    /// The trigger cue itself also marks possibility ("pledged", "requested").
    var triggerIsPossible: Bool
    /// A receive verb: a missing recipient is the subject carried over from the sentence before.
    var isReceive: Bool
    /// "the transfer of arms between X and Y": the order of the two sides is not known.
    var isUnordered = false
    /// A payment: a missing payer is the payee's counterpart in the document's flows, however
    /// far back ("Kim Jong Un is being paid in hard currency").
    var isPayment = false
    /// "The cargo included ...", "the shipment also held ...": a transfer noun after a
    /// determiner that points back, naming no party; it is the transfer the document stated
    /// a few sentences before, not only in the sentence before.
    var refersBack = false

    /// Both sides are known.
    var isComplete: Bool { !self.suppliers.isEmpty && !self.recipients.isEmpty }
}

/// The arrays `FlowRules.partialFlows(into:)` works in, kept by `FlowFinder` for a whole
/// document so that each analysed sentence reuses their storage.
struct PartialFlowBuffers {
    /// The result: the sentence's partial flows.
    var partials: [PartialFlow] = []
    /// Found indexes of the items already given to a partial flow: a sentence names a
    /// handful of items, so a linear search beats hashing.
    var usedItems: [Int] = []
    /// What one trigger cue's rule produced.
    var produced: [PartialFlow] = []
}
