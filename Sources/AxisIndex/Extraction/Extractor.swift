/// Finds entity mentions, discovered people, quantities and supply flows in article text.
///
/// Build one per gazetteer (building compiles the word matcher, ~100 ms) and share it: it is an
/// immutable value and `extract` may run on many threads at once.
public struct Extractor: Sendable {
    let gazetteer: Gazetteer
    let matcher: WordMatcher
    let table: EntityTable

    /// Compiles the gazetteer's surface forms and the cue phrases into one word matcher.
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.matcher = WordMatcher(patterns: PatternSet(PatternCompiler(gazetteer: gazetteer).patterns))
        self.table = EntityTable(gazetteer: gazetteer)
    }

    /// Extracts everything from `text`. Never fails: any text, however malformed, gives a result.
    public func extract(_ text: String) -> Extraction {
        var text = text
        return text.withUTF8 { bytes in self.extract(bytes: bytes) }
    }

    /// The pipeline: sentences and one matcher pass over the whole text; everything after
    /// that works only on the matches and the words next to them.
    func extract(bytes: UnsafeBufferPointer<UInt8>) -> Extraction {
        let sentences = SentenceSplitter.split(bytes)
        var hits: [RawHit] = []
        hits.reserveCapacity(bytes.count / 12)
        self.matcher.scan(bytes, into: &hits)
        let text = DocumentText(bytes: bytes, sentences: sentences)
        var (found, cues) = MentionResolver(patterns: self.matcher.patterns, table: self.table).resolve(&hits, in: text)
        WeaponContext.dropNonMaterielUses(&found, table: self.table, text: text)
        var people = PeopleFinder(table: self.table, text: text).find(found: &found, cues: cues)
        NameDiscovery(table: self.table, text: text).find(found: &found, cues: cues, discovered: &people)
        let quantities = QuantityFinder(table: self.table, text: text).find(found: found, cues: cues)
        let flows = FlowFinder(table: self.table, text: text).find(found: found, cues: cues)
        return ExtractionBuilder(table: self.table, text: text).build(
            found: found, cues: cues, people: people, quantities: quantities, flows: flows)
    }
}
