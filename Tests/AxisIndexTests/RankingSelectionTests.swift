@testable import AxisIndex
import Testing

/// Ranking scores each hit as it is matched and offers it to bounded selections (the page,
/// the facets' pool) instead of keeping every hit's score: these tests hold the selections to
/// the whole ranked list, and each hit's score to the sum of its words' own scores.
@Suite("Query ranking: scores and selections")
struct RankingSelectionTests {
    /// 3,000 snapshots with the test words one to five times each, in proportions that vary,
    /// and lengths that vary, so that scores rise and fall through the postings.
    static let fixtures: [QueryEvaluationTests.Fixture] = (0..<3_000).map { number in
        var sentences: [String] = []
        if number % 2 == 0 { sentences += Array(repeating: "Shells were loaded.", count: 1 + number % 5) }
        if number % 3 != 0 { sentences += Array(repeating: "Drones were seen.", count: 1 + number * 7 % 4) }
        if number % 5 < 3 { sentences += Array(repeating: "Artillery fired.", count: 1 + number * 13 % 3) }
        if number % 7 == 1 { sentences.append("Russia received them by rail.") }
        sentences.append(Array(repeating: "talks", count: number * 37 % 301).joined(separator: " "))
        return QueryEvaluationTests.Fixture(key: "bulk/\(number)", text: sentences.joined(separator: " "))
    }

    static let queries = [
        "shells", "shells drones", "drones shells", "shells drones artillery", "artillery shells drones",
        "shells entity:country:russia", "shells OR drones", "shells -drones", "artillery (drones OR rail)",
    ]

    /// One index for every test here (they only read it): built once, since building it is
    /// seconds of CPU that other tests running beside would wait for.
    static let shared = Result { try QueryEvaluationTests.index(Self.fixtures) }

    /// Every hit of `query`, best first, with a page large enough to hold them all.
    static func everything(_ index: EntityIndex, _ query: String) throws -> QueryOutcome {
        try index.query(query, options: QueryOptions(limit: 100_000, facets: 0))
    }

    @Test("the whole list is in rank order; first pages with and without facets, and every page after a token, are its slices")
    func pagesAreSlicesOfTheWholeList() throws {
        let index = try Self.shared.get()
        for query in Self.queries {
            let all = try Self.everything(index, query)
            #expect(all.total == all.hits.count && all.total > 50, "\(query): \(all.total) hits")
            for (better, worse) in zip(all.hits, all.hits.dropFirst()) {
                #expect(better.score > worse.score || (better.score == worse.score && better.sequence < worse.sequence), "\(query)")
            }
            // The page drawn from the facets' pool (facets on) and from its own selection (off).
            for (limit, facets) in [(1, 0), (10, 0), (10, 5), (1_500, 5), (1_500, 0)] {
                let page = try index.query(query, options: QueryOptions(limit: limit, facets: facets))
                #expect(page.hits == Array(all.hits.prefix(limit)), "\(query) limit \(limit) facets \(facets)")
                #expect(page.total == all.total)
                #expect((page.next != nil) == (all.total > limit))
            }
            // Pages after a token, with facets on (the pool is still taken over every hit).
            var collected: [RankedHit] = []
            var options = QueryOptions(limit: 37, facets: 5)
            repeat {
                let page = try index.query(query, options: options)
                #expect(page.total == all.total)
                collected += page.hits
                options.after = page.next
            } while options.after != nil
            #expect(collected == all.hits, "\(query): paged \(collected.count) of \(all.total)")
        }
    }

    @Test("facets count the best 1,000 hits: the same whether the page is 10 or 1,500 and on every later page")
    func facetsComeFromTheBestThousand() throws {
        let index = try Self.shared.get()
        for query in ["shells", "shells drones", "shells OR drones"] {
            let first = try index.query(query, options: QueryOptions(limit: 10, facets: 5))
            let large = try index.query(query, options: QueryOptions(limit: 1_500, facets: 5))
            let later = try index.query(query, options: QueryOptions(limit: 10, after: first.next, facets: 5))
            #expect(!first.facets.isEmpty)
            #expect(first.facets == large.facets && first.facets == later.facets, "\(query)")
        }
    }

    @Test("a hit's score is its words' own scores added, the same to the bit in any word order")
    func scoresAddUp() throws {
        let index = try Self.shared.get()
        func scores(_ query: String) throws -> [String: Double] {
            Dictionary(uniqueKeysWithValues: try Self.everything(index, query).hits.map { ($0.key, $0.score) })
        }
        let shells = try scores("shells")
        let drones = try scores("drones")
        let artillery = try scores("artillery")
        let pair = try scores("shells drones")
        #expect(!pair.isEmpty)
        #expect(pair == (try scores("drones shells")))
        for (key, score) in pair {
            // Two parts: their sum is the same whichever is added first.
            #expect(score == (shells[key] ?? .nan) + (drones[key] ?? .nan), "\(key)")
        }
        let triple = try scores("shells drones artillery")
        #expect(!triple.isEmpty)
        for permutation in ["artillery shells drones", "drones artillery shells", "artillery drones shells"] {
            #expect(triple == (try scores(permutation)), "\(permutation)")
        }
        for (key, score) in triple {
            let sum = (shells[key] ?? .nan) + (drones[key] ?? .nan) + (artillery[key] ?? .nan)
            #expect(abs(score - sum) <= 1e-12 * sum, "\(key)")
        }
        // Under OR a hit with one of the words scores that word alone.
        let either = try scores("shells OR drones")
        for (key, score) in either where pair[key] == nil {
            #expect(score == shells[key] ?? drones[key] ?? .nan, "\(key)")
        }
    }
}
