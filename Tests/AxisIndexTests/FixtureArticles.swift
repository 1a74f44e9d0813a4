/// Short articles written for these tests (invented events, in the style of the domain), with
/// what the extractor must find in them.
enum FixtureArticles {
    static let belarus = """
        Minsk to get Su-35 fighters from Moscow, Belarusian officials say
        By Daria Novak
        Belarus is expected to receive up to 12 Su-35 jets from Russia next year, according to Pavel Gromov, \
        a senior analyst at Chatham House. Gromov said the aircraft would be based near the Polish border.
        President Alexander Lukashenko has also asked the Kremlin for S-400 air defense systems. In exchange, \
        Minsk has shipped more than 20,000 tons of fertilizer and thousands of artillery shells to Russia.
        Lukashenko denied that Belarusian troops had been deployed to Ukraine.
        """

    static let iranYemen = """
        Iran has supplied the Houthis in Yemen with anti-ship missiles and drones for years, the U.N. panel \
        of experts concluded in a report seen by Reuters.
        The think tank RAND estimated that about 300 Iranian drones reached Hodeidah between 2021 and 2023. \
        Tehran has denied arming the group.
        Iranian Foreign Minister Abbas Araghchi said on Monday that his country "has not sent a single missile" to Yemen.
        """

    static let venezuela = """
        Venezuela buys Russian helicopters as Maduro courts Moscow
        Russia delivered six attack helicopters to Venezuela last month, the Venezuelan defense ministry said in a \
        statement. Venezuela also bought 5,000 to 7,000 rifles from Rosoboronexport, according to Elena Vasquez, \
        a researcher at the IISS.
        "These deliveries are symbolic," Vasquez said. Analysts noted that Caracas may also seek military \
        technology from China.
        """

    static let syria = """
        Moscow withdraws S-400 batteries from Syria
        Russia has moved S-400 systems from Tartus back to Russia, satellite images suggest. The withdrawal follows \
        reports that Russian military advisers left Syria in December.
        Syria’s army had relied on Russia for military aid since the Syrian civil war began. Hezbollah fighters \
        also received weapons from Iran through Syrian territory, according to Israeli intelligence.
        """

    static let korea = """
        North Korea sent about 100 MANPADS and KN-23 missiles to Russia in the autumn, South Korea's defense \
        ministry said on Thursday.
        Pyongyang also dispatched 3,000 more soldiers to the Kursk region, where they joined units that arrived last \
        year. In return, North Korea is believed to be receiving oil and air defense systems from Moscow.
        Defense Minister Kim Yong-hyun told lawmakers that the North could request satellite technology next. \
        Kim said Seoul would not supply lethal weapons to Ukraine for now.
        """

    static let china = """
        Beijing’s quiet lifeline to Moscow
        China has not provided weapons to Russia, but Chinese firms have exported machine tools, microelectronics \
        and drone engines worth billions of dollars, said Marcus Hale, director of the Institute for Strategic Trade.
        Hale said at least 120 companies were involved. A spokesperson for China’s foreign ministry rejected the \
        claims, saying Beijing "never supplies lethal aid to any party of the conflict."
        """
}
