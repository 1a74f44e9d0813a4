import AxisCodec
import AxisIndex
import NIOCore

/// TIMELINE and COOCCUR (Protocol/PROTOCOL.md §14): counts the index answers so that a script
/// need not fetch the documents.
struct AggregateHandler: Sendable {
    let indexer: Indexer

    static let opcodes: [Opcode] = [.timeline, .cooccur]

    func timeline(_ request: TimelineRequest, context: RequestContext) async throws {
        guard let interval = TimelineInterval(rawValue: request.interval) else {
            let known = TimelineInterval.allCases.map(\.rawValue).joined(separator: ", ")
            try await context.fail(WireError(.invalidArgument, "unknown interval '\(request.interval)'; use \(known)", field: "interval"))
            return
        }
        await self.indexer.waitUntilCurrent()
        let timeline: Timeline
        do {
            timeline = try self.indexer.index.timeline(
                request.entity, interval: interval, since: request.since, until: request.until, restriction: request.restriction,
                asOf: request.asOfMilliseconds)
        } catch {
            try await context.fail(Self.wireError(error))
            return
        }
        var pager = StreamPager<TimelinePage>(context: context)
        for period in timeline.periods {
            try await pager.append(TimelinePeriodMessage(start: period.start, documents: UInt64(period.documents), mentions: UInt64(period.mentions)))
        }
        var summary = TimelinePage()
        summary.entity = IndexHandler.message(timeline.entity)
        summary.interval = timeline.interval.rawValue
        summary.indexedSequence = timeline.view.through
        summary.asOfMilliseconds = timeline.view.asOf
        try await pager.finish(summary)
    }

    func cooccur(_ request: CooccurRequest, context: RequestContext) async throws {
        await self.indexer.waitUntilCurrent()
        let result: Cooccurrence
        do {
            result = try self.indexer.index.cooccurrence(
                request.entities, restriction: request.restriction, examples: Int(request.examples), asOf: request.asOfMilliseconds)
        } catch {
            try await context.fail(Self.wireError(error))
            return
        }
        var pager = StreamPager<CooccurPage>(context: context)
        for pair in result.pairs {
            try await pager.append(CooccurPairMessage(first: pair.first, second: pair.second, documents: UInt64(pair.documents), examples: pair.examples))
        }
        var summary = CooccurPage()
        summary.entities = result.entities.map(IndexHandler.message)
        summary.documents = UInt64(result.documents)
        summary.indexedSequence = result.view.through
        summary.asOfMilliseconds = result.view.asOf
        try await pager.finish(summary)
    }

    static func wireError(_ error: AggregateError) -> WireError {
        switch error {
        case .unknownEntity(let name):
            return WireError(.notFound, "no entity is called '\(name)' (try axclient entity to look names up)", field: "entity")
        case .restriction(let syntax):
            return WireError(.invalidArgument, syntax.message, field: "where", offset: UInt64(syntax.offset))
        case .badDate(let field, let text):
            return WireError(.invalidArgument, "\(field) '\(text)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", field: field)
        case .unknownEntityIn(let field, let name):
            return WireError(.notFound, "no entity is called '\(name)' (try axclient entity to look names up)", field: field)
        case .badToken:
            return WireError(.invalidArgument, "'after' is not a page token of this question", field: "after")
        case .tooManyPeriods(let limit):
            return WireError(.limitExceeded, "the timeline would have more than \(limit) periods; use a longer interval or --since/--until", field: "interval",
                limit: UInt64(limit))
        }
    }
}
