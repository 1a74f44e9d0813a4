/// Finds entity mentions, discovered people, quantities and supply flows in article text.
///
/// Build one per gazetteer (building compiles the automaton, ~100 ms) and share it: it is an
/// immutable value and `extract` may run on many threads at once.
public struct Extractor: Sendable {
    let gazetteer: Gazetteer
    let automaton: Automaton
    let table: EntityTable

    /// Compiles the gazetteer's surface forms and the cue phrases into one automaton.
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.automaton = Automaton(patterns: PatternCompiler(gazetteer: gazetteer).patterns)
        self.table = EntityTable(gazetteer: gazetteer)
    }

    /// Extracts everything from `text`. Never fails: any text, however malformed, gives a result.
    public func extract(_ text: String) -> Extraction {
        var text = text
        return text.withUTF8 { bytes in self.extract(bytes: bytes) }
    }

    /// The pipeline: sentences and one automaton pass over the whole text; everything after
    /// that works only on the matches and the words next to them.
    func extract(bytes: UnsafeBufferPointer<UInt8>) -> Extraction {
        let sentences = SentenceSplitter.split(bytes)
        var hits: [RawHit] = []
        hits.reserveCapacity(bytes.count / 12)
        self.automaton.scan(bytes, into: &hits)
        let text = DocumentText(bytes: bytes, sentences: sentences)
        var (found, cues) = MentionResolver(automaton: self.automaton, table: self.table).resolve(hits, in: text)
        WeaponContext.dropNonMaterielUses(&found, table: self.table, text: text)
        let people = PeopleFinder(table: self.table, text: text).find(found: &found, cues: cues)
        let quantities = QuantityFinder(table: self.table, text: text).find(found: found, cues: cues)
        let flows = FlowFinder(table: self.table, text: text).find(found: found, cues: cues)
        return ExtractionBuilder(table: self.table, text: text).build(
            found: found, people: people, quantities: quantities, flows: flows)
    }
}

extension Extractor {
    /// Runs only the automaton scan and returns the number of raw hits: for benchmarks that
    /// separate matching from the analyses.
    package var automatonStateCount: Int { self.automaton.stateCount }

    package func benchmarkScan(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var hits: [RawHit] = []
            hits.reserveCapacity(bytes.count / 12)
            self.automaton.scan(bytes, into: &hits)
            return hits.count
        }
    }
}
