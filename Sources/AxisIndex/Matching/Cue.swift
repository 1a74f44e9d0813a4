/// Words and phrases the extractor needs besides entity names, matched by the same word matcher
/// so that finding them costs nothing extra: supply verbs, modality markers, titles that
/// introduce people, and unit nouns for quantities.
enum Cue: UInt8, Sendable, CaseIterable {
    /// supplied, sent, provided, delivered, transferred, sold, handing over, ...: supplier -> recipient.
    case supplyVerb
    /// received, acquired, bought, gained, obtained, ...: the subject is the recipient.
    case receiveVerb
    /// deployed, stationed, dispatched: troops placed in another state.
    case deployVerb
    /// deployment, presence, arrival: "the presence of X troops in Y".
    case deployNoun
    /// shipments, transfers, deliveries, supply of, sales of: the transfer as a noun.
    case transferNoun
    /// used, utilized, fired, launched: the user of foreign-made materiel received it.
    case useVerb
    /// "in exchange for" / "in return for": what follows goes the other way.
    case exchangeFor
    /// "in exchange" / "in return" on their own: this sentence answers a transfer stated before.
    case exchangeAdverb
    /// not, never, didn't, ...
    case negation
    /// denied, denies, ...
    case denial
    /// according to, said, reportedly, is believed, accusations, ...
    case reported
    /// may, could, expected, likely, promised, pledged, agreed to, requested, ...
    case possible
    /// which, while, although, but, ...: the start of a new clause.
    case clauseBreak
    /// President, analyst, Defense Minister, senior fellow, ...: may introduce a person's name.
    case personTitle
    /// said, told, noted, according to, ...: may follow or precede a person's name.
    case reportingVerb
    /// leaders, companies, civilians, ...: units of quantities that are not gazetteer entities.
    case unitNoun
    /// "these nations", "these countries": the countries listed just before.
    case anaphorPlural
    /// "the country", "the regime", "its neighbour": a state named before, as a party.
    case standInState
    /// "either side", "neither side": both sides of the war in Ukraine, when the document names both.
    case standInSides
    /// "the group", "the militia": an armed group named before, as a party.
    case standInGroup
    /// "come from", "originate from": the goods before it come from the party after it.
    case comeFromVerb
    /// designated, sanctioned, indicted: whoever does it is no party to the flow it names
    /// ("OFAC designated X for supplying drones to Russia"); a passive one ("X was designated
    /// for ...") leaves its subject the supplier.
    case sanctionVerb
    /// arming, armed: with a party right after ("arming the Houthis"), a transfer of arms.
    case armVerb
    /// paid, pays, settled: the payer gives what follows ("paid in oil"); what follows "for" goes
    /// the other way.
    case payVerb
    /// "think tank", "fuel tank": phrases in which a weapon word is not a weapon.
    case stopPhrase
    /// Corporation, Institute, Agency, Monitor...: may end an organisation's name (`NameDiscovery`).
    case organisationWord
    /// "Reporting by", "Editing by": a credit, names follow.
    case creditBy
    /// tanker, vessel, dhow, IMO...: may introduce (or follow) a ship's name.
    case shipWord
}

extension Cue {
    /// A verb of transfer, use or payment: no modifier phrase runs across one.
    var isVerb: Bool {
        switch self {
        case .supplyVerb, .receiveVerb, .deployVerb, .useVerb, .payVerb, .armVerb, .comeFromVerb: return true
        default: return false
        }
    }
}
