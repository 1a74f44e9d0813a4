import Foundation
@testable import AxisIndex

/// The bundled gazetteer and an extractor built once for all tests (building takes ~100 ms).
enum Shared {
    static let gazetteer: Result<Gazetteer, any Error> = Result { try Gazetteer.bundled() }
    static let extractor: Result<Extractor, any Error> = gazetteer.map { Extractor(gazetteer: $0) }
}

/// One extracted mention as (surface text, type), the unit the scorer counts.
struct SurfaceMention: Hashable, CustomStringConvertible {
    var text: String
    var type: EntityType
    var description: String { "\(self.text)/\(self.type.rawValue)" }
}

/// A flow as (supplier, recipient, item, modality) ids.
struct FlowKey: Hashable, CustomStringConvertible {
    var supplier: String
    var recipient: String
    var item: String
    var modality: Flow.Modality
    var description: String { "\(self.supplier) -> \(self.recipient): \(self.item) (\(self.modality.rawValue))" }
}

extension Extraction {
    func text(of range: Range<Int>, in source: String) -> String {
        String(decoding: Array(source.utf8)[range], as: UTF8.self)
    }

    func surfaces(in source: String) -> Set<SurfaceMention> {
        Set(self.mentions.map { SurfaceMention(text: self.text(of: $0.range, in: source), type: $0.type) })
    }

    func ids() -> Set<String> { Set(self.mentions.map(\.entityID)) }

    /// Distinct flows; the strongest modality per triple across sentences is not merged here.
    func flowKeys() -> Set<FlowKey> {
        Set(self.flows.map { FlowKey(supplier: $0.supplier, recipient: $0.recipient, item: $0.item, modality: $0.modality) })
    }

    func triples() -> Set<String> { Set(self.flows.map { "\($0.supplier) -> \($0.recipient): \($0.item)" }) }
}

func extract(_ text: String) throws -> Extraction {
    try Shared.extractor.get().extract(text)
}

func mention(_ text: String, _ type: EntityType) -> SurfaceMention { SurfaceMention(text: text, type: type) }
