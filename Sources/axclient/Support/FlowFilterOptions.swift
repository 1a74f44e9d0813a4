import ArgumentParser
import AxisCodec

/// The filters `flows` and `graph` share (docs/cli.md): each becomes a field of FLOWS.
struct FlowFilterOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp("Supplier: an entity id or name (a country includes its capital, ministries, companies, forces, leaders).", valueName: "ENTITY"))
    var supplier: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("Recipient: an entity id or name.", valueName: "ENTITY"))
    var recipient: String?

    @Option(help: ArgumentHelp("An item or class (weapon:missile includes KN-23).", valueName: "ITEM"))
    var item: String?

    @Option(name: .customLong("modality"), help: ArgumentHelp("asserted, reported, possible or denied (repeatable).", valueName: "M"))
    var modalities: [String] = []

    @Option(help: ArgumentHelp("Documents dated on or after this (YYYY, YYYY-MM, YYYY-MM-DD).", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("Documents dated on or before this.", valueName: "DATE"))
    var until: String?

    @Option(help: ArgumentHelp("Documents of this source only.", valueName: "SOURCE"))
    var source: String?

    @Option(help: ArgumentHelp("Documents with this tag only.", valueName: "TAG"))
    var tag: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Only documents matching this query.", valueName: "QUERY"))
    var restriction: String?

    @Option(help: ArgumentHelp("As the documents stood then.", valueName: "TIME"))
    var asOf: String?

    func validate() throws {
        for modality in self.modalities where !["asserted", "reported", "possible", "denied"].contains(modality) {
            throw ValidationError("--modality must be asserted, reported, possible or denied (got '\(modality)')")
        }
        try QueryArgument.validate(self.restriction, name: "--where")
        try TimeArgument.validateAsOf(self.asOf)
    }

    /// The request these filters make.
    func request() -> FlowsRequest {
        var request = FlowsRequest()
        request.supplier = self.supplier
        request.recipient = self.recipient
        request.item = self.item
        request.modalities = self.modalities
        request.since = self.since
        request.until = self.until
        request.source = self.source
        request.tag = self.tag
        request.restriction = self.restriction
        request.asOfMilliseconds = self.asOf.flatMap(TimeArgument.milliseconds)
        return request
    }
}
