import Foundation

/// One term's (or entity's) BM25 weighting in one view: everything but the per-document
/// frequency and length is fixed once. Both ranking paths score through it, so they give the
/// same score bit for bit (a resume token made by one is read by the other).
struct BM25 {
    private let scale: Double
    private let base: Double
    private let perLength: Double

    /// - Parameters:
    ///   - documents: visible documents in the view.
    ///   - frequency: visible documents with the term (its document frequency).
    ///   - averageLength: the view's average document length.
    ///   - weight: 1 for words, `EntityIndex.entityWeight` for entities.
    init(documents: Double, frequency: Double, averageLength: Double, weight: Double) {
        let idf = log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
        self.scale = weight * idf * (EntityIndex.k1 + 1)
        self.base = EntityIndex.k1 * (1 - EntityIndex.b)
        self.perLength = EntityIndex.k1 * EntityIndex.b / averageLength
    }

    @inline(__always)
    func score(frequency tf: Double, length: Double) -> Double {
        self.scale * (tf / (tf + self.base + self.perLength * length))
    }
}
