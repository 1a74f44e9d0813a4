extension Extractor {
    /// Number of distinct word prefixes of all patterns (the size of the matcher's table).
    package var matcherPrefixCount: Int { self.matcher.prefixCount }

    /// Runs only the matcher's scan and returns the number of raw hits: for benchmarks that
    /// separate matching from the analyses.
    package func benchmarkScan(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var hits: [RawHit] = []
            hits.reserveCapacity(bytes.count / 12)
            self.matcher.scan(bytes, into: &hits)
            return hits.count
        }
    }

    /// The names of the pipeline's stages, in the order `benchmarkStages` times them.
    package static let benchmarkStageNames = [
        "sentences", "scan", "resolve", "weapons", "people", "quantities", "flows", "build",
    ]

    /// Runs the pipeline on `text` and adds each stage's time in seconds to `seconds`
    /// (indexed like `benchmarkStageNames`).
    package func benchmarkStages(_ text: String, into seconds: inout [Double]) {
        var text = text
        text.withUTF8 { bytes in
            let clock = ContinuousClock()
            var mark = clock.now
            func lap(_ stage: Int) {
                let now = clock.now
                let elapsed = (now - mark).components
                seconds[stage] += Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                mark = now
            }
            let sentences = SentenceSplitter.split(bytes)
            lap(0)
            var hits: [RawHit] = []
            hits.reserveCapacity(bytes.count / 12)
            self.matcher.scan(bytes, into: &hits)
            lap(1)
            let document = DocumentText(bytes: bytes, sentences: sentences)
            var (found, cues) = MentionResolver(patterns: self.matcher.patterns, table: self.table).resolve(&hits, in: document)
            lap(2)
            WeaponContext.dropNonMaterielUses(&found, table: self.table, text: document)
            lap(3)
            var people = PeopleFinder(table: self.table, text: document).find(found: &found, cues: cues)
            NameDiscovery(table: self.table, text: document).find(found: &found, cues: cues, discovered: &people)
            lap(4)
            let quantities = QuantityFinder(table: self.table, text: document).find(found: found, cues: cues)
            lap(5)
            let flows = FlowFinder(table: self.table, text: document).find(found: found, cues: cues)
            lap(6)
            _ = ExtractionBuilder(table: self.table, text: document).build(
                found: found, cues: cues, people: people, quantities: quantities, flows: flows)
            lap(7)
        }
    }
}
