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
        var pager = StreamPager(context: context, itemField: 1)
        for period in timeline.periods {
            try await pager.append(TimelinePeriodMessage(start: period.start, documents: UInt64(period.documents), mentions: UInt64(period.mentions)))
        }
        let entity = IndexHandler.message(timeline.entity)
        try await pager.finish { buffer in
            buffer.writeField(2, message: entity)
            buffer.writeField(3, timeline.interval.rawValue)
            buffer.writeField(4, timeline.view.through)
            if let asOf = timeline.view.asOf { buffer.writeField(5, signed: asOf) }
        }
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
        var pager = StreamPager(context: context, itemField: 1)
        for pair in result.pairs {
            try await pager.append(CooccurPairMessage(first: pair.first, second: pair.second, documents: UInt64(pair.documents), examples: pair.examples))
        }
        let entities = result.entities.map(IndexHandler.message)
        try await pager.finish { buffer in
            for entity in entities { buffer.writeField(2, message: entity) }
            buffer.writeField(3, UInt64(result.documents))
            buffer.writeField(4, result.view.through)
            if let asOf = result.view.asOf { buffer.writeField(5, signed: asOf) }
        }
    }

    static func wireError(_ error: AggregateError) -> WireError {
        switch error {
        case .unknownEntity(let name):
            return WireError(.notFound, "no entity is called '\(name)' (try axclient entity to look names up)", field: "entity")
        case .restriction(let syntax):
            return WireError(.invalidArgument, syntax.message, field: "where", offset: UInt64(syntax.offset))
        case .badDate(let field, let text):
            return WireError(.invalidArgument, "\(field) '\(text)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", field: field)
        case .tooManyPeriods(let limit):
            return WireError(.limitExceeded, "the timeline would have more than \(limit) periods; use a longer interval or --since/--until", field: "interval")
        }
    }
}
