/// What the words next to a party or an item say to the flow rules, as flags looked up once
/// per word straight from the bytes.
struct ContextWord: OptionSet, Sendable, Hashable {
    let rawValue: UInt64

    /// "to Russia", "into Russia": the party is the recipient.
    static let recipientMarker = ContextWord(rawValue: 1 << 0)
    /// "against Ukraine", "sanctions on Russia": the party is not the agent of a supply.
    static let nonAgentMarker = ContextWord(rawValue: 1 << 1)
    /// "US ally", "Chinese officials said": the party is not the agent.
    static let nonAgentFollower = ContextWord(rawValue: 1 << 2)
    /// "US-backed", "U.S.-led": a modifier, never an agent.
    static let modifierSuffix = ContextWord(rawValue: 1 << 3)
    /// "U.S.-provided weaponry": the party supplied the item.
    static let supplySuffix = ContextWord(rawValue: 1 << 4)
    /// "to aid Russian forces": the party after is the recipient too.
    static let helpVerb = ContextWord(rawValue: 1 << 5)
    /// "the regime in Pyongyang": "in" does not make the capital a location here.
    static let governmentNoun = ContextWord(rawValue: 1 << 6)
    /// "were supplied": passive voice.
    static let passiveAuxiliary = ContextWord(rawValue: 1 << 7)
    /// "potential assistance", "possibly troops".
    static let hedge = ContextWord(rawValue: 1 << 8)
    /// Ends a "demonym + adjectives + item" phrase.
    static let notModifier = ContextWord(rawValue: 1 << 9)
    /// "support for South Korea": the party after "for" is a beneficiary.
    static let supportNoun = ContextWord(rawValue: 1 << 10)
    static let with = ContextWord(rawValue: 1 << 11)
    static let against = ContextWord(rawValue: 1 << 12)
    static let `in` = ContextWord(rawValue: 1 << 13)
    static let `for` = ContextWord(rawValue: 1 << 14)
    static let and = ContextWord(rawValue: 1 << 15)
    static let comma = ContextWord(rawValue: 1 << 16)
    static let the = ContextWord(rawValue: 1 << 17)
    static let by = ContextWord(rawValue: 1 << 18)
    static let to = ContextWord(rawValue: 1 << 19)
    static let from = ContextWord(rawValue: 1 << 20)
    static let on = ContextWord(rawValue: 1 << 21)
    static let between = ContextWord(rawValue: 1 << 22)
    static let into = ContextWord(rawValue: 1 << 23)
    static let made = ContextWord(rawValue: 1 << 24)
    static let endsWithIng = ContextWord(rawValue: 1 << 25)
    static let toward = ContextWord(rawValue: 1 << 26)
    static let or = ContextWord(rawValue: 1 << 27)
    static let ampersand = ContextWord(rawValue: 1 << 28)
    /// "bound for the Houthis", "destined for Russia": the party after "for" is where the
    /// goods go.
    static let destination = ContextWord(rawValue: 1 << 29)

    private static let table: WordTable<ContextWord> = {
        var flags: [String: ContextWord] = [:]
        func add(_ words: String, _ flag: ContextWord) {
            for word in words.split(separator: " ") { flags[String(word), default: []].insert(flag) }
        }
        add("to into toward towards alongside", .recipientMarker)
        add("against with on from between versus vs like than over about", .nonAgentMarker)
        add("ally allies partner partners intelligence officials said says claims claimed indicated warned reported", .nonAgentFollower)
        add("believes accused sanctions assessment estimates analysts experts media sources imposed", .nonAgentFollower)
        add("backed led aligned allied friendly based born brokered funded flagged registered owned operated linked affiliated controlled sponsored trained", .modifierSuffix)
        add("provided supplied donated delivered sent made built produced manufactured", .supplySuffix)
        add("aid help support assist bolster boost reinforce supply arm protect defend shield equip", .helpVerb)
        add("regime government leadership authorities administration rulers", .governmentNoun)
        add("was were been being is are be get got", .passiveAuxiliary)
        add("potential potentially possible possibly perhaps maybe likely", .hedge)
        add("and or to from with of in on for by the a an its their that which is are was were has have had as than at into", .notModifier)
        add("support aid assistance help backing", .supportNoun)
        add("with", .with)
        add("against", .against)
        add("in", .in)
        add("for", .for)
        add("and", .and)
        add("or", .or)
        add("the", .the)
        add("by", .by)
        add("to", .to)
        add("from", .from)
        add("on", .on)
        add("between", .between)
        add("into", .into)
        add("toward towards", .toward)
        add("made", .made)
        add("bound destined headed intended earmarked", .destination)
        return WordTable(flags.map { ($0.key, $0.value) })
    }()

    /// The flags of the token at `range` (a word, or a punctuation mark).
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ContextWord {
        guard !range.isEmpty else { return [] }
        if range.count == 1 {
            if bytes[range.lowerBound] == UInt8(ascii: ",") { return .comma }
            if bytes[range.lowerBound] == UInt8(ascii: "&") { return .ampersand }
        }
        var flags = self.table.value(bytes, range) ?? []
        if range.count > 4, bytes[range.upperBound - 3] | 0x20 == UInt8(ascii: "i"),
            bytes[range.upperBound - 2] | 0x20 == UInt8(ascii: "n"), bytes[range.upperBound - 1] | 0x20 == UInt8(ascii: "g")
        {
            flags.insert(.endsWithIng)
        }
        return flags
    }

    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken?) -> ContextWord {
        guard let token else { return [] }
        return self.of(bytes, token.range)
    }
}
