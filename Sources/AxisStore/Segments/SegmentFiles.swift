/// Where segment and index files live and what they are called:
/// `<data>/segments/00000000000000000001.axseg` and `.axidx`, numbered from 1.
struct SegmentFiles: Sendable {
    let directory: String

    init(dataDirectory: String) {
        self.directory = dataDirectory + "/segments"
    }

    func segmentPath(_ segment: UInt64) -> String {
        self.directory + "/" + Self.name(segment) + ".axseg"
    }

    func indexPath(_ segment: UInt64) -> String {
        self.directory + "/" + Self.name(segment) + ".axidx"
    }

    /// The segment numbers present, ascending.
    func segments() throws(StoreError) -> [UInt64] {
        try Directory.entries(self.directory)
            .compactMap { name -> UInt64? in
                guard name.hasSuffix(".axseg") else { return nil }
                return UInt64(name.dropLast(6))
            }
            .sorted()
    }

    private static func name(_ segment: UInt64) -> String {
        let digits = String(segment)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
}
