/// Word lists for recognising people's names: words that are capitalized but are not names,
/// common given names (for bare byline lines), and East Asian family names (which come first).
enum NameLexicon {
    /// Capitalized words that end or reject a name: function words, titles, institutional
    /// words, months and days, and web-page furniture.
    static let notNames = WordTable<Bool>.words(notNameWords.union(titleWords))

    /// Every one-word title the people finder triggers on ("lawmaker", "analyst", ...): a title
    /// at the start of a sentence is not the first name of the person after it.
    private static let titleWords: Set<String> = Set(
        CueLexicon.entries.filter { $0.cues.contains(.personTitle) && !$0.phrase.contains(" ") }
            .map { String($0.phrase.filter { $0 != "." }) })

    private static let notNameWords: Set<String> = {
        let words = """
            the this that these those a an in on at for from with by of and or but if as it its he she they we i \
            you our his her their my your who what when where why how not no yes so yet also then than there here \
            mr mrs ms dr sir madam president minister secretary general senator ambassador admiral colonel \
            lieutenant commander chief director spokesman spokeswoman spokesperson analyst expert professor \
            researcher fellow scholar official envoy chairman chairwoman leader king queen prince governor mayor \
            deputy adviser advisor editor author writer reporter correspondent premier chancellor vice prime \
            supreme senior junior former acting interim new old january february march april may june july \
            august september october november december monday tuesday wednesday thursday friday saturday sunday \
            north south east west northern southern eastern western central korean republic party ministry \
            department council committee agency institute university center centre foundation army navy air \
            force forces news times post journal photo image images getty read more learn subscribe share \
            related opinion analysis commentary note update breaking exclusive program programme manager \
            global policy international national security defense defence foreign affairs state studies \
            strategic peace war military intelligence command staff joint chiefs office house senate congress \
            parliament assembly union united nations federation kingdom states sea ocean peninsula strait \
            island islands river city province region oblast street square avenue road bridge airport port \
            base station according despite however meanwhile although while after before during since until \
            both all some many most several few each every other another such only even still just again \
            please click watch listen follow sign contact copyright rights reserved getty afp ap reuters \
            satellite missile missiles drone drones troops soldiers artillery weapons arms nuclear ballistic \
            economic political diplomatic democratic communist republican democrat liberal conservative \
            russian chinese iranian american british european asian african western eastern allied \
            institution association organization organisation group company corporation bank fund initiative \
            treaty pact alliance summit conference forum dialogue talks meeting report review study paper \
            operation exercise exercises plan strategy doctrine act law bill resolution sanctions \
            day week month year today yesterday tomorrow morning evening night
            """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Lowercase particles allowed inside a name ("Bashar al-Assad", "Ursula von der Leyen").
    static let particles = WordTable<Bool>.words(particleWords)

    private static let particleWords: [String] = ["al", "bin", "ibn", "van", "von", "der", "de", "da", "del", "la", "le", "di", "el", "du", "dos"]

    /// Common given names: a line holding only "Given Family" is taken as a byline.
    static let givenNames = WordTable<Bool>.words(givenNameWords)

    private static let givenNameWords: Set<String> = {
        let names = """
            aaron adam adrian alan albert alex alexander alexandra alice alison amanda amy andrea andrew angela \
            anna anne anthony antony arthur barbara ben benjamin beth bill bob brad bradley brian bruce carl \
            carol caroline catherine charles charlotte chris christian christina christine christopher claire \
            colin craig dan daniel david deborah dennis diana diane donald douglas edward elizabeth ellen emily \
            emma eric evan frank gary george gordon grace greg gregory hannah harry helen henry ian jack jacob \
            james jane janet jason jean jeff jeffrey jennifer jeremy jessica jim joe john jonathan joseph joshua \
            julia julian julie justin karen kate katherine kathleen keith kelly kenneth kevin kim kurt laura \
            lauren lawrence linda lisa lucy luke margaret maria mark martin mary matt matthew max megan melissa \
            michael michelle mike nancy natalie nathan neil nicholas nick nicole oliver olivia pamela patricia \
            patrick paul peter philip rachel ralph raymond rebecca richard robert roger ronald rose ruth ryan \
            sam samuel sandra sarah scott sean sharon simon stephanie stephen steve steven susan thomas tim \
            timothy todd tom tony victor victoria walter william sergei sergey vladimir dmitry dmitri alexei \
            andrei ivan mikhail nikolai olga tatiana yuri igor oleg pavel anton boris elena natalia irina \
            mohammed muhammad ahmed ali hassan hossein mohammad reza hamid javad abbas mahmoud jamal omar \
            yusuf ibrahim fatima leila sydney joel seth derek eli evans markus hans klaus jens lars pierre \
            jacques francois marie sophie luis carlos jose juan miguel pedro antonio marco giuseppe ana
            """
        return Set(names.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// Korean and Chinese family names, which come first in names written the East Asian way.
    static let eastAsianFamilyNames: Set<String> = {
        let names = """
            kim lee park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo shin \
            sin kwon hwang ahn an song ryu yoo hong jeon chun ko moon yang son bae baek paik heo nam noh roh ri \
            rhee yi ha kwak sung cha joo woo ku min jin ji wang li zhang liu chen huang zhao wu zhou xu sun ma \
            zhu hu guo he lin gao luo zheng liang xie tang feng dong xiao cao deng xi wen jiang yu fu shen peng \
            lu su pan du dai fan fang tian ren yuan qin wei mao hou lai tsai chiang ho ng wong tan teo yeo koh \
            goh ong tong
            """
        return Set(names.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    /// The family name of a full name: the first token of an East Asian name ("Kim Jong Un",
    /// "Cho Tae-yul", "Xi Jinping", "Shin Wonsik"), otherwise the last ("Tong Zhao", "Mark Rutte").
    static func familyName(of tokens: [String]) -> String? {
        guard tokens.count >= 2, let first = tokens.first, let last = tokens.last else { return nil }
        let firstIsFamily = self.eastAsianFamilyNames.contains(first.lowercased())
        let lastIsFamily = self.eastAsianFamilyNames.contains(last.lowercased())
        if firstIsFamily {
            // "Cho Tae-yul", "Kim Jong Un": a hyphenated given name or three syllables.
            if tokens.count >= 3 || tokens[1].contains("-") { return first }
            // "Xi Jinping", "Shin Wonsik"; but "Tong Zhao", "Yun Sun" are given-name first.
            if !lastIsFamily { return first }
        }
        return last
    }
}
