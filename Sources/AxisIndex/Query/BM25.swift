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

    /// False only when the score is certainly below `floor`: by more than the rounding of
    /// either computation could account for (a relative margin of 1e-9 against errors of a
    /// few 1e-16). A multiplication instead of the score's division, for the many hits of a
    /// large query that cannot make its top list.
    @inline(__always)
    func mayReach(_ floor: Double, frequency tf: Double, length: Double) -> Bool {
        self.scale * tf >= floor * (tf + self.base + self.perLength * length) * (1 - 1e-9)
    }
}
