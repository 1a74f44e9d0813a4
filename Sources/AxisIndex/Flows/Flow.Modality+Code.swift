/// A modality as two bits, for the packed forms that hold one (`FlowEntry`, `PackedFlow`).
extension Flow.Modality {
    var code: UInt32 {
        switch self {
        case .asserted: 0
        case .reported: 1
        case .possible: 2
        case .denied: 3
        }
    }

    /// The modality of the low two bits of `bits`.
    init(code bits: UInt32) {
        switch bits & 3 {
        case 0: self = .asserted
        case 1: self = .reported
        case 2: self = .possible
        default: self = .denied
        }
    }
}
