import AxisCodec
import NIOCore
import Testing

/// Expectations for the entity index vectors (§12) and the diff frame with index changes.
extension GoldenVectorTests {
    static let indexExpectations: [String: Expectation] = [
        "34-entities": Expectation(opcode: .entities, requestID: 21, flags: [], message: Entities(type: "weapon", limit: 2)),
        "35-entities-reply": Expectation(
            opcode: .entities, requestID: 21, flags: [.response],
            message: EntityPage(
                entities: [
                    EntitySummaryMessage(id: "weapon:artillery-shell", type: "weapon", name: "artillery shell", documents: 12, mentions: 30),
                    EntitySummaryMessage(id: "weapon:shahed-136", type: "weapon", name: "Shahed-136", documents: 7, mentions: 9),
                ],
                total: 41, indexedSequence: 44)),
        "36-entity": Expectation(opcode: .entity, requestID: 22, flags: [], message: EntityLookup(name: "North Korean", related: 1, documents: 1)),
        "37-entity-reply": Expectation(opcode: .entity, requestID: 22, flags: [.response], message: Self.entityReply),
        "38-mentions": Expectation(opcode: .mentions, requestID: 23, flags: [], message: Mentions(key: Self.key)),
        "39-mentions-reply": Expectation(opcode: .mentions, requestID: 23, flags: [.response]) { payload in
            var copy = payload
            let page = try MentionPage(fromPayload: &copy)
            let size = try #require(page.info).compressedSize
            var expected = MentionPage(info: Self.info(version: 1, sequence: 42, compressedSize: size))
            expected.mentions = [
                MentionMessage(entityID: "country:north-korea", type: "country", name: "North Korea", start: 0, end: 11, sentence: 0, text: "North Korea"),
                MentionMessage(entityID: "weapon:artillery-shell", type: "weapon", name: "artillery shell", start: 17, end: 23, sentence: 0, text: "shells"),
            ]
            expected.sentences = [SentenceMessage(index: 0, start: 0, end: 24, text: "North Korea sent shells.")]
            expected.mentionCount = 2
            expected.sentenceCount = 1
            #expect(page == expected)
            return page.encoded()
        },
        "41-doc-diff-entities": Expectation(opcode: .docDiff, requestID: 24, flags: [.response], message: Self.diffWithEntities),
        "42-query": Expectation(opcode: .query, requestID: 25, flags: [], message: QueryRequest(query: "entity:\"North Korea\" shells")),
        "43-query-reply": Expectation(opcode: .query, requestID: 25, flags: [.response], message: Self.queryPage),
        "44-timeline": Expectation(
            opcode: .timeline, requestID: 26, flags: [],
            message: TimelineRequest(entity: "North Korea", interval: "month", since: "2024", restriction: "artillery")),
        "45-timeline-reply": Expectation(opcode: .timeline, requestID: 26, flags: [.response], message: Self.timelinePage),
        "46-cooccur": Expectation(
            opcode: .cooccur, requestID: 27, flags: [], message: CooccurRequest(entities: ["North Korea", "Russia"], examples: 1)),
        "47-cooccur-reply": Expectation(opcode: .cooccur, requestID: 27, flags: [.response], message: Self.cooccurPage),
        "48-flows": Expectation(opcode: .flows, requestID: 28, flags: [], message: Self.flowsRequest),
        "49-flows-reply": Expectation(opcode: .flows, requestID: 28, flags: [.response], message: Self.flowPage),
        "50-doc-diff-flow-changed": Expectation(opcode: .docDiff, requestID: 29, flags: [.response], message: Self.diffWithChangedFlow),
    ]

    static var diffWithChangedFlow: DiffPart {
        func flow(_ value: String) -> FlowMessage {
            var flow = FlowMessage(
                supplier: "country:north-korea", recipient: "country:russia", item: "weapon:artillery-shell", modality: "reported", sentence: 1)
            flow.quantity = QuantityMessage(
                value: value, qualifier: "over", unitEntityID: "weapon:artillery-shell", unitText: "artillery shells", sentence: 1)
            return flow
        }
        var part = DiffPart(linesAdded: 1, linesRemoved: 1)
        part.flowsChanged = [FlowChangeMessage(from: flow("2000000"), to: flow("3000000"))]
        return part
    }

    static var flowsRequest: FlowsRequest {
        var request = FlowsRequest()
        request.supplier = "North Korea"
        request.recipient = "Russia"
        request.modalities = ["asserted"]
        request.group = true
        request.limit = 10
        return request
    }

    static var flowPage: FlowPage {
        let quantity = QuantityMessage(
            value: "1000000", valueMax: nil, qualifier: "over", unitEntityID: "weapon:artillery-shell", unitText: "artillery shells", sentence: 0)
        var best = FlowMessage(
            supplier: "country:north-korea", recipient: "country:russia", item: "weapon:artillery-shell", modality: "asserted", sentence: 0)
        best.supplierEntity = "place:pyongyang"
        best.recipientEntity = "country:russia"
        best.quantity = quantity
        best.quantityRole = "delivered"
        best.evidence = "Pyongyang sent over 1,000,000 artillery shells to Russia."
        best.evidenceStart = 0
        best.evidenceEnd = 57
        best.key = "reuters/2024-10-03-shells"
        best.version = 1
        best.sequence = 42
        best.published = "2024-10-03"
        best.source = "reuters"
        best.names = ["North Korea", "Russia", "artillery shell", "Pyongyang", "Russia"]
        var group = FlowGroupMessage(supplier: "country:north-korea", recipient: "country:russia", item: "weapon:artillery-shell")
        group.names = ["North Korea", "Russia", "artillery shell"]
        group.documents = 3
        group.sources = 2
        group.asserted = 3
        group.firstDay = "2024-06-01"
        group.lastDay = "2024-10-03"
        group.quantityMin = "1000000"
        group.quantityMax = "1000000"
        group.latestQuantity = quantity
        group.best = best
        var page = FlowPage()
        page.groups = [group]
        page.total = 1
        page.indexedSequence = 44
        return page
    }

    static var timelinePage: TimelinePage {
        var page = TimelinePage(periods: [
            TimelinePeriodMessage(start: "2024-10-01", documents: 1, mentions: 2), TimelinePeriodMessage(start: "2024-11-01", documents: 0, mentions: 0),
            TimelinePeriodMessage(start: "2024-12-01", documents: 2, mentions: 3),
        ])
        page.entity = EntitySummaryMessage(id: "country:north-korea", type: "country", name: "North Korea", documents: 3, mentions: 5)
        page.interval = "month"
        page.indexedSequence = 44
        return page
    }

    static var cooccurPage: CooccurPage {
        var page = CooccurPage(pairs: [
            CooccurPairMessage(first: "country:north-korea", second: "country:russia", documents: 9, examples: ["reuters/2024-10-03-shells"])
        ])
        page.entities = [
            EntitySummaryMessage(id: "country:north-korea", type: "country", name: "North Korea", documents: 10, mentions: 31),
            EntitySummaryMessage(id: "country:russia", type: "country", name: "Russia", documents: 12, mentions: 40),
        ]
        page.documents = 12
        page.indexedSequence = 44
        return page
    }

    static var queryPage: QueryPage {
        var hit = QueryHitMessage(key: Self.key, version: 1, sequence: 42, score: "2.0715")
        hit.title = "Shells for Russia"
        hit.source = "reuters"
        hit.published = "2024-10-03"
        hit.day = "2024-10-03"
        hit.snippet = "North Korea sent shells."
        hit.highlights = [
            HighlightMessage(start: 0, end: 11, kind: "entity", entityID: "country:north-korea"), HighlightMessage(start: 17, end: 23, kind: "term"),
        ]
        hit.ingestTimeMilliseconds = 1_795_350_000_000
        var page = QueryPage(hits: [hit])
        page.total = 1
        page.facets = [
            FacetMessage(type: "weapon", entities: [EntitySummaryMessage(id: "weapon:artillery-shell", type: "weapon", name: "artillery shell", documents: 1)])
        ]
        page.indexedSequence = 44
        return page
    }

    static var entityReply: EntityReply {
        var reply = EntityReply(entity: EntitySummaryMessage(id: "country:north-korea", type: "country", name: "North Korea", documents: 12, mentions: 40))
        reply.aliases = ["DPRK"]
        reply.demonyms = ["North Korean"]
        reply.description = "UN member state"
        reply.related = [EntitySummaryMessage(id: "country:russia", type: "country", name: "Russia", documents: 11, mentions: 0)]
        reply.documents = [
            EntityDocumentMessage(key: Self.key, version: 1, sequence: 42, mentions: 2, day: "2024-10-03", title: "Shells for Russia", source: "reuters")
        ]
        reply.indexedSequence = 44
        return reply
    }

    static var diffWithEntities: DiffPart {
        var part = DiffPart(linesAdded: 0, linesRemoved: 0)
        part.entityChanges = [
            EntityChangeMessage(entity: EntitySummaryMessage(id: "weapon:kn-23", type: "weapon", name: "KN-23"), fromCount: 0, toCount: 1)
        ]
        part.quantitiesAdded = [
            QuantityMessage(value: "3000000", qualifier: "over", unitEntityID: "weapon:artillery-shell", unitText: "artillery shells", sentence: 0)
        ]
        part.flowsAdded = [
            FlowMessage(supplier: "country:north-korea", recipient: "country:russia", item: "weapon:kn-23", modality: "reported", sentence: 0)
        ]
        return part
    }
}
